"""Reads of contacts: the list, search, likely duplicates."""

from __future__ import annotations

from django.db.models import QuerySet, Value
from django.db.models.functions import Lower
from django.db.models.lookups import Exact

from contacts.models import Contact
from records.paging import first_matches
from records.search import search_filter
from records.selectors import labels_prefetch, with_names
from records.validation import clean_text


def contact_list() -> QuerySet[Contact]:
    """Contacts with what a list page shows: a constant number of queries per page."""
    return with_names(Contact.objects.all(), "organisation", "owner").prefetch_related(
        labels_prefetch()
    )


def contact_search(*, term: str, limit: int = 20, custom_values: bool = False) -> list[Contact]:
    """Contacts whose names, email, phones or city (and custom values, if asked) contain every
    word of `term` (accent-blind), by name."""
    if not term.strip():
        return []
    condition = search_filter(Contact.search_fields, term, custom_values=custom_values)
    matching = Contact.objects.filter(condition).order_by("last_name", "first_name", "pk")
    return first_matches(matching, Contact.objects.select_related("organisation"), limit=limit)


def contact_search_within(
    *, term: str, organisation_id: int | None, limit: int = 20
) -> list[Contact]:
    """Like contact_search, the contacts of `organisation_id` first (two bounded queries)."""
    if organisation_id is None:
        return contact_search(term=term, limit=limit)
    if not term.strip():
        return []
    matching = Contact.objects.filter(search_filter(Contact.search_fields, term)).order_by(
        "last_name", "first_name", "pk"
    )
    rows = Contact.objects.select_related("organisation")
    inside = first_matches(matching.filter(organisation_id=organisation_id), rows, limit=limit)
    if len(inside) >= limit:
        return inside
    others = matching.exclude(organisation_id=organisation_id)
    return inside + first_matches(others, rows, limit=limit - len(inside))


def contact_duplicates(*, email: str, exclude_pk=None) -> QuerySet[Contact]:
    """Contacts with the same email, ignoring case (uses the unique index on lower(email))."""
    email = clean_text(email).strip()
    if not email:
        return Contact.objects.none()
    # `email <> ''` lets PostgreSQL use the partial unique index on lower(email).
    queryset = Contact.objects.exclude(email="").filter(Exact(Lower("email"), Value(email.lower())))
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset.select_related("organisation").order_by("pk")
