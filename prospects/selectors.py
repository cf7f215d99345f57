"""Reads on prospects: the list, one record with its history, what the conversion offers."""

from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass, field

from django.db.models import QuerySet

from contacts.models import Contact
from contacts.selectors import contact_duplicates, contact_search_within
from opportunities.models import Stage, Workflow
from opportunities.selectors import workflow_list
from organisations.models import Organisation
from organisations.normalise import email_domain
from organisations.selectors import organisation_duplicates, organisation_search
from prospects.models import Prospect, ProspectStatusChange, Status
from records.counts import RecordCount, counts_of
from records.paging import first_matches
from records.search import search_filter
from records.selectors import labels_prefetch, with_names


def prospect_list() -> QuerySet:
    """Prospects with what a list row shows, newest first (filters are applied by the list)."""
    return with_names(Prospect.objects.all(), "owner").prefetch_related(labels_prefetch())


def prospect_detail() -> QuerySet[Prospect]:
    """Prospects with what their page shows: owner, labels, what they were converted into."""
    return prospect_list().select_related(
        "converted_organisation", "converted_contact", "converted_opportunity"
    )


def prospect_history(*, prospect: Prospect) -> QuerySet:
    """The prospect's status changes, latest first, with who made them."""
    return ProspectStatusChange.objects.filter(prospect=prospect).select_related("changed_by")


@dataclass
class ConversionSuggestions:
    """Records that are probably the prospect already: offered for linking instead of creating."""

    organisations: list[Organisation] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)

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


SEARCH_LIMIT = 10


@dataclass
class ConversionOptions:
    """What the conversion page offers besides creating: records to link, workflows, stages."""

    suggestions: ConversionSuggestions
    # Found by the page's searches, suggestions left out (they are listed already).
    organisations_found: list[Organisation]
    contacts_found: list[Contact]
    workflows: list[Workflow]
    # The chosen workflow (else the default one) and its stages; the chosen stage if it is one
    # of them, else the first open one.
    workflow: Workflow | None
    stages: list[Stage]
    stage: Stage | None


def conversion_options(
    *,
    prospect: Prospect,
    steps: Container[str],
    search: Mapping[str, str] | None = None,
    workflow_id=None,
    stage_id=None,
    organisation_id: int | None = None,
) -> ConversionOptions:
    """Everything the conversion page lists, for the steps of the enabled objects.

    search: {"organisation": term, "contact": term}, what the user searched for to link;
    the contacts of `organisation_id` (the organisation chosen to link) are found first.
    """
    search = search or {}
    suggestions = conversion_suggestions(
        prospect=prospect,
        organisations="organisation" in steps,
        contacts="contact" in steps,
    )
    organisation_q = search.get("organisation", "") if "organisation" in steps else ""
    contact_q = search.get("contact", "") if "contact" in steps else ""
    organisations_found = [
        organisation
        for organisation in organisation_search(term=organisation_q or "", limit=SEARCH_LIMIT)
        if organisation not in suggestions.organisations
    ]
    contacts_found = [
        contact
        for contact in contact_search_within(
            term=contact_q or "",
            organisation_id=organisation_id if "organisation" in steps else None,
            limit=SEARCH_LIMIT,
        )
        if contact not in suggestions.contacts
    ]
    workflows = list(workflow_list()) if "opportunity" in steps else []
    workflow = next((w for w in workflows if str(w.pk) == str(workflow_id)), None)
    if workflow is None and workflows:
        workflow = next((w for w in workflows if w.is_default), workflows[0])
    stages = list(workflow.stages.all()) if workflow else []
    stage = next((s for s in stages if str(s.pk) == str(stage_id)), None)
    if stage is None and stages:
        stage = next((s for s in stages if not s.is_closed), stages[0])
    return ConversionOptions(
        suggestions=suggestions,
        organisations_found=organisations_found,
        contacts_found=contacts_found,
        workflows=workflows,
        workflow=workflow,
        stages=stages,
        stage=stage,
    )


def prospect_search(*, term: str, limit: int = 20, custom_values: bool = False) -> list[Prospect]:
    """Prospects whose names, company or email (or custom values, if asked) contain `term`
    (accent- and case-blind), newest first."""
    if not term.strip():
        return []
    condition = search_filter(Prospect.search_fields, term, custom_values=custom_values)
    matching = Prospect.objects.filter(condition).order_by("-created", "-id")
    return first_matches(matching, Prospect.objects.all(), limit=limit)


def prospect_figures(*, since) -> dict[str, RecordCount]:
    """The dashboard's counts: new, contacted, converted since `since` (one query, each read
    from its index up to 10,000 rows; beyond, the planner's estimate, as the list says it)."""
    prospects = Prospect.objects.all()
    return counts_of(
        {
            Status.NEW: prospects.filter(status=Status.NEW),
            Status.CONTACTED: prospects.filter(status=Status.CONTACTED),
            "converted_since": prospects.filter(status=Status.CONVERTED, converted_at__gte=since),
        }
    )
