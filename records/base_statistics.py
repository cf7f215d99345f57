"""Statistics of a contact-base object (organisations, contacts): growth, labels, places,
completeness. An object app calls `base_statistics` from its registered `compute`, giving its
model and what "complete" means for it (e.g. with an email, a phone, a SIREN)."""

from __future__ import annotations

from django.db.models import Case, Count, Q, When
from django.db.models.functions import Substr, TruncMonth
from django.utils.text import capfirst
from django.utils.translation import gettext as _

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

TOP_PLACES = 10


def department():
    """The French department of a postal code: 2 digits, 3 overseas (971 to 989)."""
    return Case(
        When(postal_code__regex=r"^9[78]\d{3}$", then=Substr("postal_code", 1, 3)),
        When(postal_code__regex=r"^\d{5}$", then=Substr("postal_code", 1, 2)),
        default=None,
    )


def base_statistics(
    *, query: StatisticsQuery, crm, model, list_url: str, completeness: list[tuple[str, Q]]
) -> Statistics:
    """Figures and charts of `model`'s records for the period: a few aggregate queries."""
    period, previous = query.period, query.previous
    records = query.filter(model.objects.all()).order_by()
    created_title = capfirst(crm.phrase("created"))

    # Totals today, completeness, and created in both periods: one query.
    aggregates = {
        "total": Count("pk"),
        "now": Count("pk", filter=Q(created__gte=period.start_at, created__lt=period.end_at)),
        "before": Count(
            "pk", filter=Q(created__gte=previous.start_at, created__lt=previous.end_at)
        ),
    }
    for index, (_label, condition) in enumerate(completeness):
        aggregates[f"complete_{index}"] = Count("pk", filter=condition)
    totals = records.aggregate(**aggregates)
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
    rows = (
        records.filter(created__gte=previous.start_at, created__lt=period.end_at)
        .annotate(month=TruncMonth("created"))
        .values("month")
        .annotate(count=Count("pk"))
    )
    per_month = {month_key(row["month"]): row["count"] for row in rows}
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
            Series(str(period), [per_month.get(m, 0) for m in months]),
            Series(
                _("Previous period"),
                [per_month.get(m, 0) for m in before_months[: len(months)]]
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
        by_label = list(
            records.filter(labels__isnull=False)
            .values("labels__pk", "labels__name")
            .annotate(count=Count("pk"))
            .order_by("-count", "labels__name")[:TOP_PLACES]
        )
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
    by_department = list(
        records.annotate(department=department())
        .filter(department__isnull=False)
        .values("department")
        .annotate(count=Count("pk"))
        .order_by("-count", "department")[:TOP_PLACES]
    )
    charts.append(
        Chart(
            id="by-department",
            kind="bar",
            title=_("By department"),
            description=_("How many are in each department (first digits of the postal code)."),
            category_header=_("Department"),
            categories=[row["department"] for row in by_department],
            series=[Series(_("Number"), [row["count"] for row in by_department])],
            empty_text=_("No postal code filled in yet."),
        )
    )
    by_city = list(
        records.exclude(city="")
        .values("city")
        .annotate(count=Count("pk"))
        .order_by("-count", "city")[:TOP_PLACES]
    )
    charts.append(
        Chart(
            id="by-city",
            kind="bar",
            title=_("By city"),
            description=_("The cities with the most records."),
            category_header=_("City"),
            categories=[row["city"] for row in by_city],
            series=[Series(_("Number"), [row["count"] for row in by_city])],
            links=[query.list_url(list_url, q=row["city"]) for row in by_city],
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
