"""Opportunities on the dashboard: open pipeline (value, weighted, by stage), won this month;
panels: my opportunities closing this month, the pipeline chart.

`figures(request)` returns a list of figures, each {"label", "value", "url"} (url: the list or
board, filtered), under the workspace's names; nothing when opportunities are disabled.
"""

from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum, Window
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from opportunities.models import Opportunity, StageKind
from opportunities.selectors import won_since
from opportunities.statistics import pipeline_chart, pipeline_rows
from opportunities.templatetags.opportunities import euros
from records.selectors import with_names
from records.statistics import Period, StatisticsQuery
from workspaces.object_settings import lower_first, object_settings_for

PANEL_ROWS = 8


def _pipeline(request) -> list[dict]:
    """The open pipeline by stage, once per request: the figures and the chart share it."""
    if not hasattr(request, "_open_pipeline"):
        request._open_pipeline = pipeline_rows(Opportunity.objects.all())
    return request._open_pipeline


def figures(request) -> list[dict]:
    object_settings = object_settings_for(request)
    if not object_settings.is_enabled("opportunity"):
        return []
    crm = object_settings["opportunity"]
    list_url = reverse("opportunities:list")
    month_start = timezone.localdate().replace(day=1)
    pipeline = _pipeline(request)
    won = won_since(month_start)
    result = [
        {
            "label": _("Open %(objects)s") % {"objects": lower_first(crm.plural)},
            "value": sum(row["count"] for row in pipeline),
            "url": f"{list_url}?status=open",
        },
        {
            "label": _("Pipeline value"),
            "value": euros(sum(row["total"] for row in pipeline)),
            "url": reverse("opportunities:board"),
        },
        {
            "label": _("Weighted pipeline"),
            "value": euros(sum(row["weighted"] for row in pipeline)),
            "url": reverse("opportunities:board"),
        },
        {
            "label": crm.phrase("won_this_month"),
            "value": f"{won['count']} · {euros(won['total'])}",
            "url": f"{list_url}?status=won",
        },
    ]
    # By stage: the pipeline chart of the dashboard (see pipeline_panel).
    return result


def my_closing_this_month(request, object_settings) -> dict | None:
    """Panel: my open opportunities expected to close this month (or overdue), soonest first."""
    crm = object_settings["opportunity"]
    today = timezone.localdate()
    month = Period.of("month", today)
    mine = Opportunity.objects.filter(
        owner_id=request.user.pk,
        stage__kind=StageKind.OPEN,
        expected_close_date__lte=month.end,
    ).order_by()
    # The first rows and, over all of them (window aggregates, before the LIMIT), how many,
    # for how much, how many overdue: one query.
    rows = list(
        with_names(mine, "organisation")
        .annotate(
            all_count=Window(Count("pk")),
            all_total=Window(Sum("amount")),
            all_overdue=Window(Count("pk", filter=Q(expected_close_date__lt=today))),
        )
        .order_by("expected_close_date", "pk")[:PANEL_ROWS]
    )
    first = rows[0] if rows else None
    totals = {
        "count": first.all_count if first else 0,
        "total": (first.all_total if first else None) or Decimal(0),
        "overdue": first.all_overdue if first else 0,
    }
    list_url = reverse("opportunities:list")
    return {
        "crm_object": crm,
        "opportunities": rows,
        "today": today,
        "totals": totals,
        "total": euros(totals["total"]),
        "show_organisation": object_settings.is_enabled("organisation"),
        "url": f"{list_url}?"
        + urlencode(
            {
                "owner": request.user.pk,
                "status": StageKind.OPEN,
                "expected_close_date_before": month.end.isoformat(),
                "sort": "close",
            }
        ),
        "create_url": reverse("opportunities:create"),
    }


def pipeline_panel(request, object_settings) -> dict | None:
    """Panel: the open pipeline by stage, as a chart (the statistics page's first chart)."""
    crm = object_settings["opportunity"]
    period = Period.of("month", timezone.localdate())
    query = StatisticsQuery(period=period, previous=period.previous())
    chart = pipeline_chart(query, crm, reverse("opportunities:list"), {}, rows=_pipeline(request))
    return {
        "chart": chart,
        "crm_object": crm,
        "statistics_url": reverse("opportunities:statistics"),
        "board_url": reverse("opportunities:board"),
    }
