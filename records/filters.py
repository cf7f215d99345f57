"""The filters every CRM list shares: search, labels, owner, created/updated ranges, sort.

    class ContactFilterSet(RecordFilterSet):
        object_key = "contact"
        sort_fields = {"name": ["last_name", "first_name"], "updated": ["updated"]}
        default_sort = "name"
        organisation = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all())

        class Meta:
            model = Contact
            fields = []

The FilterSet is built with the workspace's `object_settings` and `members` (values the view
looks up once): owners are the members; filters on a field the workspace hides, or pointing at
a disabled object, are removed (exactly like `apply_to_form` for forms); a sort on a removed
link is refused.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from labels.filters import LabelFilter
from records import custom_fields as types
from records.custom_fields import FieldType
from records.search import (
    is_searchable,
    search_filter,
)
from records.widgets import DateRangeWidget, RangeWidget
from workspaces.object_settings import ObjectSettings
from workspaces.registry import registry

SEARCH_FENCE = 10_000_000
DATE_INPUT = DateRangeWidget()


def label_range_inputs(form) -> None:
    """Give each input of a range (dates, amounts) an accessible name of its own, « Created:
    from » and « Created: to »: the field's one label names neither of them."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.MultiWidget) and len(widget.widgets) == 2:
            low, high = widget.widgets
            low.attrs["aria-label"] = _("%(field)s: from") % {"field": field.label}
            high.attrs["aria-label"] = _("%(field)s: to") % {"field": field.label}


def workspace_members(workspace) -> QuerySet:
    """The people of a workspace, as choices for an owner."""
    return (
        get_user_model()
        .objects.filter(memberships__workspace_id=workspace.pk)
        .order_by("full_name", "email")
    )


class RecordFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label=_("Search"))
    label = LabelFilter()
    owner = django_filters.ModelChoiceFilter(
        queryset=get_user_model().objects.none(), label=_("Owner")
    )
    created = django_filters.DateFromToRangeFilter(label=_("Created"), widget=DATE_INPUT)
    updated = django_filters.DateFromToRangeFilter(label=_("Updated"), widget=DATE_INPUT)
    sort = django_filters.CharFilter(method="filter_nothing", label=_("Sort"))

    object_key: str = ""
    # sort key (the `sort` parameter, "-" prefix for descending) -> model fields; pk is added.
    sort_fields: dict[str, list[str]] = {}
    # sort key -> the CRM object it needs enabled (e.g. {"organisation": "organisation"}).
    sort_requires: dict[str, str] = {}
    default_sort: str = ""

    def __init__(
        self,
        data=None,
        queryset=None,
        *,
        object_settings: ObjectSettings,
        members,
        custom_fields=(),
        **kwargs,
    ):
        super().__init__(data, queryset, **kwargs)
        self.object_settings = object_settings
        self.filters["owner"].queryset = members
        self.custom_fields = list(custom_fields)
        self._add_custom_filters(members)
        # Sorts other apps add (the next step): name -> expression.
        self.extension_sorts = {}
        for extension in registry.list_extensions_for(self.object_key):
            if extension.filter is not None:
                self.filters[extension.name] = extension.filter(self.object_key)
            if extension.sort is not None:
                self.extension_sorts[extension.name] = extension.sort
        crm_object = self.object_settings[self.object_key]
        for name, filter_ in list(self.filters.items()):
            if not crm_object.shows(filter_.field_name) and name not in {"q", "sort"}:
                del self.filters[name]
                continue
            queryset = getattr(filter_, "queryset", None)
            if queryset is not None:
                target = self.object_settings.for_model(queryset.model)
                if target is not None and not target.enabled:
                    del self.filters[name]

    @property
    def form(self):
        form = super().form
        label_range_inputs(form)
        return form

    def carried_values(self) -> list[tuple[str, str]]:
        """The filters' values in the URL as (name, value) pairs, search and sort aside: the
        list page carries them in hidden inputs until its popover fetches the fields
        (records/list.html), so that a search typed meanwhile keeps them."""
        if not self.data:
            return []
        names = set()
        for name, form_field in self.form.fields.items():
            if name in ("q", "sort"):
                continue
            widget = form_field.widget
            suffixes = getattr(widget, "suffixes", None)
            if suffixes:  # a range: created_after, created_before…
                names.update(widget.suffixed(name, suffix) for suffix in suffixes)
            else:
                names.add(name)
        return [
            (name, value) for name, values in self.data.lists() if name in names for value in values
        ]

    # What the page shows of the URL's search and sort, and whether its filters were refused,
    # without building the form when there is nothing to validate (a list without filters).
    @property
    def search_value(self) -> str:
        return self.data.get("q") or ""

    @property
    def sort_value(self) -> str:
        return self.data.get("sort") or ""

    @property
    def form_errors(self):
        return self.form.errors if self.is_bound else {}

    @property
    def search_too_short(self) -> bool:
        """A search was typed, but no word of it is long enough to be looked for."""
        term = (self.data.get("q") or "").strip()
        return bool(term) and not is_searchable(term)

    def _add_custom_filters(self, members) -> None:
        """Typed filters for the custom fields: text contains, ranges for numbers and dates,
        options for choices, yes/no, a member; and for each, "is empty" / "is filled"."""
        people = None
        for field in self.custom_fields:
            name, label = field.form_name, field.label
            kind = field.field_type
            if kind in types.TEXT_TYPES:
                filter_ = CustomFilter(field, "text", label=label)
            elif kind in types.NUMBER_TYPES:
                filter_ = CustomRangeFilter(field, label=label, widget=RangeWidget())
            elif kind == FieldType.DATE:
                filter_ = CustomDateRangeFilter(field, label=label, widget=DATE_INPUT)
            elif kind == FieldType.BOOLEAN:
                filter_ = CustomFilter(
                    field,
                    "boolean",
                    label=label,
                    choices=[("true", _("Yes")), ("false", _("No"))],
                )
            elif kind in types.CHOICE_TYPES:
                choices = [(o["id"], o.get("label", "")) for o in field.options or []]
                filter_ = CustomFilter(field, "choice", label=label, choices=choices)
            else:  # member
                if people is None:
                    people = [(str(p.pk), str(p)) for p in members]
                filter_ = CustomFilter(field, "member", label=label, choices=people)
            self.filters[name] = filter_
            self.filters[f"{name}_empty"] = CustomFilter(
                field,
                "empty",
                label=_("%(field)s: empty?") % {"field": label},
                choices=[("1", _("is empty")), ("0", _("is filled"))],
            )

    @property
    def custom_filter_fields(self) -> list:
        """The bound form fields of the custom filters, for the "more filters" panel."""
        names = {f.form_name for f in self.custom_fields}
        return [bound for bound in self.form if bound.name.removesuffix("_empty") in names]

    @property
    def custom_filters_active(self) -> bool:
        prefixes = tuple(f.form_name for f in self.custom_fields)
        return bool(prefixes) and any(
            key.startswith(prefixes) and value for key, value in self.data.items()
        )

    def filter_search(self, queryset, name, value):
        if not is_searchable(value):
            return queryset.none()
        # As a fenced subquery of ids (its LIMIT keeps PostgreSQL from merging it into the
        # outer query): the ids come from the trigram indexes (bitmap scan), instead of
        # immutable_unaccent() running on every row while the sort index is walked, which is
        # slow when the matches cluster far down the sort order ("muller" sorted by name);
        # then their rows by primary key (records.search.AnyOf), not a scan of the table.
        text_fields = [f for f in self.custom_fields if f.field_type in types.TEXT_TYPES]
        condition = search_filter(
            self._meta.model.search_fields, value, custom_values=bool(text_fields)
        )
        matching = self._meta.model.objects.filter(condition).order_by().values("pk")[:SEARCH_FENCE]
        return queryset.filter(pk__any_of=matching)

    def filter_nothing(self, queryset, name, value):
        return queryset  # the sort is applied last, in filter_queryset

    @property
    def sort_key(self) -> str:
        """The sort in effect: the requested one when allowed, else the default."""
        requested = (self.data.get("sort") or "").strip()
        key = requested.removeprefix("-")
        if any(f.form_name == key for f in self.custom_fields) or key in self.extension_sorts:
            return requested
        if key in self.sort_fields:
            needed = self.sort_requires.get(key)
            if needed is None or self.object_settings.is_enabled(needed):
                return requested
        return self.default_sort

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        sort = self.sort_key
        if not sort:
            return queryset
        descending = sort.startswith("-")
        custom = next((f for f in self.custom_fields if f.form_name == sort.lstrip("-")), None)
        extension_sort = self.extension_sorts.get(sort.removeprefix("-"))
        if custom is not None or extension_sort is not None:
            expression = (
                types.sort_expression(custom)
                if custom is not None
                else extension_sort(self.object_key)
            )
            return queryset.order_by(
                expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True),
                "-pk" if descending else "pk",
            )
        fields = self.sort_fields[sort.removeprefix("-")] + ["pk"]
        return queryset.order_by(*[f"-{f}" if descending else f for f in fields])

    @property
    def active_filters(self) -> bool:
        """Whether any filter other than the sort is in use (for "clear filters" links)."""
        return any(
            value not in (None, "", [])
            for key, value in self.data.items()
            if key not in {"sort", "page"} and key in self._filter_params()
        )

    def _filter_params(self) -> set[str]:
        params = set()
        for name, filter_ in self.filters.items():
            params.add(name)
            if isinstance(filter_, django_filters.DateFromToRangeFilter):
                params |= {f"{name}_after", f"{name}_before"}
            elif isinstance(filter_, django_filters.RangeFilter):
                params |= {f"{name}_min", f"{name}_max"}
        return params


class CustomFilter(django_filters.Filter):
    """A filter on one custom field; `kind` says how it reads its value."""

    def __init__(self, custom_field, kind: str, *, choices=None, **kwargs):
        self.custom_field = custom_field
        self.kind = kind
        if choices is not None:
            kwargs["field_class"] = forms.ChoiceField
            kwargs["choices"] = [("", "—"), *choices]
        else:
            kwargs["field_class"] = forms.CharField
            kwargs["max_length"] = 200
        self.field_class = kwargs.pop("field_class")
        super().__init__(field_name="custom", **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        field = self.custom_field
        if self.kind == "text":
            return qs.filter(types.text_lookup(field, value.replace("\x00", "")))
        if self.kind == "empty":
            condition = types.is_empty(field)
            return qs.filter(condition) if value == "1" else qs.exclude(condition)
        if self.kind == "boolean":
            return qs.filter(custom__contains={field.key: value == "true"})
        if self.kind == "member":
            return qs.filter(custom__contains={field.key: int(value)})
        return qs.filter(types.choice_lookup(field, value))


class CustomRangeFilter(django_filters.RangeFilter):
    def __init__(self, custom_field, **kwargs):
        self.custom_field = custom_field
        super().__init__(field_name="custom", **kwargs)

    def filter(self, qs, value):
        if not value or (value.start is None and value.stop is None):
            return qs
        return qs.filter(types.range_lookup(self.custom_field, value.start, value.stop))


class CustomDateRangeFilter(django_filters.DateFromToRangeFilter):
    def __init__(self, custom_field, **kwargs):
        self.custom_field = custom_field
        super().__init__(field_name="custom", **kwargs)

    def filter(self, qs, value):
        if not value or (value.start is None and value.stop is None):
            return qs
        start = value.start.date() if value.start is not None else None
        stop = value.stop.date() if value.stop is not None else None
        return qs.filter(types.range_lookup(self.custom_field, start, stop))
