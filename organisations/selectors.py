"""Reads of organisations."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from organisations.models import Organisation
from records.search import search_filter


def organisation_list() -> QuerySet[Organisation]:
    """Organisations with what a list page shows (owner, labels): a constant number of queries."""
    return Organisation.objects.select_related("owner").prefetch_related("labels")


def organisation_detail() -> QuerySet[Organisation]:
    """Organisations with their labels and the number of their contacts."""
    return (
        Organisation.objects.select_related("owner")
        .prefetch_related("labels")
        .annotate(contacts_count=Count("contacts", distinct=True))
    )


def organisation_search(*, term: str, limit: int = 20) -> QuerySet[Organisation]:
    """Organisations whose name, email, phone or city contains `term` (accent-blind)."""
    if not term.strip():
        return Organisation.objects.none()
    return Organisation.objects.filter(search_filter(Organisation.search_fields, term)).order_by(
        "name", "pk"
    )[:limit]
