"""The statistics page of an object (`/<plural>/statistics/`): period, filters, figures, charts.

The page is shared; each object app contributes what it computes through the registry:

    registry.statistics("opportunity", statistics.compute, filters=statistics.filters)

`compute(request, query)` gets a `StatisticsQuery` (the period, the previous period of the
same length, the owner and label filters and the app's own filters, all validated) and returns
`Statistics`: key figures compared with the previous period, and `records.charts.Chart`s.
Periods are calendar dates in the workspace's time zone (the current time zone): a record
created at 23:30 on 31 January in Paris belongs to January.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django import forms
from django.contrib.postgres.fields import ArrayField
from django.db.models import (
    Aggregate,
    Count,
    DateTimeField,
    F,
    FloatField,
    Func,
    IntegerField,
    Value,
)
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labels.models import Label
from records.charts import Chart, chart_csv_response, plain_number
from records.filters import workspace_members
from workspaces.object_settings import object_enabled, object_settings_for
from workspaces.registry import registry

MIN_YEAR = 2000
MAX_YEAR = 2100
MAX_MONTHS = 120  # a custom period spans at most ten years (120 months on a chart)

PERIODS = [
    ("month", gettext_lazy("This month")),
    ("quarter", gettext_lazy("This quarter")),
    ("year", gettext_lazy("This year")),
    ("12m", gettext_lazy("Last 12 months")),
    ("custom", gettext_lazy("Custom")),
]


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after (or before) `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included, in the workspace's time zone."""

    start: date
    end: date

    @classmethod
    def of(cls, kind: str, today: date) -> Period:
        first = today.replace(day=1)
        if kind == "quarter":
            start = first.replace(month=(today.month - 1) // 3 * 3 + 1)
            return cls(start, month_end(add_months(start, 2)))
        if kind == "year":
            return cls(date(today.year, 1, 1), date(today.year, 12, 31))
        if kind == "12m":
            return cls(add_months(first, -11), month_end(first))
        return cls(first, month_end(first))

    def previous(self) -> Period:
        """The period of the same length just before: whole months stay whole months."""
        if self.start.day == 1 and self.end == month_end(self.end):
            months = len(self.months())
            start = add_months(self.start, -months)
            return Period(start, month_end(add_months(start, months - 1)))
        length = self.end - self.start
        end = self.start - timedelta(days=1)
        return Period(end - length, end)

    @property
    def start_at(self) -> datetime:
        """The first instant of the period (aware, in the current time zone)."""
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def end_at(self) -> datetime:
        """The first instant after the period."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def months(self) -> list[date]:
        """The first day of each month the period touches."""
        months = []
        month = self.start.replace(day=1)
        while month <= self.end:
            months.append(month)
            month = add_months(month, 1)
        return months

    def __str__(self) -> str:
        return _("%(start)s to %(end)s") % {
            "start": formats.date_format(self.start, "SHORT_DATE_FORMAT"),
            "end": formats.date_format(self.end, "SHORT_DATE_FORMAT"),
        }


def month_label(month: date) -> str:
    return formats.date_format(month, "M Y")


def month_axis_label(month: date) -> str:
    """A month under a column: short, so that twelve fit side by side."""
    return formats.date_format(month, "M y")


def month_key(value) -> date | None:
    """A TruncMonth value (aware datetime in the current zone, or date) as a month's first day."""
    if value is None:
        return None
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.replace(day=1)


def per_month(queryset, field: str, start: date, end: date, **aggregates) -> dict:
    """{first day of a month: {"count": n, **aggregates}} of `queryset`'s rows whose instant
    `field` falls from `start` to `end` (days included, in the current time zone), in one
    query: each row's month is found among the months' first instants (width_bucket), which
    is cheaper than truncating every instant in the time zone."""
    months = Period(start, end).months()
    days = [start, *months[1:], end + timedelta(days=1)]
    bounds = [timezone.make_aware(datetime.combine(day, time.min)) for day in days]
    rows = (
        queryset.filter(**{f"{field}__gte": bounds[0], f"{field}__lt": bounds[-1]})
        .annotate(
            bucket=Func(
                F(field),
                Value(bounds, output_field=ArrayField(DateTimeField())),
                function="width_bucket",
                output_field=IntegerField(),
            )
        )
        .values("bucket")
        .annotate(count=Count("*"), **aggregates)
        .order_by()
    )
    return {months[row.pop("bucket") - 1]: row for row in rows}


ANY = gettext_lazy("Any")


class StatisticsForm(forms.Form):
    """The period and the filters: ids are looked up in this workspace only."""

    period = forms.ChoiceField(label=gettext_lazy("Period"), choices=PERIODS, required=False)
    start = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    owner = forms.ModelChoiceField(
        label=gettext_lazy("Owner"), queryset=Label.objects.none(), required=False
    )
    label = forms.ModelChoiceField(
        label=gettext_lazy("Label"), queryset=Label.objects.order_by("name"), required=False
    )

    def __init__(self, *args, members, extra_fields=None, show_labels=True, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members
        self.fields["owner"].label_from_instance = lambda user: user.get_full_name() or user.email
        if not show_labels:
            del self.fields["label"]
        for name, form_field in (extra_fields or {}).items():
            self.fields[name] = form_field
        for form_field in self.fields.values():
            if isinstance(form_field, forms.ModelChoiceField):
                form_field.empty_label = ANY  # « Indifférent », not « --------- »

    def clean(self):
        data = super().clean()
        kind = data.get("period") or "month"
        data["period"] = kind
        if kind != "custom":
            return data
        start, end = data.get("start"), data.get("end")
        if not start or not end:
            if "start" not in self.errors and "end" not in self.errors:
                raise forms.ValidationError(_("Give both dates of the custom period."))
            return data
        for name, day in (("start", start), ("end", end)):
            if not MIN_YEAR <= day.year <= MAX_YEAR:
                self.add_error(
                    name,
                    _("Choose a date between %(min)s and %(max)s.")
                    % {"min": MIN_YEAR, "max": MAX_YEAR},
                )
        if start > end:
            self.add_error("end", _("The end of the period comes before its start."))
        elif len(Period(start, end).months()) > MAX_MONTHS:
            self.add_error("end", _("A period spans at most ten years."))
        return data

    def chosen_period(self) -> Period:
        data = self.cleaned_data
        if data["period"] == "custom":
            return Period(data["start"], data["end"])
        return Period.of(data["period"], timezone.localdate())


@dataclass(frozen=True)
class StatisticsQuery:
    """What a statistics page asks: a period, the previous one, and filters (validated)."""

    period: Period
    previous: Period
    owner: object = None
    label: object = None
    extra: dict = field(default_factory=dict)

    def filter(self, queryset):
        """`queryset` narrowed to the owner and label filters."""
        if self.owner is not None:
            queryset = queryset.filter(owner=self.owner)
        if self.label is not None:
            queryset = queryset.filter(labels=self.label)
        return queryset

    def list_url(self, url: str, **params) -> str:
        """A link to the list `url` with the page's filters and `params` (None values skipped)."""
        query = {}
        if self.owner is not None:
            query["owner"] = self.owner.pk
        if self.label is not None:
            query["label"] = self.label.pk
        query.update({key: value for key, value in params.items() if value is not None})
        return f"{url}?{urlencode(query, doseq=True)}" if query else url


@dataclass
class Figure:
    """A key figure of the period, compared with the previous period.

    `better` says which way is good news ("up", "down" or "" when neither is).
    """

    label: str
    value: object
    previous: object = None
    format: Callable[[object], str] = plain_number
    url: str | None = None
    better: str = "up"

    @property
    def value_text(self) -> str:
        return self.format(self.value)

    @property
    def previous_text(self) -> str:
        return self.format(self.previous)

    @property
    def change(self) -> str:
        """The change since the previous period: "up", "down", "same" or "" (not comparable)."""
        if self.value is None or self.previous is None:
            return ""
        if self.value == self.previous:
            return "same"
        return "up" if self.value > self.previous else "down"

    @property
    def change_text(self) -> str:
        if not self.change:
            return ""
        if self.change == "same":
            return _("unchanged")
        if not self.previous:
            return "+" + self.format(self.value - (self.previous or 0))
        ratio = (Decimal(self.value) - Decimal(self.previous)) / abs(Decimal(self.previous))
        percent = round(ratio * 100)
        return f"{percent:+d} %"

    @property
    def tone(self) -> str:
        """ "good", "bad" or "" for the colour of the change."""
        if self.change in ("", "same") or not self.better:
            return ""
        return "good" if self.change == self.better else "bad"


@dataclass
class Statistics:
    figures: list[Figure] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return all(chart.is_empty for chart in self.charts) and not any(
            figure.value for figure in self.figures
        )


class MedianDays(Aggregate):
    """The median of an interval expression, in days (PostgreSQL percentile_cont)."""

    function = "percentile_cont"
    name = "MedianDays"
    output_field = FloatField()
    template = (
        "percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM %(expressions)s) / 86400)"
    )


def share(part, whole) -> Decimal | None:
    """part / whole as a percentage (one decimal), None when whole is 0."""
    if not whole:
        return None
    return round(Decimal(part) * 100 / Decimal(whole), 1)


def percent(value) -> str:
    return "–" if value is None else f"{plain_number(value)} %"


def statistics_view(request, key: str):
    contribution = registry.statistics_pages.get(key)
    if contribution is None:
        raise Http404
    crm_object = object_settings_for(request)[key]

    def compute(request, query):
        statistics = contribution.compute(request, query)
        for chart_function in registry.statistics_charts.get(key, []):
            chart = chart_function(request, query)
            if chart is not None:
                statistics.charts.append(chart)
        return statistics

    return statistics_response(
        request,
        compute=compute,
        extra_fields=contribution.filters(request) if contribution.filters else {},
        show_labels=crm_object.shows("labels"),
        subject=crm_object.plural,
        context={"crm_object": crm_object},
    )


def statistics_response(
    request,
    *,
    compute: Callable,
    subject: str,
    extra_fields: dict | None = None,
    show_labels: bool = True,
    owner_label: str | None = None,
    context: dict | None = None,
):
    """A statistics page (records/statistics.html), or one of its charts as CSV (`?csv=<id>`):
    the period and filters validated, then `compute(request, query) -> Statistics`.

    `subject` names the page (« Statistiques · Contacts »); `context` adds to the template's
    (`crm_object` for an object's page; else `tabs`, `empty_text` and `empty_link`)."""
    extra_fields = extra_fields or {}
    data = request.GET.copy()
    wanted = data.pop("csv", [None])[-1]
    data.setdefault("period", "month")
    form = StatisticsForm(
        data,
        members=workspace_members(request.tenant),
        extra_fields=extra_fields,
        show_labels=show_labels,
    )
    if owner_label is not None:
        form.fields["owner"].label = owner_label
    statistics = period = None
    if form.is_valid():
        period = form.chosen_period()
        query = StatisticsQuery(
            period=period,
            previous=period.previous(),
            owner=form.cleaned_data.get("owner"),
            label=form.cleaned_data.get("label"),
            extra={name: form.cleaned_data.get(name) for name in extra_fields},
        )
        statistics = compute(request, query)
        if wanted is not None:
            for chart in statistics.charts:
                if chart.id == wanted:
                    return chart_csv_response(chart, filename=f"{subject} {chart.title}")
            raise Http404
    elif wanted is not None:
        raise Http404
    context = {
        **(context or {}),
        "subject": subject,
        "form": form,
        "statistics": statistics,
        "period": period,
        "previous": period.previous() if period else None,
        "query_string": data.urlencode(),
        "statistics_url": request.path,
    }
    template = "records/statistics.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


def statistics_urlpatterns(key: str) -> list:
    """The statistics page of object `key`, for its app's urls.py (404 while it is disabled)."""
    return [
        path(
            "statistics/",
            object_enabled(key)(statistics_view),
            {"key": key},
            name="statistics",
        )
    ]
