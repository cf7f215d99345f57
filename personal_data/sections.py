"""The personal-data entry on contact and prospect pages, for the workspace's admins."""

from __future__ import annotations

from django.urls import reverse

from workspaces.registry import RecordSection

# The objects whose records are people.
PERSON_OBJECTS = ("contact", "prospect")


def section_context(request, record, object_settings) -> dict | None:
    membership = getattr(request, "membership", None)
    if membership is None or not membership.is_admin:
        return None
    key = object_settings.for_model(type(record)).key
    args = [key, record.pk]
    return {
        "report_url": reverse("personal_data:report", args=args),
        "json_url": reverse("personal_data:export_json", args=args),
        "erase_url": reverse("personal_data:erase", args=args),
    }


def personal_data_section() -> RecordSection:
    return RecordSection(
        name="personal_data",
        objects=PERSON_OBJECTS,
        template="personal_data/section.html",
        context=section_context,
        order=950,  # after the activity
    )
