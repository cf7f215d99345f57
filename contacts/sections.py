"""What contacts add to other objects' record pages: an organisation's contacts."""

from __future__ import annotations

LINKED_CONTACTS = 50


def organisation_contacts(request, organisation, object_settings) -> dict:
    """The first contacts of an organisation (its page's selector annotates `contacts_count`)."""
    membership = getattr(request, "membership", None)
    return {
        "contacts": list(
            organisation.contacts.order_by("last_name", "first_name", "pk")[:LINKED_CONTACTS]
        ),
        "contact_crm": object_settings["contact"],
        "can_write": bool(membership and membership.can_write),
    }
