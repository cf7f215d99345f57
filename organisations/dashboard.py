"""Organisations on the dashboard: how many the workspace has (see workspaces.dashboard), exact
up to 10,000 and estimated beyond, as the organisation list counts them (records.counts)."""

from django.urls import reverse

from organisations.models import Organisation
from records.counts import RecordCount
from workspaces.object_settings import object_settings_for


def figures(request) -> list[dict]:
    crm_object = object_settings_for(request)["organisation"]
    return [
        {
            "label": crm_object.phrase("all"),
            "value": RecordCount.of(Organisation.objects.all()).shown,
            "url": reverse("organisations:list"),
        }
    ]
