"""Reads of contacts."""

from __future__ import annotations

from django.db.models import QuerySet

from contacts.models import Contact
from records.search import search_filter


def contact_list() -> QuerySet[Contact]:
    """Contacts with what a list page shows: a constant number of queries per page."""
    return Contact.objects.select_related("organisation", "owner").prefetch_related("labels")


def contact_search(*, term: str, limit: int = 20) -> QuerySet[Contact]:
    """Contacts whose names, email, phones or city contain every word of `term` (accent-blind)."""
    if not term.strip():
        return Contact.objects.none()
    return (
        Contact.objects.filter(search_filter(Contact.search_fields, term))
        .select_related("organisation")
        .order_by("last_name", "first_name", "pk")[:limit]
    )
