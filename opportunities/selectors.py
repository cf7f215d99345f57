"""Reads of workflows, stages and opportunities: the board, the list, the linked records."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import (
    Case,
    Count,
    Prefetch,
    QuerySet,
    Sum,
    Value,
    When,
    prefetch_related_objects,
)

from opportunities.models import Opportunity, Stage, StageKind, Workflow
from records.paging import first_matches
from records.search import search_filter
from records.selectors import labels_prefetch, with_names

BOARD_CARDS_PER_COLUMN = 25
# What a card shows (opportunities.cards): reading no more (not the custom values' JSON, not
# the organisation's address) makes 125 cards cheaper to load.
CARD_FIELDS = [
    "title", "stage", "position", "amount", "expected_close_date", "lost_reason", "updated",
    "organisation", "organisation__name",
]  # fmt: skip


def workflow_list() -> QuerySet[Workflow]:
    """Workflows in their order, each with its stages prefetched."""
    return Workflow.objects.order_by("position", "pk").prefetch_related("stages")


def board_stages(workflow: Workflow) -> QuerySet[Stage]:
    """The stages of a board: open ones in their order, then won and lost ones."""
    closed_last = Case(When(kind=StageKind.OPEN, then=Value(0)), default=Value(1))
    return (
        Stage.objects.filter(workflow=workflow)
        .annotate(closed_last=closed_last)
        .order_by("closed_last", "position", "pk")
    )


def opportunity_list() -> QuerySet[Opportunity]:
    """Opportunities with what a list row or a card shows: a constant number of queries."""
    opportunities = Opportunity.objects.select_related("stage", "workflow")
    return with_names(opportunities, "organisation", "contact", "owner").prefetch_related(
        labels_prefetch()
    )


def opportunity_detail() -> QuerySet[Opportunity]:
    return opportunity_list()


@dataclass
class BoardColumn:
    stage: Stage
    cards: list[Opportunity]
    count: int
    total: Decimal
    limit: int

    @property
    def weighted(self) -> Decimal:
        return self.total * self.stage.probability / 100

    @property
    def has_more(self) -> bool:
        return self.count > len(self.cards)

    @property
    def closed(self) -> bool:
        return self.stage.is_closed


def board_column_stats(
    *, queryset: QuerySet[Opportunity], stage_ids
) -> dict[int, tuple[int, Decimal]]:
    """(count, total amount) of each stage, over `queryset` (the board's filters): one query."""
    rows = (
        queryset.filter(stage_id__in=list(stage_ids))
        .order_by()
        .values("stage_id")
        .annotate(count=Count("pk"), total=Sum("amount"))
    )
    return {row["stage_id"]: (row["count"], row["total"] or Decimal(0)) for row in rows}


def board_columns(
    *,
    stages: list[Stage],
    queryset: QuerySet[Opportunity],
    limit: int = BOARD_CARDS_PER_COLUMN,
    with_cards: bool = True,
    filtered: bool = False,
) -> list[BoardColumn]:
    """The columns of a board: totals, and the first `limit` cards of each stage.

    A constant number of queries whatever the number of stages or cards: one for the totals,
    one for the cards, one for their labels. The cards are one `LIMIT` per column on the
    column's index (`opp_board_column`), joined by UNION ALL: the first cards of a column are
    read, not every card of the board (a window function numbering all of them read 20,000
    opportunities and their organisations to keep 125). A `filtered` board (search, owner,
    label) reads its matches once instead, with the totals, keeping each column's first ids:
    a search's ids come from a subquery that each column's LIMIT would run again.
    """
    stage_ids = [stage.pk for stage in stages]
    cards: dict[int, list[Opportunity]] = {pk: [] for pk in stage_ids}
    firsts: list[Opportunity] = []
    if filtered and with_cards and stage_ids:
        rows = (
            queryset.filter(stage_id__in=stage_ids)
            .order_by()
            .values("stage_id")
            .annotate(
                count=Count("pk"),
                total=Sum("amount"),
                ids=ArrayAgg("pk", order_by=("position", "id")),
            )
        )
        stats, first_ids = {}, []
        for row in rows:
            stats[row["stage_id"]] = (row["count"], row["total"] or Decimal(0))
            first_ids += row["ids"][:limit]
        firsts = list(
            Opportunity.objects.filter(pk__in=first_ids)
            .select_related("organisation")
            .only(*CARD_FIELDS)
        )
    else:
        stats = board_column_stats(queryset=queryset, stage_ids=stage_ids)
        if with_cards and stage_ids:
            first, *others = [
                queryset.filter(stage_id=pk)
                .select_related("organisation")
                .only(*CARD_FIELDS)
                .order_by("position", "id")[:limit]
                for pk in stage_ids
            ]
            # Not ordered in SQL: union() of querysets some of which are empty (none()) is
            # the sliced queryset left, which cannot be reordered; 125 cards sort here.
            firsts = list(first.union(*others, all=True) if others else first)
    firsts.sort(key=lambda card: (card.position, card.pk))
    prefetch_related_objects(firsts, Prefetch("labels", to_attr="label_list"))
    for card in firsts:
        cards[card.stage_id].append(card)
    return [
        BoardColumn(
            stage=stage,
            cards=cards[stage.pk],
            count=stats.get(stage.pk, (0, Decimal(0)))[0],
            total=stats.get(stage.pk, (0, Decimal(0)))[1],
            limit=limit,
        )
        for stage in stages
    ]


def column_cards(
    *, stage: Stage, queryset: QuerySet[Opportunity], offset: int, limit: int
) -> list[Opportunity]:
    """The next cards of one column ("show more")."""
    return list(
        queryset.filter(stage=stage)
        .select_related("organisation")
        .only(*CARD_FIELDS)
        .prefetch_related(Prefetch("labels", to_attr="label_list"))
        .order_by("position", "id")[offset : offset + limit]
    )


def opportunities_of(*, organisation=None, contact=None, limit: int = 50) -> QuerySet:
    """The opportunities linked to an organisation or a contact, newest first."""
    queryset = Opportunity.objects.select_related("stage")
    if organisation is not None:
        queryset = queryset.filter(organisation=organisation)
    if contact is not None:
        queryset = queryset.filter(contact=contact)
    return queryset.order_by("-created", "-id")[:limit]


def opportunity_counts_by_stage(*, workflow: Workflow | None = None) -> dict[int, int]:
    """How many opportunities each stage holds (of `workflow`, or all): one query."""
    opportunities = Opportunity.objects.all() if workflow is None else workflow.opportunities
    rows = opportunities.order_by().values("stage_id").annotate(count=Count("pk"))
    return {row["stage_id"]: row["count"] for row in rows}


def won_since(since) -> dict:
    """Opportunities won since a date: how many, for how much (one query)."""
    row = Opportunity.objects.filter(stage__kind=StageKind.WON, closed_on__gte=since).aggregate(
        count=Count("pk"), total=Sum("amount")
    )
    return {"count": row["count"], "total": row["total"] or Decimal(0)}


def opportunity_search(
    *, term: str, limit: int = 20, custom_values: bool = False
) -> list[Opportunity]:
    """Opportunities whose title (or custom values, if asked) contains `term` (accent- and
    case-blind, trigram index), latest changed first."""
    if not term.strip():
        return []
    condition = search_filter(Opportunity.search_fields, term, custom_values=custom_values)
    matching = Opportunity.objects.filter(condition).order_by("-updated", "-id")
    return first_matches(matching, Opportunity.objects.select_related("stage"), limit=limit)
