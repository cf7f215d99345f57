"""Writes on organisations."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import ngettext

from organisations.fields import ORGANISATION_FIELDS
from organisations.models import Organisation

FIELDS = ORGANISATION_FIELDS.writable_names


@transaction.atomic
def organisation_create(*, data: dict, labels=None) -> Organisation:
    """Create an organisation from cleaned data (fields absent from `data` keep defaults)."""
    organisation = Organisation(**{k: v for k, v in data.items() if k in FIELDS})
    organisation.full_clean()
    organisation.save()
    if labels:
        organisation.labels.set(labels)
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, data: dict, labels=None) -> Organisation:
    """Change the given fields only: a field the workspace hides keeps its value."""
    for name, value in data.items():
        if name in FIELDS:
            setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save()
    if labels is not None:
        organisation.labels.set(labels)
    return organisation


@transaction.atomic
def organisation_delete(*, organisation: Organisation) -> int:
    """Delete an organisation; its contacts are kept, without organisation. Returns their number."""
    kept = organisation.contacts.count()
    organisation.delete()
    return kept


def organisation_delete_message(*, deleted: str, kept: int, contacts_name: str) -> str:
    """`deleted` (« Entreprise « X » supprimée. », from the workspace's phrases), then what
    became of its contacts."""
    message = deleted
    if kept:
        message += " " + ngettext(
            "%(count)d linked record (%(objects)s) is kept, without link.",
            "%(count)d linked records (%(objects)s) are kept, without link.",
            kept,
        ) % {"count": kept, "objects": contacts_name}
    return message


@transaction.atomic
def organisations_delete(*, organisations) -> int:
    """Delete several organisations at once (their contacts are kept). Returns how many."""
    ids = list(organisations.values_list("pk", flat=True))
    _total, details = Organisation.objects.filter(pk__in=ids).delete()
    return details.get(Organisation._meta.label, 0)


def contacts_kept_warning(*, count: int, contacts_name: str) -> str:
    return ngettext(
        "%(count)d linked record (%(objects)s) will be kept, without link.",
        "%(count)d linked records (%(objects)s) will be kept, without link.",
        count,
    ) % {"count": count, "objects": contacts_name}
