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
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from labels.filters import LabelFilter
from records.search import is_searchable, search_filter
from workspaces.object_settings import ObjectSettings

SEARCH_FENCE = 10_000_000
DATE_INPUT = django_filters.widgets.DateRangeWidget(attrs={"type": "date"})


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
        self, data=None, queryset=None, *, object_settings: ObjectSettings, members, **kwargs
    ):
        super().__init__(data, queryset, **kwargs)
        self.object_settings = object_settings
        self.filters["owner"].queryset = members
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
    def search_too_short(self) -> bool:
        """A search was typed, but no word of it is long enough to be looked for."""
        term = (self.data.get("q") or "").strip()
        return bool(term) and not is_searchable(term)

    def filter_search(self, queryset, name, value):
        if not is_searchable(value):
            return queryset.none()
        # As a fenced subquery of ids (its LIMIT keeps PostgreSQL from merging it into the
        # outer query): the ids come from the trigram indexes (bitmap scan), instead of
        # immutable_unaccent() running on every row while the sort index is walked, which is
        # slow when the matches cluster far down the sort order ("muller" sorted by name).
        matching = (
            self._meta.model.objects.filter(search_filter(self._meta.model.search_fields, value))
            .order_by()
            .values("pk")[:SEARCH_FENCE]
        )
        return queryset.filter(pk__in=matching)

    def filter_nothing(self, queryset, name, value):
        return queryset  # the sort is applied last, in filter_queryset

    @property
    def sort_key(self) -> str:
        """The sort in effect: the requested one when allowed, else the default."""
        requested = (self.data.get("sort") or "").strip()
        key = requested.removeprefix("-")
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
        return params
