"""Organisations on the dashboard: how many the workspace has (see workspaces.dashboard)."""

from django.urls import reverse

from organisations.models import Organisation
from workspaces.object_settings import object_settings_for


def figures(request) -> list[dict]:
    crm_object = object_settings_for(request)["organisation"]
    return [
        {
            "label": crm_object.phrase("all"),
            "value": Organisation.objects.count(),
            "url": reverse("organisations:list"),
        }
    ]
