"""Statistics the activity layer knows: the average time opportunities spend in each stage
(from the change history, a chart on the opportunities' statistics page) and the tasks done
and overdue per member per week (`/tasks/statistics/`).

Both are one aggregate SQL query each, on dates and instants of the workspace's time zone.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from activities.history_models import OpportunityEvent
from activities.models import Task
from activities.selectors import on_enabled_records
from opportunities.models import Stage, Workflow
from opportunities.statistics import opportunities
from records.charts import Chart, Series, plain_number
from records.filters import workspace_members
from records.statistics import (
    Figure,
    Period,
    Statistics,
    StatisticsQuery,
    add_months,
    month_axis_label,
    month_label,
    percent,
    share,
)
from workspaces.object_settings import object_settings_for


@dataclass(frozen=True)
class StageTime:
    stage_id: int
    name: str
    workflow: str
    stays: int  # how many times an opportunity left this stage in the period
    average_days: float
    median_days: float


# Each snapshot of an opportunity (insert, update, and the "baseline" taken when the history
# began) with the stage of the snapshot before it; a snapshot whose stage differs from the one
# before is the opportunity entering a stage, and LEAD() over those entries gives when it left.
# A stay counts in the period it ENDED in: the current stage's open stay is left out (it has
# no length yet, and counting it up to now would make every young opportunity look fast), and
# so is a stay that began with the baseline snapshot (its real start is unknown).
STAGE_TIME_SQL = """
WITH snapshots AS (
    SELECT e.pgh_obj_id AS opportunity_id, e.stage_id, e.pgh_created_at AS at, e.pgh_label,
           e.pgh_id,
           LAG(e.stage_id) OVER (PARTITION BY e.pgh_obj_id ORDER BY e.pgh_created_at, e.pgh_id)
               AS stage_before
    FROM {events} e
    WHERE e.pgh_obj_id IN ({opportunities}) AND e.pgh_created_at < %s
), stays AS (
    SELECT stage_id, pgh_label, at AS entered_at,
           LEAD(at) OVER (PARTITION BY opportunity_id ORDER BY at, pgh_id) AS left_at
    FROM snapshots
    WHERE stage_before IS DISTINCT FROM stage_id
)
SELECT s.id, s.name, w.name, s.kind, COUNT(*),
       AVG(EXTRACT(EPOCH FROM left_at - entered_at)) / 86400,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM left_at - entered_at))
           / 86400
FROM stays
JOIN {stages} s ON s.id = stays.stage_id
JOIN {workflows} w ON w.id = s.workflow_id
WHERE left_at >= %s AND left_at < %s AND pgh_label <> 'baseline'
GROUP BY s.id, s.name, w.name, s.kind, w.position, w.id, s.position
ORDER BY w.position, w.id, s.position, s.id
"""


def stage_times(query: StatisticsQuery) -> list[StageTime]:
    """The average and median days spent in each stage, over the stays that ended in the
    period, of the opportunities the page's filters keep; stages in workflow order."""
    ids_sql, ids_params = opportunities(query).values("pk").query.sql_with_params()
    sql = STAGE_TIME_SQL.format(
        events=OpportunityEvent._meta.db_table,
        opportunities=ids_sql,
        stages=Stage._meta.db_table,
        workflows=Workflow._meta.db_table,
    )
    period = query.period
    with connection.cursor() as cursor:
        cursor.execute(sql, (*ids_params, period.end_at, period.start_at, period.end_at))
        rows = cursor.fetchall()
    return [
        StageTime(pk, name, workflow, stays, round(float(average), 1), round(float(median), 1))
        for pk, name, workflow, _kind, stays, average, median in rows
    ]


def days(value) -> str:
    if value is None:
        return "–"
    return _("%(days)s d") % {"days": plain_number(value)}


def stage_time_chart(request, query: StatisticsQuery) -> Chart:
    """The opportunities' statistics page: average time spent in each stage (from history)."""
    times = stage_times(query)
    several = len({t.workflow for t in times}) > 1
    return Chart(
        id="stage-time",
        kind="bar",
        title=_("Average time spent in each stage"),
        description=_(
            "In days, from the change history: each time a stage was left during the period, "
            "how long it had lasted. The current stage of each one is not counted until it "
            "is left."
        ),
        category_header=_("Stage"),
        categories=[f"{t.workflow} · {t.name}" if several else t.name for t in times],
        series=[Series(_("Average"), [t.average_days for t in times])],
        format=days,
        extra_columns=[
            (_("Median"), [days(t.median_days) for t in times]),
            (_("Stays"), [plain_number(t.stays) for t in times]),
        ],
        empty_text=_("No stage was left in this period: the times fill in as stages change."),
    )


# --- tasks done and overdue per member per week -----------------------------------------------

MAX_WEEKS = 53  # beyond (a custom period of years), months instead of weeks
MEMBER_SERIES = 3  # series per member on the weekly charts (then "others"): four colours


@dataclass(frozen=True)
class Bucket:
    """A week (or a month) of the period, clipped to it: [start, end) in local dates."""

    start: datetime.date
    end: datetime.date  # the day after

    @property
    def start_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.start, datetime.time.min))

    @property
    def end_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.end, datetime.time.min))


def buckets_of(period: Period) -> tuple[str, list[Bucket]]:
    """("week", weeks from Monday) or ("month", months) covering the period, clipped to it."""
    monday = period.start - datetime.timedelta(days=period.start.weekday())
    weeks = (period.end - monday).days // 7 + 1
    after = period.end + datetime.timedelta(days=1)
    if weeks <= MAX_WEEKS:
        starts = [monday + datetime.timedelta(weeks=n) for n in range(weeks)]
        unit = "week"
        step = [s + datetime.timedelta(weeks=1) for s in starts]
    else:
        starts = period.months()
        unit = "month"
        step = [add_months(s, 1) for s in starts]
    return unit, [
        Bucket(max(start, period.start), min(end, after))
        for start, end in zip(starts, step, strict=True)
    ]


# Per bucket and assignee: the tasks done within it, and those overdue at its end (due before
# its last day was over and not done by then). For the bucket under way, "its end" is now.
TASKS_PER_BUCKET_SQL = """
WITH buckets(n, start_at, end_at, end_day) AS (VALUES {values})
SELECT b.n, t.assignee_id,
       COUNT(*) FILTER (WHERE t.done_at >= b.start_at AND t.done_at < b.end_at),
       COUNT(*) FILTER (WHERE t.due < b.end_day AND (t.done_at IS NULL OR t.done_at >= b.end_at))
FROM {tasks} t
JOIN buckets b ON (t.done_at >= b.start_at AND t.done_at < b.end_at)
               OR (t.due < b.end_day AND (t.done_at IS NULL OR t.done_at >= b.end_at))
WHERE t.id IN ({ids})
GROUP BY b.n, t.assignee_id
"""


def tasks_per_bucket(tasks, buckets: list[Bucket], now: datetime.datetime) -> dict:
    """{(bucket index, assignee id): (done, overdue)} for the buckets begun by `now`."""
    today = timezone.localdate(now)
    rows = []
    for index, bucket in enumerate(buckets):
        if bucket.start_at > now:
            break
        end_at, end_day = (now, today) if bucket.end_at > now else (bucket.end_at, bucket.end)
        rows.append((index, bucket.start_at, end_at, end_day))
    if not rows:
        return {}
    first, last_day = rows[0][1], rows[-1][3]
    candidates = tasks.filter(
        Q(done_at__gte=first) | Q(done_at__isnull=True, due__lt=last_day)
    ).values("pk")
    ids_sql, ids_params = candidates.query.sql_with_params()
    values = ", ".join(["(%s, %s::timestamptz, %s::timestamptz, %s::date)"] * len(rows))
    sql = TASKS_PER_BUCKET_SQL.format(values=values, tasks=Task._meta.db_table, ids=ids_sql)
    params = [value for row in rows for value in row] + list(ids_params)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(n, who): (done, overdue) for n, who, done, overdue in cursor.fetchall()}


def _task_figures(tasks, query: StatisticsQuery, now) -> dict:
    """Done in the period and the previous one, of which by their due date; overdue now."""
    on_time = Q(due__isnull=True) | Q(done_at__date__lte=F("due"))
    aggregates = {"overdue": Count("pk", filter=Q(done_at__isnull=True, due__lt=now.date()))}
    for name, period in (("now", query.period), ("before", query.previous)):
        done = Q(done_at__gte=period.start_at, done_at__lt=min(period.end_at, now))
        aggregates[f"{name}_done"] = Count("pk", filter=done)
        aggregates[f"{name}_on_time"] = Count("pk", filter=done & on_time)
    return tasks.order_by().aggregate(**aggregates)


def compute_tasks(request, query: StatisticsQuery) -> Statistics:
    """/tasks/statistics/: the tasks of the enabled objects' records (and of none)."""
    object_settings = object_settings_for(request)
    tasks = Task.objects.filter(on_enabled_records(object_settings))
    if query.owner is not None:
        tasks = tasks.filter(assignee_id=query.owner.pk)
    now = timezone.now()
    figures_data = _task_figures(tasks, query, timezone.localtime(now))
    unit, buckets = buckets_of(query.period)
    counts = tasks_per_bucket(tasks, buckets, now)
    names = {member.pk: member.get_short_name() for member in workspace_members(request.tenant)}

    done_by: dict = {}  # assignee -> tasks done in the period
    for (_index, who), (done, _overdue) in counts.items():
        done_by[who] = done_by.get(who, 0) + done
    last = max((i for i, bucket in enumerate(buckets) if bucket.start_at <= now), default=None)
    overdue_at_end = {
        who: overdue for (index, who), (_d, overdue) in counts.items() if index == last
    }
    people = sorted(
        set(done_by),
        key=lambda who: (-(done_by[who] + overdue_at_end.get(who, 0)), names.get(who, "")),
    )

    def name(who) -> str:
        return names.get(who) or _("(no one)")

    shown = people[:MEMBER_SERIES] if len(people) > MEMBER_SERIES + 1 else people
    others = [who for who in people if who not in shown]

    def series(position: int) -> list[Series]:
        result = [
            Series(name(who), [counts.get((i, who), (0, 0))[position] for i in range(len(buckets))])
            for who in shown
        ]
        if others:
            result.append(
                Series(
                    _("Others"),
                    [
                        sum(counts.get((i, who), (0, 0))[position] for who in others)
                        for i in range(len(buckets))
                    ],
                )
            )
        return result

    if unit == "week":
        categories = [
            _("Week of %(day)s") % {"day": formats.date_format(b.start, "SHORT_DATE_FORMAT")}
            for b in buckets
        ]
        axis = [formats.date_format(b.start, "j/m") for b in buckets]
    else:
        categories = [month_label(b.start) for b in buckets]
        axis = [month_axis_label(b.start) for b in buckets]
    tasks_url = reverse("my_tasks")
    per = _("per week") if unit == "week" else _("per month")
    charts = [
        Chart(
            id="tasks-done",
            kind="stacked",
            title=_("Tasks done %(per)s") % {"per": per},
            description=_("How many tasks each member (their assignee) ticked done, %(per)s.")
            % {"per": per},
            category_header=_("Week") if unit == "week" else _("Month"),
            categories=categories,
            axis_labels=axis,
            series=series(0),
            empty_text=_("No task was done in this period."),
        ),
        Chart(
            id="tasks-overdue",
            kind="stacked",
            title=_("Overdue tasks at the end of each week")
            if unit == "week"
            else _("Overdue tasks at the end of each month"),
            description=_(
                "Open tasks whose due date had passed when the week (or month) ended, or now "
                "for the one under way, per assignee."
            ),
            category_header=_("Week") if unit == "week" else _("Month"),
            categories=categories,
            axis_labels=axis,
            series=series(1),
            empty_text=_("No task was overdue in this period."),
        ),
        Chart(
            id="tasks-by-member",
            kind="bar",
            title=_("By member"),
            description=_(
                "Each member's tasks done in the period, and those overdue at its end (or now)."
            ),
            category_header=_("Member"),
            categories=[name(who) for who in people],
            series=[
                Series(pgettext("tasks", "Done"), [done_by[who] for who in people]),
                Series(
                    pgettext("tasks", "Overdue"), [overdue_at_end.get(who, 0) for who in people]
                ),
            ],
            links=[
                f"{tasks_url}?{urlencode({'assignee': who})}" if who in names else None
                for who in people
            ],
            empty_text=_("No task was done or overdue in this period."),
        ),
    ]
    figures = [
        Figure(
            _("Tasks done"),
            figures_data["now_done"],
            figures_data["before_done"],
        ),
        Figure(
            _("Done by their due date"),
            share(figures_data["now_on_time"], figures_data["now_done"]),
            share(figures_data["before_on_time"], figures_data["before_done"]),
            format=percent,
        ),
        Figure(
            _("Overdue now"),
            figures_data["overdue"],
            format=plain_number,
            url=tasks_url
            + (f"?assignee={query.owner.pk}" if query.owner is not None else "?assignee=all"),
            better="down",
        ),
    ]
    return Statistics(figures=figures, charts=charts)
