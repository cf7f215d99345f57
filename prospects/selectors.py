"""Reads on prospects: the list, one record with its history, conversion suggestions."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from prospects.models import Prospect, ProspectStatusChange


def prospect_list() -> QuerySet:
    """Prospects with what a list row shows, newest first (filters are applied by the list)."""
    return Prospect.objects.select_related("owner").prefetch_related("labels")


def prospect_detail(*, pk) -> Prospect:
    """One prospect of the current workspace with what its page shows (DoesNotExist otherwise)."""
    return Prospect.objects.select_related(
        "owner", "converted_organisation", "converted_contact", "converted_opportunity"
    ).get(pk=pk)


def prospect_history(*, prospect: Prospect) -> QuerySet:
    """The prospect's status changes, latest first, with who made them."""
    return ProspectStatusChange.objects.filter(prospect=prospect).select_related("changed_by")


@dataclass
class ConversionSuggestions:
    """Records that are probably the prospect already: offered for linking instead of creating."""

    organisations: list = field(default_factory=list)
    contacts: list = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.organisations or self.contacts)


SUGGESTION_LIMIT = 5


def conversion_suggestions(
    *, prospect: Prospect, organisations: bool = True, contacts: bool = True
) -> ConversionSuggestions:
    """Likely duplicates of the prospect, by indexed lookups only.

    Contacts: same email (case-insensitive). Organisations: same normalised name (case, accents
    and legal forms ignored), same SIREN, or same email domain (public mail providers ignored).
    Pass organisations=False / contacts=False when that object is disabled.
    """
    from contacts.selectors import contact_duplicates
    from organisations.normalise import email_domain
    from organisations.selectors import organisation_duplicates

    suggestions = ConversionSuggestions()
    if organisations:
        suggestions.organisations = list(
            organisation_duplicates(
                name=prospect.company_name,
                siren=prospect.siren,
                email_domain=email_domain(prospect.email),
            )[:SUGGESTION_LIMIT]
        )
    if contacts:
        suggestions.contacts = list(contact_duplicates(email=prospect.email)[:SUGGESTION_LIMIT])
    return suggestions


def prospect_search(*, term: str, limit: int = 20) -> QuerySet:
    """Prospects whose names, company or email contain `term` (accent- and case-blind)."""
    from records.search import search_filter

    if not term.strip():
        return Prospect.objects.none()
    return Prospect.objects.filter(search_filter(Prospect.search_fields, term)).order_by(
        "-created", "-id"
    )[:limit]


def prospect_figures(*, since) -> dict:
    """Counts by status, and conversions since `since` (one query)."""
    from django.db.models import Count, Q

    from prospects.models import Status

    aggregates = {value: Count("pk", filter=Q(status=value)) for value in Status.values}
    aggregates["converted_since"] = Count(
        "pk", filter=Q(status=Status.CONVERTED, converted_at__gte=since)
    )
    aggregates["total"] = Count("pk")
    return Prospect.objects.aggregate(**aggregates)
