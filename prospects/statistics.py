"""Prospect statistics (`/prospects/statistics/`, see records.statistics).

The funnel follows the prospects created in the period (a cohort): how many reached
contacted, qualified, converted, by their status today or their status history (a prospect
disqualified after being contacted still counts as contacted). Conversion by source and by
month follows the same cohort; disqualification reasons follow the status changes made in the
period, the median time to qualify the prospects first qualified in it.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from prospects.models import FUNNEL_STEPS, Prospect, ProspectStatusChange, Source, Status
from prospects.statuses import status_labels
from records.charts import Chart, Series, plain_number
from records.statistics import (
    Figure,
    MedianDays,
    Statistics,
    StatisticsQuery,
    month_axis_label,
    month_end,
    month_label,
    per_month,
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


def _created_in(period) -> Q:
    return Q(created__gte=period.start_at, created__lt=period.end_at)


def _funnel(query: StatisticsQuery, prospects) -> dict:
    """The funnel of both periods' cohorts, in one query.

    A prospect reached a step if its status is that step or a later one, or its history
    shows it went there (one disqualified after being contacted counts as contacted): the
    database keeps that furthest step on the prospect (Prospect.furthest_step), so the
    history is not read here.
    """
    period, previous = query.period, query.previous
    aggregates = {}
    for name, span in (("now", period), ("before", previous)):
        cohort = _created_in(span)
        aggregates[f"{name}_created"] = Count("source", filter=cohort)
        for status, step in FUNNEL_STEPS.items():
            aggregates[f"{name}_{status}"] = Count(
                "created", filter=cohort & Q(furthest_step__gte=step)
            )
    return prospects.filter(created__gte=previous.start_at, created__lt=period.end_at).aggregate(
        **aggregates
    )


def compute(request, query: StatisticsQuery) -> Statistics:
    crm = object_settings_for(request)["prospect"]
    list_url = reverse("prospects:list")
    period, previous = query.period, query.previous
    created_params = {
        "created_after": period.start.isoformat(),
        "created_before": period.end.isoformat(),
    }
    prospects = query.filter(Prospect.objects.all()).order_by()

    funnel = _funnel(query, prospects)

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
        _by_source_chart(query, prospects, list_url, created_params, crm),
        _by_month_chart(query, prospects, list_url, crm),
        _reasons_chart(query, prospects, list_url),
    ]
    return Statistics(figures=figures, charts=charts)


def _conversion_columns(rows) -> list[tuple[str, list[str]]]:
    return [(_("Conversion rate"), [percent(share(r["converted"], r["created"])) for r in rows])]


def _none_created(crm) -> str:
    return _("%(none)s in this period: add or import some.") % {"none": crm.none_label}


def _by_source_chart(query, prospects, list_url, created_params, crm) -> Chart:
    """Created and converted by source, for the period's cohort: one query."""
    names = dict(Source.choices)
    rows = list(
        prospects.filter(_created_in(query.period))
        .values("source")
        .annotate(created=Count("*"), converted=Count("source", filter=Q(status=Status.CONVERTED)))
        .order_by("-created", "source")
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


def _by_month_chart(query, prospects, list_url, crm) -> Chart:
    """Created and converted per month of creation: one query."""
    months = query.period.months()
    data = per_month(
        prospects,
        "created",
        query.period.start,
        query.period.end,
        converted=Count("source", filter=Q(status=Status.CONVERTED)),
    )
    for row in data.values():
        row["created"] = row["count"]
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
