"""Prospect statistics (`/prospects/statistics/`, see records.statistics).

The funnel follows the prospects created in the period (a cohort): how many reached
contacted, qualified, converted, by their status today or their status history (a prospect
disqualified after being contacted still counts as contacted). Conversion by source and by
month follows the same cohort; disqualification reasons and the median time to qualify follow
the status changes made in the period.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from prospects.models import Prospect, ProspectStatusChange, Source, Status
from prospects.statuses import status_labels
from records.charts import Chart, Series, plain_number
from records.statistics import (
    Figure,
    MedianDays,
    Statistics,
    StatisticsQuery,
    month_axis_label,
    month_end,
    month_key,
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


# Whoever reached a step has that status today or a later one, or a change to one of them in
# their history.
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
    """The funnel of both periods' cohorts, in two queries.

    A prospect reached a step if its status is that step or a later one (counted on the
    prospects alone), or else if its history shows it went there (one query on the status
    changes of the cohort's prospects whose status says nothing: new, contacted,
    disqualified).
    """
    period, previous = query.period, query.previous
    by_status = {}
    for name, span in (("now", period), ("before", previous)):
        cohort = _created_in(span)
        by_status[f"{name}_created"] = Count("pk", filter=cohort)
        for status in REACHED:
            by_status[f"{name}_{status}"] = Count(
                "pk", filter=cohort & Q(status__in=REACHED[status])
            )
    funnel = prospects.filter(created__gte=previous.start_at, created__lt=period.end_at).aggregate(
        **by_status
    )
    silent = prospects.filter(
        created__gte=previous.start_at,
        created__lt=period.end_at,
        status__in=[Status.NEW, Status.CONTACTED, Status.DISQUALIFIED],
    )
    extra = _reached_in_history(silent, period, previous)
    for key, value in extra.items():
        funnel[key] += value
    return funnel


# The furthest step each silent prospect's history reached (1 contacted, 2 qualified, 3
# converted): one pass over their changes grouped by prospect, then counted per period and step.
# (Six COUNT(DISTINCT …) FILTER over the changes sorted them six times: 2.3 s at a million
# changes, against a few hundred ms this way.)
REACHED_SQL = """
SELECT {counts}
FROM (
    SELECT p.created, p.status,
           MAX(CASE c.to_status WHEN %s THEN 3 WHEN %s THEN 2 ELSE 1 END) AS level
    FROM {changes} c
    JOIN ({silent}) p ON p.id = c.prospect_id
    WHERE c.to_status IN (%s, %s, %s)
    GROUP BY p.id, p.created, p.status
) furthest
"""
LEVELS = {Status.CONTACTED: 1, Status.QUALIFIED: 2, Status.CONVERTED: 3}


def _reached_in_history(silent, period, previous) -> dict:
    """{"now_contacted": n, …}: prospects of each period's cohort whose status does not say
    they reached a step but whose history does."""
    silent_sql, silent_params = silent.values("id", "created", "status").query.sql_with_params()
    counts, count_params, keys = [], [], []
    for name, span in (("now", period), ("before", previous)):
        for status, reached in REACHED.items():
            counts.append(
                "COUNT(*) FILTER (WHERE created >= %s AND created < %s AND level >= %s"
                " AND status NOT IN (" + ", ".join(["%s"] * len(reached)) + "))"
            )
            count_params += [span.start_at, span.end_at, LEVELS[status], *reached]
            keys.append(f"{name}_{status}")
    sql = REACHED_SQL.format(
        counts=", ".join(counts),
        changes=ProspectStatusChange._meta.db_table,
        silent=silent_sql,
    )
    params = [
        *count_params,
        Status.CONVERTED,
        Status.QUALIFIED,
        *silent_params,
        *REACHED[Status.CONTACTED],
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(zip(keys, cursor.fetchone(), strict=True))


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

    # Median days from creation to qualification, of the qualifications of both periods.
    qualified = ProspectStatusChange.objects.filter(to_status=Status.QUALIFIED).order_by()
    if query.owner is not None or query.label is not None:
        qualified = qualified.filter(prospect__in=prospects.values("pk"))
    to_qualify = F("changed_at") - F("prospect__created")
    medians = qualified.filter(
        changed_at__gte=previous.start_at, changed_at__lt=period.end_at
    ).aggregate(
        now=MedianDays(to_qualify, filter=Q(changed_at__gte=period.start_at)),
        before=MedianDays(to_qualify, filter=Q(changed_at__lt=period.start_at)),
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
        empty_text=_("%(none)s in this period: add or import some.") % {"none": crm.none_label},
    )
    charts = [
        funnel_chart,
        _by_source_chart(query, prospects, list_url, created_params),
        _by_month_chart(query, prospects, list_url, crm),
        _reasons_chart(query, prospects, list_url),
    ]
    return Statistics(figures=figures, charts=charts)


def _conversion_columns(rows) -> list[tuple[str, list[str]]]:
    return [(_("Conversion rate"), [percent(share(r["converted"], r["created"])) for r in rows])]


def _by_source_chart(query, prospects, list_url, created_params) -> Chart:
    """Created and converted by source, for the period's cohort: one query."""
    names = dict(Source.choices)
    rows = list(
        prospects.filter(_created_in(query.period))
        .values("source")
        .annotate(created=Count("pk"), converted=Count("pk", filter=Q(status=Status.CONVERTED)))
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
    )


def _by_month_chart(query, prospects, list_url, crm) -> Chart:
    """Created and converted per month of creation: one query."""
    months = query.period.months()
    rows = (
        prospects.filter(_created_in(query.period))
        .annotate(month=TruncMonth("created"))
        .values("month")
        .annotate(created=Count("pk"), converted=Count("pk", filter=Q(status=Status.CONVERTED)))
    )
    data = {month_key(row["month"]): row for row in rows}
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
        .annotate(count=Count("pk"))
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
