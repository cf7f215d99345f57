"""Prospect statistics (`/prospects/statistics/`, see records.statistics).

The funnel follows the prospects created in the period (a cohort): how many reached
contacted, qualified, converted, by their status today or their status history (a prospect
disqualified after being contacted still counts as contacted). Conversion by source and by
month follows the same cohort; disqualification reasons follow the status changes made in the
period, the median time to qualify the prospects first qualified in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.db.models import Count, DateTimeField, F, Func, IntegerField, Q, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from prospects.models import FUNNEL_STEPS, Prospect, ProspectStatusChange, Source, Status
from prospects.statuses import status_labels
from records.charts import Chart, Series, plain_number
from records.statistics import (
    Figure,
    MedianDays,
    Period,
    Statistics,
    StatisticsQuery,
    month_axis_label,
    month_end,
    month_label,
    percent,
    share,
)
from workspaces.object_settings import object_settings_for

MAX_REASONS = 8


def _created_label() -> str:
    return pgettext("how many, in a chart", "Created")


def _converted_label() -> str:
    return pgettext("how many, in a chart", "Converted")


# The steps of the funnel after "new", with the statuses a prospect at that step may have now.
REACHED = {
    Status.CONTACTED: [Status.CONTACTED, Status.QUALIFIED, Status.CONVERTED],
    Status.QUALIFIED: [Status.QUALIFIED, Status.CONVERTED],
    Status.CONVERTED: [Status.CONVERTED],
}


def days(value) -> str:
    if value is None:
        return "–"
    return _("%(days)s d") % {"days": plain_number(value)}


@dataclass(frozen=True)
class CohortGroup:
    """Prospects created in one month of one period, from one source, at one furthest step."""

    month: date
    current: bool  # in the page's period (else in the previous one)
    source: str
    step: int
    count: int
    converted: int


def _cohort(query: StatisticsQuery, prospects) -> list[CohortGroup]:
    """The prospects created in both periods grouped by month (of the current time zone),
    period, source and furthest step, in one pass over the cohort's index: the funnel, the
    conversion by source and by month are sums of these few groups."""
    period, previous = query.period, query.previous
    days = {previous.start, period.start, period.end + timedelta(days=1)}
    days |= {m for m in Period(previous.start, period.end).months() if m > previous.start}
    days = sorted(days)
    bounds = [timezone.make_aware(datetime.combine(day, time.min)) for day in days]
    rows = (
        prospects.filter(created__gte=bounds[0], created__lt=bounds[-1])
        .annotate(
            bucket=Func(
                F("created"),
                Value(bounds, output_field=ArrayField(DateTimeField())),
                function="width_bucket",
                output_field=IntegerField(),
            )
        )
        .values("bucket", "source", "furthest_step")
        .annotate(count=Count("*"), converted=Count("source", filter=Q(status=Status.CONVERTED)))
        .order_by()
    )
    return [
        CohortGroup(
            month=days[row["bucket"] - 1].replace(day=1),
            current=days[row["bucket"] - 1] >= period.start,
            source=row["source"],
            step=row["furthest_step"],
            count=row["count"],
            converted=row["converted"],
        )
        for row in rows
    ]


def _funnel(cohort: list[CohortGroup]) -> dict:
    """The funnel of both periods' cohorts.

    A prospect reached a step if its status is that step or a later one, or its history
    shows it went there (one disqualified after being contacted counts as contacted): the
    database keeps that furthest step on the prospect (Prospect.furthest_step), so the
    history is not read here.
    """
    funnel = {}
    for name, current in (("now", True), ("before", False)):
        groups = [group for group in cohort if group.current is current]
        funnel[f"{name}_created"] = sum(group.count for group in groups)
        for status, step in FUNNEL_STEPS.items():
            funnel[f"{name}_{status}"] = sum(g.count for g in groups if g.step >= step)
    return funnel


def compute(request, query: StatisticsQuery) -> Statistics:
    crm = object_settings_for(request)["prospect"]
    list_url = reverse("prospects:list")
    period, previous = query.period, query.previous
    created_params = {
        "created_after": period.start.isoformat(),
        "created_before": period.end.isoformat(),
    }
    prospects = query.filter(Prospect.objects.all()).order_by()

    cohort = _cohort(query, prospects)
    funnel = _funnel(cohort)

    # Median days from creation to qualification, of the prospects first qualified in either
    # period (Prospect.first_qualified_at: each prospect once, on the index of that date).
    to_qualify = F("first_qualified_at") - F("created")
    medians = prospects.filter(
        first_qualified_at__gte=previous.start_at, first_qualified_at__lt=period.end_at
    ).aggregate(
        now=MedianDays(to_qualify, filter=Q(first_qualified_at__gte=period.start_at)),
        before=MedianDays(to_qualify, filter=Q(first_qualified_at__lt=period.start_at)),
    )

    def rounded(value):
        return None if value is None else round(Decimal(value), 1)

    figures = [
        Figure(
            capfirst(crm.phrase("created")),
            funnel["now_created"],
            funnel["before_created"],
            url=query.list_url(list_url, **created_params),
        ),
        Figure(
            capfirst(crm.phrase("converted")),
            funnel[f"now_{Status.CONVERTED}"],
            funnel[f"before_{Status.CONVERTED}"],
            url=query.list_url(list_url, status=Status.CONVERTED, **created_params),
        ),
        Figure(
            _("Conversion rate"),
            share(funnel[f"now_{Status.CONVERTED}"], funnel["now_created"]),
            share(funnel[f"before_{Status.CONVERTED}"], funnel["before_created"]),
            format=percent,
        ),
        Figure(
            _("Median days to qualify"),
            rounded(medians["now"]),
            rounded(medians["before"]),
            format=days,
            better="down",
        ),
    ]

    steps = [Status.NEW, *REACHED]
    counts = [funnel["now_created"]] + [funnel[f"now_{status}"] for status in REACHED]
    funnel_chart = Chart(
        id="funnel",
        kind="funnel",
        title=_("Qualification funnel"),
        description=_(
            "Of the %(created)s in the period, how many reached each step: contacted, "
            "qualified, converted."
        )
        % {"created": crm.phrase("created")},
        category_header=_("Step"),
        categories=[status_labels(crm)[step] for step in steps],
        series=[Series(_("Number"), counts)],
        links=[query.list_url(list_url, **created_params)]
        + [query.list_url(list_url, status=REACHED[s], **created_params) for s in REACHED],
        extra_columns=[
            (_("Share"), [percent(share(c, counts[0])) for c in counts]),
        ],
        empty_text=_none_created(crm),
    )
    charts = [
        funnel_chart,
        _by_source_chart(query, cohort, list_url, created_params, crm),
        _by_month_chart(query, cohort, list_url, crm),
        _reasons_chart(query, prospects, list_url),
    ]
    return Statistics(figures=figures, charts=charts)


def _conversion_columns(rows) -> list[tuple[str, list[str]]]:
    return [(_("Conversion rate"), [percent(share(r["converted"], r["created"])) for r in rows])]


def _none_created(crm) -> str:
    return _("%(none)s in this period: add or import some.") % {"none": crm.none_label}


def _sums(groups, key) -> dict:
    """{key(group): {"created": n, "converted": n}} over `groups`."""
    sums = {}
    for group in groups:
        row = sums.setdefault(key(group), {"created": 0, "converted": 0})
        row["created"] += group.count
        row["converted"] += group.converted
    return sums


def _by_source_chart(query, cohort, list_url, created_params, crm) -> Chart:
    """Created and converted by source, for the period's cohort."""
    names = dict(Source.choices)
    by_source = _sums([g for g in cohort if g.current], lambda group: group.source)
    rows = sorted(
        ({"source": source, **sums} for source, sums in by_source.items()),
        key=lambda row: (-row["created"], row["source"]),
    )
    return Chart(
        id="by-source",
        kind="bar",
        title=_("Conversion by source"),
        description=_("Created and converted in the period, by where they came from."),
        category_header=_("Source"),
        categories=[str(names.get(row["source"], row["source"])) for row in rows],
        series=[
            Series(pgettext("how many, in a chart", "Created"), [row["created"] for row in rows]),
            Series(
                pgettext("how many, in a chart", "Converted"), [row["converted"] for row in rows]
            ),
        ],
        links=[query.list_url(list_url, source=row["source"], **created_params) for row in rows],
        extra_columns=_conversion_columns(rows),
        empty_text=_none_created(crm),
    )


def _by_month_chart(query, cohort, list_url, crm) -> Chart:
    """Created and converted per month of creation, for the period's cohort."""
    months = query.period.months()
    data = _sums([g for g in cohort if g.current], lambda group: group.month)
    filled = [data.get(m) or {"created": 0, "converted": 0} for m in months]
    return Chart(
        id="by-month",
        kind="column",
        title=_("Conversion by month"),
        description=_("%(objects)s each month of the period, and how many of them were converted.")
        % {"objects": capfirst(crm.phrase("created"))},
        category_header=_("Month"),
        categories=[month_label(m) for m in months],
        axis_labels=[month_axis_label(m) for m in months],
        series=[
            Series(pgettext("how many, in a chart", "Created"), [row["created"] for row in filled]),
            Series(
                pgettext("how many, in a chart", "Converted"), [row["converted"] for row in filled]
            ),
        ],
        links=[
            query.list_url(
                list_url,
                created_after=max(m, query.period.start).isoformat(),
                created_before=min(month_end(m), query.period.end).isoformat(),
            )
            for m in months
        ],
        extra_columns=_conversion_columns(filled),
        empty_text=_none_created(crm),
    )


def _reasons_chart(query, prospects, list_url) -> Chart:
    """Reasons given when disqualifying during the period: one query."""
    changes = ProspectStatusChange.objects.filter(
        to_status=Status.DISQUALIFIED,
        changed_at__gte=query.period.start_at,
        changed_at__lt=query.period.end_at,
    )
    if query.owner is not None or query.label is not None:
        changes = changes.filter(prospect__in=prospects.values("pk"))
    rows = list(
        changes.values("reason")
        .annotate(count=Count("*"))
        .order_by("-count", "reason")[:MAX_REASONS]
    )
    return Chart(
        id="disqualification-reasons",
        kind="bar",
        title=_("Disqualification reasons"),
        description=_("The most frequent reasons given when disqualifying in this period."),
        category_header=_("Reason"),
        categories=[row["reason"] or _("(no reason given)") for row in rows],
        series=[Series(_("Number"), [row["count"] for row in rows])],
        links=[query.list_url(list_url, status=Status.DISQUALIFIED) for _row in rows],
        empty_text=_("No disqualification in this period."),
    )
