"""Writes on contacts."""

from __future__ import annotations

from django.db import transaction

from contacts.fields import CONTACT_FIELDS
from contacts.models import Contact

FIELDS = CONTACT_FIELDS.writable_names


@transaction.atomic
def contact_create(*, data: dict, labels=None) -> Contact:
    """Create a contact from cleaned data (fields absent from `data` keep their defaults)."""
    contact = Contact(**{k: v for k, v in data.items() if k in FIELDS})
    contact.full_clean()
    contact.save()
    if labels:
        contact.labels.set(labels)
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, data: dict, labels=None) -> Contact:
    """Change the given fields only: a field the workspace hides (or a link to a disabled
    object) is absent from `data` and keeps its value."""
    for name, value in data.items():
        if name in FIELDS:
            setattr(contact, name, value)
    contact.full_clean()
    contact.save()
    if labels is not None:
        contact.labels.set(labels)
    return contact


@transaction.atomic
def contact_delete(*, contact: Contact) -> None:
    contact.delete()


@transaction.atomic
def contacts_delete(*, contacts) -> int:
    """Delete several contacts at once. Returns how many."""
    ids = list(contacts.values_list("pk", flat=True))
    _total, details = Contact.objects.filter(pk__in=ids).delete()
    return details.get(Contact._meta.label, 0)
