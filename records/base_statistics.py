"""Statistics of a contact-base object (organisations, contacts): growth, labels, places,
completeness. An object app calls `base_statistics` from its registered `compute`, giving its
model and what "complete" means for it (e.g. with an email, a phone, a SIREN)."""

from __future__ import annotations

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    Q,
)
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from records.charts import Chart, Series, plain_number
from records.statistics import (
    Figure,
    Statistics,
    StatisticsQuery,
    month_axis_label,
    month_end,
    month_label,
    per_month,
    percent,
    share,
)

TOP_PLACES = 10


DEPARTMENT_SQL = (
    "CASE WHEN postal_code ~ '^9[78][0-9]{3}$' THEN substr(postal_code, 1, 3)"
    " WHEN postal_code ~ '^[0-9]{5}$' THEN substr(postal_code, 1, 2) END"
)

# One pass over the records grouped by (city, postal code), with the totals, completeness and
# created in both periods counted in the same pass; cities, departments and totals then add up
# those few groups. The French department (2 digits, 3 overseas: 971 to 989) is taken from each
# postal code once, not from every record.
PLACES_SQL = """
WITH places AS MATERIALIZED (
    SELECT city, postal_code, COUNT(*) AS n, {counts}
    FROM ({records}) records
    GROUP BY city, postal_code
)
SELECT 'total', NULL, COALESCE(SUM(n), 0)::bigint, {sums} FROM places
UNION ALL (
    SELECT 'city', city, SUM(n)::bigint, {nulls} FROM places WHERE city <> ''
    GROUP BY city ORDER BY 3 DESC, 2 LIMIT {top}
)
UNION ALL (
    SELECT 'department', department, SUM(n)::bigint, {nulls}
    FROM (SELECT {department} AS department, n FROM places) codes
    WHERE department IS NOT NULL
    GROUP BY department ORDER BY 3 DESC, 2 LIMIT {top}
)
"""


def _places_and_totals(records, conditions: dict) -> tuple[dict, list, list]:
    """({name: count} for the totals and each condition, [(city, n)], [(department, n)])."""
    flags = {
        name: ExpressionWrapper(q, output_field=BooleanField()) for name, q in conditions.items()
    }
    inner = records.annotate(**flags).values("city", "postal_code", *flags)
    inner_sql, params = inner.query.sql_with_params()
    names = list(conditions)
    sql = PLACES_SQL.format(
        counts=", ".join(f"COUNT(*) FILTER (WHERE {name}) AS {name}" for name in names),
        sums=", ".join(f"COALESCE(SUM({name}), 0)::bigint" for name in names),
        nulls=", ".join(["NULL"] * len(names)),
        records=inner_sql,
        department=DEPARTMENT_SQL,
        top=TOP_PLACES,
    )
    totals, cities, departments = {}, [], []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, key, count, *values in cursor.fetchall():
            if kind == "total":  # always one row (sums of nothing are 0)
                totals = {"total": count, **dict(zip(names, values, strict=True))}
            elif kind == "city":
                cities.append((key, count))
            else:
                departments.append((key, count))
    return totals, cities, departments


def base_statistics(
    *, query: StatisticsQuery, crm, model, list_url: str, completeness: list[tuple[str, Q]]
) -> Statistics:
    """Figures and charts of `model`'s records for the period: a few aggregate queries."""
    period, previous = query.period, query.previous
    records = query.filter(model.objects.all()).order_by()
    created_title = capfirst(crm.phrase("created"))

    # Totals today, completeness, created in both periods, cities and departments: one query.
    conditions = {
        "now": Q(created__gte=period.start_at, created__lt=period.end_at),
        "before": Q(created__gte=previous.start_at, created__lt=previous.end_at),
    }
    for index, (_label, condition) in enumerate(completeness):
        conditions[f"complete_{index}"] = condition
    totals, by_city, by_department = _places_and_totals(records, conditions)
    created_params = {
        "created_after": period.start.isoformat(),
        "created_before": period.end.isoformat(),
    }
    figures = [
        Figure(
            created_title,
            totals["now"],
            totals["before"],
            url=query.list_url(list_url, **created_params),
        ),
        Figure(_("Total today"), totals["total"], url=query.list_url(list_url), better=""),
    ]
    shares = [share(totals[f"complete_{i}"], totals["total"]) for i in range(len(completeness))]

    # Created per month, this period against the previous one: one query.
    months, before_months = period.months(), previous.months()
    created = per_month(records, "created", previous.start, period.end)
    counts = {month: row["count"] for month, row in created.items()}
    growth = Chart(
        id="created-per-month",
        kind="line" if len(months) > 1 else "column",
        title=_("%(objects)s per month") % {"objects": created_title},
        description=_(
            "How many were created each month of the period, and in the same month of the "
            "previous period."
        ),
        category_header=_("Month"),
        categories=[month_label(m) for m in months],
        axis_labels=[month_axis_label(m) for m in months],
        series=[
            Series(str(period), [counts.get(m, 0) for m in months]),
            Series(
                _("Previous period"),
                [counts.get(m, 0) for m in before_months[: len(months)]]
                + [0] * max(0, len(months) - len(before_months)),
            ),
        ],
        links=[
            query.list_url(
                list_url,
                created_after=max(m, period.start).isoformat(),
                created_before=min(month_end(m), period.end).isoformat(),
            )
            for m in months
        ],
        empty_text=_("Nothing created in this period or the previous one."),
    )

    charts = [growth]
    if crm.shows("labels"):
        by_label = _by_label(query, model, records)
        charts.append(
            Chart(
                id="by-label",
                kind="bar",
                title=_("By label"),
                description=_("How many carry each label today (the most used labels)."),
                category_header=_("Label"),
                categories=[row["labels__name"] for row in by_label],
                series=[Series(_("Number"), [row["count"] for row in by_label])],
                links=[query.list_url(list_url, label=row["labels__pk"]) for row in by_label],
                empty_text=_("No label used yet: labels sort records into groups you choose."),
            )
        )
    charts.append(
        Chart(
            id="by-department",
            kind="bar",
            title=_("By department"),
            description=_("How many are in each department (first digits of the postal code)."),
            category_header=_("Department"),
            categories=[department for department, _count in by_department],
            series=[Series(_("Number"), [count for _department, count in by_department])],
            empty_text=_("No postal code filled in yet."),
        )
    )
    charts.append(
        Chart(
            id="by-city",
            kind="bar",
            title=_("By city"),
            description=_("The cities with the most records."),
            category_header=_("City"),
            categories=[city for city, _count in by_city],
            series=[Series(_("Number"), [count for _city, count in by_city])],
            links=[query.list_url(list_url, q=city) for city, _count in by_city],
            empty_text=_("No city filled in yet."),
        )
    )
    charts.append(
        Chart(
            id="completeness",
            kind="bar",
            title=_("Completeness"),
            description=_("The share of records where each piece of information is filled in."),
            category_header=_("Information"),
            categories=[label for label, _condition in completeness],
            series=[Series(_("Share"), shares)],
            format=percent,
            extra_columns=[
                (
                    _("Number"),
                    [plain_number(totals[f"complete_{i}"]) for i in range(len(completeness))],
                )
            ],
            empty_text=_("Nothing to measure yet."),
        )
    )
    return Statistics(figures=figures, charts=charts)


def _by_label(query: StatisticsQuery, model, records) -> list[dict]:
    """The most used labels: from the link table alone when no filter narrows the records."""
    if query.owner is None and query.label is None:
        links = model.labels.through.objects.order_by()
        return list(
            links.values(labels__pk=F("label_id"), labels__name=F("label__name"))
            .annotate(count=Count("*"))
            .order_by("-count", "labels__name")[:TOP_PLACES]
        )
    return list(
        records.filter(labels__isnull=False)
        .values("labels__pk", "labels__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "labels__name")[:TOP_PLACES]
    )
