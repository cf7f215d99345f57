"""Reads of organisations: the list, one record, search, likely duplicates."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.db.models.lookups import Exact

from organisations.models import Organisation
from organisations.normalise import (
    PUBLIC_EMAIL_DOMAINS,
    email_domain_expression,
    normalise_organisation_name,
)
from records.paging import first_matches
from records.search import search_filter
from records.selectors import labels_prefetch, with_names
from records.validation import clean_text


def organisation_list() -> QuerySet[Organisation]:
    """Organisations with what a list page shows (owner, labels): a constant number of queries."""
    return with_names(Organisation.objects.all(), "owner").prefetch_related(labels_prefetch())


def organisation_detail() -> QuerySet[Organisation]:
    """Organisations with their labels and the number of their contacts."""
    return (
        Organisation.objects.select_related("owner")
        .prefetch_related("labels")
        .annotate(contacts_count=Count("contacts", distinct=True))
    )


def organisation_search(
    *, term: str, limit: int = 20, custom_values: bool = False
) -> list[Organisation]:
    """Organisations whose name, email, phone or city (and custom values, if asked) contains
    `term` (accent-blind), by name."""
    if not term.strip():
        return []
    condition = search_filter(Organisation.search_fields, term, custom_values=custom_values)
    matching = Organisation.objects.filter(condition).order_by("name", "pk")
    return first_matches(matching, Organisation.objects.all(), limit=limit)


def organisation_duplicates(
    *, name: str = "", siren: str = "", email_domain: str = "", exclude_pk=None
) -> QuerySet[Organisation]:
    """Organisations that are probably the one described: same name key, SIREN or email domain.

    Each criterion is an indexed equality (`name_key`, the SIREN's unique index, the email
    domain expression's index); a public mail provider's domain is ignored.
    """
    name, siren, email_domain = (clean_text(v) for v in (name, siren, email_domain))
    condition = Q()
    key = normalise_organisation_name(name) if name else ""
    if key:
        condition |= Q(name_key=key)
    if siren:
        condition |= Q(siren=siren.strip())
    domain = (email_domain or "").strip().lower().lstrip("@")
    if domain and domain not in PUBLIC_EMAIL_DOMAINS:
        condition |= Q(Exact(email_domain_expression("email"), domain))
    if not condition:
        return Organisation.objects.none()
    queryset = Organisation.objects.filter(condition)
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset.order_by("name", "pk")
