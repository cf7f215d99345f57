"""The active filters of a list as chips, each with a link to the same list without it, and the
clean form of a list's URL (without the empty parameters a submitted filter form adds).

    chips = filter_chips(filterset, params=state.params, view_query=..., list_url="/contacts/")
    url = clean_list_url(request.GET, view_query=..., path="/contacts/")  # None when clean
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import django_filters
from django.db.models import Model
from django.http import QueryDict
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

# Never a filter: how the list is shown, not what it shows.
NOT_FILTERS = {"sort", "page", "view"}


@dataclass(frozen=True)
class FilterChip:
    text: str
    remove_url: str


def clean_list_url(
    params: QueryDict, *, view_query: QueryDict | None, path: str, keep_view: bool = True
) -> str | None:
    """The list's URL without its empty parameters, or None when it has none to drop.

    An empty parameter that overrides a saved view's filter (`?view=3&owner=`) means "not this
    filter" and stays; `view=` (the list without its default view) stays when nothing else does
    (`keep_view`: pages without saved views, such as the board, end at their bare path).
    """
    view_query = view_query or QueryDict()
    kept, dropped = [], False
    for key, values in params.lists():
        for value in values:
            if value.strip() == "" and key != "view" and key not in view_query:
                dropped = True
            else:
                kept.append((key, value))
    if len(kept) > 1 and ("view", "") in kept:
        kept.remove(("view", ""))
        dropped = True
    if not dropped:
        return None
    if not kept:
        if not keep_view:
            return path
        kept = [("view", "")]
    query = QueryDict(mutable=True)
    for key, value in kept:
        query.appendlist(key, value)
    return f"{path}?{query.urlencode()}"


def _param_names(name: str, filter_) -> list[str]:
    if isinstance(filter_, django_filters.DateFromToRangeFilter):
        return [f"{name}_after", f"{name}_before"]
    if isinstance(filter_, django_filters.RangeFilter):
        return [f"{name}_min", f"{name}_max"]
    return [name]


def _show(value) -> str:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal | int | float):
        return number_format(value, force_grouping=True)
    return str(value)


def _range_text(label: str, value: slice, *, dates: bool) -> str:
    start, stop = value.start, value.stop
    values = {"field": label, "start": _show(start), "end": _show(stop)}
    if dates:
        if start is not None and stop is not None:
            return _("%(field)s: from %(start)s to %(end)s") % values
        if start is not None:
            return _("%(field)s: since %(start)s") % values
        return _("%(field)s: until %(end)s") % values
    if start is not None and stop is not None:
        return _("%(field)s: %(start)s to %(end)s") % values
    if start is not None:
        return _("%(field)s: at least %(start)s") % values
    return _("%(field)s: at most %(end)s") % values


def filter_chips(
    filterset,
    *,
    params: QueryDict,
    view_query: QueryDict | None,
    list_url: str,
    keep_view: bool = True,
) -> list[FilterChip]:
    """One chip per active filter (per value for a filter of several values), in form order.

    Values come from the validated form (labels and people already read by the filtering):
    no query of their own.
    """
    if not filterset.is_bound:  # no filter in the URL: no chip, and no form to build
        return []
    view_query = view_query or QueryDict()
    form = filterset.form
    cleaned = getattr(form, "cleaned_data", {}) if form.is_bound else {}
    chips = []

    def without(names: list[str], value: str | None = None) -> str:
        query = params.copy()
        query.pop("page", None)
        for name in names:
            if value is not None:
                rest = [v for v in query.getlist(name) if v != value]
                if rest:
                    query.setlist(name, rest)
                    continue
            if name in view_query:
                query[name] = ""  # overrides the saved view's filter
            else:
                query.pop(name, None)
        if not query:
            if not keep_view:
                return list_url
            query["view"] = ""  # not the default view either
        return f"{list_url}?{query.urlencode()}"

    for name, filter_ in filterset.filters.items():
        if name in NOT_FILTERS:
            continue
        names = _param_names(name, filter_)
        raw = [v for n in names for v in params.getlist(n) if v.strip()]
        if not raw:
            continue
        if name == "q":
            label = pgettext("filter chip", "Search")  # a noun here, not the verb of the box
        else:
            label = str(form.fields[name].label) if name in form.fields else name
        value = cleaned.get(name)
        if isinstance(value, slice):
            if value.start is None and value.stop is None:
                continue
            dates = isinstance(filter_, django_filters.DateFromToRangeFilter)
            chips.append(FilterChip(_range_text(label, value, dates=dates), without(names)))
            continue
        if value is None or value == "" or (hasattr(value, "__len__") and not len(value)):
            continue  # not a valid value: the list ignores it
        if isinstance(value, Model):
            chips.append(FilterChip(_chip(label, value), without(names)))
            continue
        if not isinstance(value, str) and hasattr(value, "__iter__"):
            choices = _choice_labels(form.fields[name])
            for item in value:
                key = str(item.pk) if isinstance(item, Model) else str(item)
                text = str(item) if isinstance(item, Model) else choices.get(key, key)
                chips.append(FilterChip(_chip(label, text), without(names, key)))
            continue
        choices = _choice_labels(form.fields[name])
        chips.append(FilterChip(_chip(label, choices.get(str(value), value)), without(names)))
    return chips


def _chip(label: str, value) -> str:
    return _("%(field)s: %(value)s") % {"field": label, "value": value}


def _choice_labels(field) -> dict[str, str]:
    """A plain choice field's labels (never a model field's: that would query)."""
    if hasattr(field, "queryset"):
        return {}
    return {str(key): str(text) for key, text in getattr(field, "choices", ()) if key != ""}
