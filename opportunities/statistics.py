"""Opportunity statistics (`/opportunities/statistics/`, see records.statistics).

Each figure is one aggregate query: won and lost in the period and the previous one (one
query for both), the open pipeline by stage, won and lost per month, the forecast by expected
close month, the main loss reasons. A won or lost opportunity counts in the month of its
`closed_on` date; an open one in the month of its expected close date.

The average time spent in each stage comes from the change history, which the activities app
keeps: it adds that chart to this page (activities.statistics.stage_time_chart).
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.db import connection
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from opportunities.models import Opportunity, Stage, StageKind, Workflow
from opportunities.templatetags.opportunities import euros
from records.charts import Chart, Series, plain_number
from records.statistics import (
    Figure,
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
ZERO = Decimal(0)


def money(value) -> str:
    return euros(round(Decimal(value or 0)))


def days(value) -> str:
    if value is None:
        return "–"
    return _("%(days)s d") % {"days": plain_number(value)}


def filters(request) -> dict:
    """The workflow filter (a foreign or unknown id is a form error)."""
    return {
        "workflow": forms.ModelChoiceField(
            label=gettext_lazy("Workflow"),
            queryset=Workflow.objects.order_by("position", "pk"),
            required=False,
        )
    }


def opportunities(query: StatisticsQuery):
    queryset = query.filter(Opportunity.objects.all())
    if query.extra.get("workflow") is not None:
        queryset = queryset.filter(workflow=query.extra["workflow"])
    return queryset.order_by()


def _closed_figures(query: StatisticsQuery) -> dict:
    """Won and lost (count, amount) and average days to win, this period and the previous."""
    days_to_win = ExpressionWrapper(
        F("closed_on") - TruncDate("created"), output_field=DurationField()
    )
    aggregates = {}
    for name, period in (("now", query.period), ("before", query.previous)):
        within = Q(closed_on__gte=period.start, closed_on__lte=period.end)
        won = within & Q(stage__kind=StageKind.WON)
        lost = within & Q(stage__kind=StageKind.LOST)
        aggregates |= {
            f"{name}_won": Count("pk", filter=won),
            f"{name}_won_amount": Coalesce(Sum("amount", filter=won), ZERO),
            f"{name}_lost": Count("pk", filter=lost),
            f"{name}_lost_amount": Coalesce(Sum("amount", filter=lost), ZERO),
            f"{name}_days": Avg(days_to_win, filter=won),
        }
    return (
        opportunities(query)
        .filter(closed_on__gte=query.previous.start, closed_on__lte=query.period.end)
        .aggregate(**aggregates)
    )


def _in_days(duration):
    if duration is None:
        return None
    return round(Decimal(duration.total_seconds()) / 86400, 1)


def compute(request, query: StatisticsQuery) -> Statistics:
    crm = object_settings_for(request)["opportunity"]
    list_url = reverse("opportunities:list")
    workflow = query.extra.get("workflow")
    base = {"workflow": workflow.pk if workflow else None}
    period = query.period
    closed_in_period = {
        **base,
        "closed_after": period.start.isoformat(),
        "closed_before": period.end.isoformat(),
    }

    closed = _closed_figures(query)
    won_title = capfirst(crm.phrase("won"))
    lost_title = capfirst(crm.phrase("lost"))
    figures = [
        Figure(
            won_title,
            closed["now_won"],
            closed["before_won"],
            url=query.list_url(list_url, status=StageKind.WON, **closed_in_period),
        ),
        Figure(
            _("Amount won"),
            closed["now_won_amount"],
            closed["before_won_amount"],
            format=money,
            url=query.list_url(list_url, status=StageKind.WON, **closed_in_period),
        ),
        Figure(
            _("Win rate"),
            share(closed["now_won"], closed["now_won"] + closed["now_lost"]),
            share(closed["before_won"], closed["before_won"] + closed["before_lost"]),
            format=percent,
            url=query.list_url(list_url, **closed_in_period),
        ),
        Figure(
            _("Average days to win"),
            _in_days(closed["now_days"]),
            _in_days(closed["before_days"]),
            format=days,
            better="down",
        ),
    ]

    charts = [
        pipeline_chart(query, crm, list_url, base),
        _won_lost_chart(query, crm, list_url, base, won_title, lost_title),
        _forecast_chart(query, crm, list_url, base),
        _loss_reasons_chart(query, list_url, closed_in_period),
    ]
    return Statistics(figures=figures, charts=charts)


# The sums grouped by stage id alone (no sort of names over every row), then the few stages'
# names joined to them, in workflow order.
PIPELINE_SQL = """
SELECT s.id, s.name, s.probability, w.name, sums.count, sums.total
FROM (
    SELECT stage_id, COUNT(*) AS count, COALESCE(SUM(amount), 0) AS total
    FROM ({opportunities}) opportunities GROUP BY stage_id
) sums
JOIN {stages} s ON s.id = sums.stage_id
JOIN {workflows} w ON w.id = s.workflow_id
ORDER BY w.position, w.id, s.position, s.id
"""


def pipeline_rows(queryset) -> list[dict]:
    """The open pipeline of `queryset`'s opportunities by stage, in workflow order: count,
    total and weighted total (one query)."""
    open_ones = queryset.filter(stage__kind=StageKind.OPEN).order_by().values("stage_id", "amount")
    inner_sql, params = open_ones.query.sql_with_params()
    sql = PIPELINE_SQL.format(
        opportunities=inner_sql,
        stages=Stage._meta.db_table,
        workflows=Workflow._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        {
            "stage_id": pk,
            "stage__name": name,
            "stage__probability": probability,
            "workflow__name": workflow,
            "count": count,
            "total": total,
            "weighted": total * probability / 100,
        }
        for pk, name, probability, workflow, count, total in rows
    ]


def pipeline_chart(query, crm, list_url, base, rows: list[dict] | None = None) -> Chart:
    """Open opportunities now, by stage: count, total and weighted total (`rows` from
    pipeline_rows, computed here when not given)."""
    if rows is None:
        rows = pipeline_rows(opportunities(query))
    several = len({row["workflow__name"] for row in rows}) > 1
    names = [
        f"{row['workflow__name']} · {row['stage__name']}" if several else row["stage__name"]
        for row in rows
    ]
    weighted = [row["weighted"] for row in rows]
    return Chart(
        id="pipeline",
        kind="bar",
        title=_("Pipeline by stage"),
        description=_(
            "%(objects)s open today, by stage: total amount and amount weighted by each "
            "stage's win probability."
        )
        % {"objects": capfirst(crm.phrase("open"))},
        category_header=_("Stage"),
        categories=names,
        series=[
            Series(_("Total"), [row["total"] for row in rows]),
            Series(_("Weighted"), weighted),
        ],
        links=[query.list_url(list_url, stage=row["stage_id"], **base) for row in rows],
        format=money,
        extra_columns=[(_("Number"), [plain_number(row["count"]) for row in rows])],
        empty_text=_("%(none)s in an open stage.") % {"none": crm.none_label},
    )


def _won_lost_chart(query, crm, list_url, base, won_title, lost_title) -> Chart:
    """Won and lost per month of the period (by closing date): one query."""
    months = query.period.months()
    rows = (
        opportunities(query)
        .filter(
            closed_on__gte=query.period.start,
            closed_on__lte=query.period.end,
            stage__kind__in=[StageKind.WON, StageKind.LOST],
        )
        .annotate(month=TruncMonth("closed_on"))
        .values("month", "stage__kind")
        .annotate(count=Count("pk"), total=Coalesce(Sum("amount"), ZERO))
    )
    data = {(month_key(row["month"]), row["stage__kind"]): row for row in rows}

    def value(month, kind, key):
        row = data.get((month, kind))
        return row[key] if row else 0

    won = [value(m, StageKind.WON, "count") for m in months]
    lost = [value(m, StageKind.LOST, "count") for m in months]
    rates = [percent(share(w, w + lo)) for w, lo in zip(won, lost, strict=True)]
    return Chart(
        id="won-lost",
        kind="stacked",
        title=_("%(won)s and %(lost)s per month") % {"won": won_title, "lost": lost_title.lower()},
        description=_(
            "Per month of the period, by closing date: how many were won and lost; the table "
            "adds the amounts and the win rate."
        ),
        category_header=_("Month"),
        categories=[month_label(m) for m in months],
        axis_labels=[month_axis_label(m) for m in months],
        series=[Series(won_title, won), Series(lost_title, lost)],
        links=[
            query.list_url(
                list_url,
                closed_after=m.isoformat(),
                closed_before=min(month_end(m), query.period.end).isoformat(),
                **base,
            )
            for m in months
        ],
        extra_columns=[
            (_("Amount won"), [money(value(m, StageKind.WON, "total")) for m in months]),
            (_("Amount lost"), [money(value(m, StageKind.LOST, "total")) for m in months]),
            (_("Win rate"), rates),
        ],
        empty_text=_("Nothing won or lost in this period yet."),
    )


def _forecast_chart(query, crm, list_url, base) -> Chart:
    """Open opportunities by expected close month within the period: one query."""
    months = query.period.months()
    rows = (
        opportunities(query)
        .filter(
            stage__kind=StageKind.OPEN,
            expected_close_date__gte=query.period.start,
            expected_close_date__lte=query.period.end,
        )
        .annotate(month=TruncMonth("expected_close_date"))
        .values("month")
        .annotate(
            count=Count("pk"),
            total=Coalesce(Sum("amount"), ZERO),
            weighted=Coalesce(Sum(F("amount") * F("stage__probability") / 100), ZERO),
        )
    )
    data = {month_key(row["month"]): row for row in rows}

    def value(month, key):
        row = data.get(month)
        return row[key] if row else 0

    return Chart(
        id="forecast",
        kind="column",
        title=_("Forecast by expected close month"),
        description=_(
            "%(objects)s expected to close in each month of the period: total and weighted amounts."
        )
        % {"objects": capfirst(crm.phrase("open"))},
        category_header=_("Month"),
        categories=[month_label(m) for m in months],
        axis_labels=[month_axis_label(m) for m in months],
        series=[
            Series(_("Total"), [value(m, "total") for m in months]),
            Series(_("Weighted"), [value(m, "weighted") for m in months]),
        ],
        links=[
            query.list_url(
                list_url,
                status=StageKind.OPEN,
                expected_close_date_after=m.isoformat(),
                expected_close_date_before=min(month_end(m), query.period.end).isoformat(),
                **base,
            )
            for m in months
        ],
        format=money,
        extra_columns=[(_("Number"), [plain_number(value(m, "count")) for m in months])],
        empty_text=_(
            "No expected close date in this period: fill in expected close dates to see a forecast."
        ),
    )


def _loss_reasons_chart(query, list_url, closed_in_period) -> Chart:
    """The most frequent reasons of the period's losses: one query."""
    rows = list(
        opportunities(query)
        .filter(
            stage__kind=StageKind.LOST,
            closed_on__gte=query.period.start,
            closed_on__lte=query.period.end,
        )
        .values("lost_reason")
        .annotate(count=Count("pk"), total=Coalesce(Sum("amount"), ZERO))
        .order_by("-count", "lost_reason")[:MAX_REASONS]
    )
    return Chart(
        id="loss-reasons",
        kind="bar",
        title=_("Main loss reasons"),
        description=_("The most frequent reasons given when marking as lost in this period."),
        category_header=_("Reason"),
        categories=[row["lost_reason"] or _("(no reason given)") for row in rows],
        series=[Series(_("Number"), [row["count"] for row in rows])],
        links=[
            query.list_url(list_url, status=StageKind.LOST, **closed_in_period) for _row in rows
        ],
        extra_columns=[(_("Amount lost"), [money(row["total"]) for row in rows])],
        empty_text=_("No loss in this period."),
    )
