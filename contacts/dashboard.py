"""Contacts on the dashboard: how many the workspace has (see workspaces.dashboard)."""

from django.urls import reverse

from contacts.models import Contact
from workspaces.object_settings import object_settings_for


def figures(request) -> list[dict]:
    crm_object = object_settings_for(request)["contact"]
    return [
        {
            "label": crm_object.phrase("all"),
            "value": Contact.objects.count(),
            "url": reverse("contacts:list"),
        }
    ]
