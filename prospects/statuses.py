"""A prospect's status in words that agree with the workspace's name for prospects: « Nouveau
prospect », « Contacté » but « Nouvelle piste », « Contactée » when prospects are « Pistes »."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from prospects.models import Status
from workspaces.models import Gender

STATUS_LABELS = {
    Status.NEW: (pgettext_lazy("masculine", "New"), pgettext_lazy("feminine", "New")),
    Status.CONTACTED: (
        pgettext_lazy("masculine", "Contacted"),
        pgettext_lazy("feminine", "Contacted"),
    ),
    Status.QUALIFIED: (
        pgettext_lazy("masculine", "Qualified"),
        pgettext_lazy("feminine", "Qualified"),
    ),
    Status.DISQUALIFIED: (
        pgettext_lazy("masculine", "Disqualified"),
        pgettext_lazy("feminine", "Disqualified"),
    ),
    Status.CONVERTED: (
        pgettext_lazy("masculine", "Converted"),
        pgettext_lazy("feminine", "Converted"),
    ),
}


def status_labels(crm_object) -> dict[str, str]:
    """Every status's label for the prospect object `crm_object` (CrmObject), in the current
    language: look it up once per response, not once per row."""
    feminine = crm_object.gender == Gender.FEMININE
    return {status: str(labels[1 if feminine else 0]) for status, labels in STATUS_LABELS.items()}


def status_choices(crm_object) -> list[tuple[str, str]]:
    labels = status_labels(crm_object)
    return [(status, labels[status]) for status in Status.values]
