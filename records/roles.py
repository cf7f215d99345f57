"""One generic set of pages for a CRM object: list, detail, create, update, delete.

After neapolitan's `Role` idea: an object app describes its object once and gets its views and
URLs. Every view

- answers 404 when the object is disabled in the workspace (`object_enabled`),
- looks ids up in the current workspace's schema only (a foreign id is a 404),
- builds forms through `apply_to_form` (hidden fields and links to disabled objects vanish),
- leaves writing to the app's services, and checks `request.membership.can_write` (the access
  middleware already refuses a viewer's POST with 403).

Usage (see contacts/views.py and organisations/views.py for complete examples):

    class ContactPages(RecordPages):
        key = "contact"                        # the workspace-settings key
        model = Contact                        # needs get_absolute_url(); `labels` M2M for
                                               # label actions; `search_fields` for `q`
        filterset_class = ContactFilterSet     # a records.filters.RecordFilterSet
        form_class = ContactForm               # a ModelForm whose __init__ takes request=
        columns = [Column("name", _("Name"), render=lambda c: link(detail_url(c), c), sort="name"),
                   Column("organisation", lambda s: s["organisation"].singular, render=...,
                          field="organisation", requires="organisation")]

        def get_queryset(self, request):              # the list's selector (select/prefetch)
        def get_detail_queryset(self, request):       # defaults to get_queryset
        def export_columns(self, request):            # -> [records.export.ExportColumn]
        def detail_fields(self, request, record):     # -> [DetailField(label, escaped html)]
        def detail_context(self, request, record):    # extra context: banner_template,
                                                      # linked_template (included templates)
        def find_duplicates(self, request, form):     # -> queryset or None (create warning)
        def create_record(self, request, form):       # -> record (call your service)
        def update_record(self, request, form, record):
        def delete_record(self, request, record):     # -> message
        def delete_warning(self, request, record):    # -> text on the confirmation page
        def bulk_delete(self, request, queryset):     # -> number deleted

    pages = ContactPages()
    urlpatterns = pages.urlpatterns()   # in <app>/urls.py, with app_name = "<app>"

URL names: `<app>:list` (""), `:create` ("new/"), `:export` ("export/"), `:bulk` ("bulk/"),
`:detail` ("<pk>/"), `:update` ("<pk>/edit/"), `:delete` ("<pk>/delete/"), `:labels`
("<pk>/labels/", inline label add/remove). Add your own with `urlpatterns()` + more paths.

Templates (override one with `templates = {"detail": "contacts/detail.html"}`): records/list.html
(partial `results`, returned for HTMX requests), records/detail.html (partials `record` and
`labels`; includes `banner_template` and `linked_template` from the context), records/form.html
(partial `form`), records/delete.html, records/bulk_delete.html. A template that extends one
of these does not inherit its partials: keep partial-bearing pages generic and add includes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_htmx.http import HttpResponseClientRedirect

from labels.models import Label
from records.export import csv_response
from records.filters import workspace_members
from workspaces.object_settings import (
    CrmObject,
    ObjectSettings,
    apply_to_form,
    object_enabled,
    object_settings_for,
)
from workspaces.registry import registry

PAGE_SIZE = 50
BULK_MAX = 1000  # records one bulk action may touch
FEW_ROWS = 2000  # up to this many matches, a list reads all their ids in one query


@dataclass
class Column:
    """A list column: its header, how a cell renders (escaped HTML), and its sort key.

    `field` names the model field the column shows: the column disappears when the workspace
    hides that field. `requires` names a CRM object that must be enabled (a link column).
    `label` may be a callable taking the ObjectSettings (e.g. the organisation's name).
    """

    name: str
    label: Any
    render: Callable[[Any], str]
    sort: str = ""
    field: str = ""
    requires: str = ""

    def header(self, object_settings: ObjectSettings) -> str:
        return str(self.label(object_settings) if callable(self.label) else self.label)


class Row(dict):
    """A list row: `record`, `pk`, `cells` (escaped HTML; a view may replace some) and
    `cells_html`, all the cells as one string (50 rows × 7 cells through a template loop is
    slow)."""

    def __init__(self, *, record, cells):
        super().__init__(record=record, pk=record.pk, cells=cells)

    def __getitem__(self, key):
        if key == "cells_html":
            return format_html_join("", "<td>{}</td>", ((c,) for c in self["cells"]))
        return super().__getitem__(key)


@dataclass
class DetailField:
    label: str
    value: str  # escaped HTML


@dataclass
class ListPage:
    """What a list template receives."""

    crm_object: CrmObject
    filterset: Any
    page: Any
    columns: list[Column]
    headers: list[dict]
    rows: list[dict]
    query: str  # the current filters as a query string (without page)
    total: int
    extra: dict = field(default_factory=dict)


@lru_cache(maxsize=64)
def _detail_url_pattern(namespace: str) -> tuple[str, str]:
    marker = 987654321
    url = reverse(f"{namespace}:detail", args=[marker])
    head, _marker, tail = url.partition(str(marker))
    return head, tail


def detail_url(record) -> str:
    """record.get_absolute_url() without one reverse() per row (lists render 50 of them)."""
    head, tail = _detail_url_pattern(record._meta.app_label)
    return f"{head}{record.pk}{tail}"


def link(url: str, text) -> str:
    return format_html('<a href="{}">{}</a>', url, text)


def label_chips(record) -> str:
    """The record's labels as chips (they must be prefetched)."""
    return format_html_join(
        " ",
        '<span class="chip chip--{}">{}</span>',
        ((label.colour, label.name) for label in record.labels.all()),
    )


def safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


class RecordPages:
    key: str = ""
    model: type[Model]
    filterset_class: type
    form_class: type
    columns: list[Column] = []
    templates: dict[str, str] = {}
    paginate_by: int = PAGE_SIZE

    # --- what an app provides -------------------------------------------------------------

    def get_queryset(self, request) -> QuerySet:
        """The selector of the list: every row with what the columns need."""
        return self.model.objects.all()

    def get_detail_queryset(self, request) -> QuerySet:
        return self.get_queryset(request)

    def export_columns(self, request) -> list:
        return []

    def detail_fields(self, request, record) -> list[DetailField]:
        return []

    def detail_context(self, request, record) -> dict:
        return {}

    def find_duplicates(self, request, form) -> QuerySet | None:
        """Records the new one probably duplicates (a warning on create), or None.

        Called on every create POST, valid or not: read the raw `form.data`.
        """
        return None

    def create_record(self, request, form):
        raise NotImplementedError

    def update_record(self, request, form, record):
        raise NotImplementedError

    def delete_record(self, request, record) -> str:
        """Delete, and return the message to show."""
        raise NotImplementedError

    def bulk_delete(self, request, queryset) -> int:
        raise NotImplementedError

    def delete_warning(self, request, record) -> str:
        """What deleting this record does to others (shown on the confirmation page)."""
        return ""

    # --- helpers ------------------------------------------------------------------------------

    @property
    def namespace(self) -> str:
        return self.model._meta.app_label

    def url(self, name: str, *args) -> str:
        return reverse(f"{self.namespace}:{name}", args=args)

    def template(self, name: str) -> str:
        return self.templates.get(name, f"records/{name}.html")

    def crm_object(self, request) -> CrmObject:
        return object_settings_for(request)[self.key]

    def can_write(self, request) -> bool:
        membership = getattr(request, "membership", None)
        return bool(membership and membership.can_write)

    def require_write(self, request) -> None:
        if not self.can_write(request):
            raise PermissionDenied

    def get_record(self, request, pk) -> Model:
        return get_object_or_404(self.get_detail_queryset(request), pk=pk)

    def get_form(self, request, *, instance=None, data=None):
        initial = {}
        if instance is None and data is None:  # /new/?organisation=3 pre-fills a link
            initial = {k: v for k, v in request.GET.items() if k in self.form_class.base_fields}
        form = self.form_class(data=data, instance=instance, request=request, initial=initial)
        apply_to_form(form, key=self.key, settings=object_settings_for(request))
        if "owner" in form.fields:
            form.fields["owner"].queryset = workspace_members(request)
        return form

    def visible_columns(self, request) -> list[Column]:
        object_settings = object_settings_for(request)
        crm_object = object_settings[self.key]
        return [
            column
            for column in self.columns
            if (not column.field or crm_object.shows(column.field))
            and (not column.requires or object_settings.is_enabled(column.requires))
        ]

    def filterset(self, request):
        return self.filterset_class(
            request.GET or None, queryset=self.get_queryset(request), request=request
        )

    def base_context(self, request, **extra) -> dict:
        return {
            "crm_object": self.crm_object(request),
            "pages": self,
            "can_write": self.can_write(request),
            "list_url": self.url("list"),
            "create_url": self.url("create"),
            "bulk_url": self.url("bulk"),
            "show_labels": self.crm_object(request).shows("labels"),
            **extra,
        }

    # --- list -----------------------------------------------------------------------------

    def list_page(self, request) -> ListPage:
        filterset = self.filterset(request)
        queryset = filterset.qs
        # Deferred join: the page's ids come from the sort index alone (cheap even at a deep
        # OFFSET); only those 50 rows are then read with their joins and prefetches.
        # A search or filter matching few rows is read once: no second pass for the count.
        # A search (bitmap scan of every match anyway) is read sorted; other filters are
        # probed unsorted, which stops early when they match many rows, then sorted by key.
        ids_query = queryset.values_list("pk", flat=True)
        if (request.GET.get("q") or "").strip():
            few = list(ids_query[: FEW_ROWS + 1])
        else:
            few = list(queryset.order_by().values_list("pk", flat=True)[: FEW_ROWS + 1])
            if len(few) <= FEW_ROWS:
                ordering = queryset.query.order_by or self.model._meta.ordering
                few = list(
                    self.model.objects.filter(pk__in=few)
                    .order_by(*ordering)
                    .values_list("pk", flat=True)
                )
        paginator = Paginator(few if len(few) <= FEW_ROWS else ids_query, self.paginate_by)
        page = paginator.get_page(request.GET.get("page"))
        ids = list(page.object_list)
        rows_query = self.get_queryset(request).filter(pk__in=ids).order_by()
        by_id = {record.pk: record for record in rows_query}
        page.object_list = [by_id[pk] for pk in ids if pk in by_id]
        columns = self.visible_columns(request)
        object_settings = object_settings_for(request)
        params = request.GET.copy()
        params.pop("page", None)
        sort = filterset.sort_key
        headers = []
        for column in columns:
            header = {"label": column.header(object_settings), "sort_url": "", "sorted": ""}
            if column.sort:
                sort_params = params.copy()
                descending = sort == column.sort
                sort_params["sort"] = f"-{column.sort}" if descending else column.sort
                header["sort_url"] = "?" + sort_params.urlencode()
                if sort == column.sort:
                    header["sorted"] = "ascending"
                elif sort == f"-{column.sort}":
                    header["sorted"] = "descending"
            headers.append(header)
        rows = [
            Row(record=record, cells=[column.render(record) for column in columns])
            for record in page.object_list
        ]
        return ListPage(
            crm_object=self.crm_object(request),
            filterset=filterset,
            page=page,
            columns=columns,
            headers=headers,
            rows=rows,
            query=params.urlencode(),
            total=paginator.count,
        )

    def list_view(self, request):
        listing = self.list_page(request)
        context = self.base_context(
            request,
            listing=listing,
            labels=Label.objects.order_by("name") if self.can_write(request) else [],
            export_url=self.url("export") + (f"?{listing.query}" if listing.query else ""),
        )
        template = self.template("list")
        if request.htmx and not request.htmx.boosted:
            template += "#results"
        return render(request, template, context)

    def export_view(self, request):
        filterset = self.filterset(request)
        return csv_response(
            columns=self.export_columns(request),
            queryset=filterset.qs,
            filename=self.crm_object(request).plural,
        )

    # --- bulk actions ---------------------------------------------------------------------

    def bulk_view(self, request):
        self.require_write(request)
        list_url = safe_next(request, self.url("list"))
        ids = [value for value in request.POST.getlist("ids") if value.isdigit()][:BULK_MAX]
        queryset = self.model.objects.filter(pk__in=ids)
        action = request.POST.get("action", "")
        if not ids:
            messages.warning(request, _("Select at least one line first."))
            return self.redirect(request, list_url)
        if action in {"add_label", "remove_label"}:
            label = Label.objects.filter(pk=request.POST.get("label") or 0).first()
            if label is None:
                messages.error(request, _("Choose a label."))
                return self.redirect(request, list_url)
            count = self.bulk_labels(queryset, label, add=action == "add_label")
            text = (
                ngettext(
                    "Label “%(label)s” added to %(count)d line.",
                    "Label “%(label)s” added to %(count)d lines.",
                    count,
                )
                if action == "add_label"
                else ngettext(
                    "Label “%(label)s” removed from %(count)d line.",
                    "Label “%(label)s” removed from %(count)d lines.",
                    count,
                )
            )
            messages.success(request, text % {"label": label.name, "count": count})
            return self.redirect(request, list_url)
        if action == "delete":
            if request.POST.get("confirm") != "yes":
                records = list(queryset[:BULK_MAX])
                return render(
                    request,
                    self.template("bulk_delete"),
                    self.base_context(request, records=records, count=len(records), next=list_url),
                )
            count = self.bulk_delete(request, queryset)
            crm_object = self.crm_object(request)
            messages.success(
                request,
                ngettext(
                    "%(count)d line deleted (%(objects)s).",
                    "%(count)d lines deleted (%(objects)s).",
                    count,
                )
                % {"count": count, "objects": crm_object.plural},
            )
            return self.redirect(request, list_url)
        messages.error(request, _("Unknown action."))
        return self.redirect(request, list_url)

    @transaction.atomic
    def bulk_labels(self, queryset, label, *, add: bool) -> int:
        """Add `label` to (or remove it from) every record of `queryset`; one or two queries."""
        from records.services import records_label_add, records_label_remove

        if add:
            return records_label_add(records=queryset, label=label)
        return records_label_remove(records=queryset, label=label)

    def redirect(self, request, url: str):
        if request.htmx:
            return HttpResponseClientRedirect(url)
        return HttpResponseRedirect(url)

    # --- record pages -----------------------------------------------------------------------

    def record_sections(self, request, record) -> list[str]:
        """Sections other apps add to this record's page (workspaces.registry), as HTML."""
        object_settings = object_settings_for(request)
        sections = []
        for section in registry.sections_for(self.key, object_settings):
            context = section.context(request, record, object_settings)
            if context is not None:
                context = {**context, "record": record}
                sections.append(render_to_string(section.template, context, request=request))
        return sections

    def detail_context_for(self, request, record, **extra) -> dict:
        return self.base_context(
            request,
            record=record,
            sections=self.record_sections(request, record),
            fields=self.detail_fields(request, record),
            record_labels=list(record.labels.all()),
            available_labels=Label.objects.exclude(pk__in=[lbl.pk for lbl in record.labels.all()])
            if self.can_write(request)
            else [],
            update_url=self.url("update", record.pk),
            delete_url=self.url("delete", record.pk),
            labels_url=self.url("labels", record.pk),
            **self.detail_context(request, record),
            **extra,
        )

    def detail_view(self, request, pk):
        record = self.get_record(request, pk)
        return render(request, self.template("detail"), self.detail_context_for(request, record))

    def labels_view(self, request, pk):
        """Add or remove one label on a record page (inline, HTMX or plain form)."""
        self.require_write(request)
        if not self.crm_object(request).shows("labels"):
            raise Http404
        record = self.get_record(request, pk)
        label = get_object_or_404(Label, pk=request.POST.get("label") or 0)
        queryset = self.model.objects.filter(pk=record.pk)
        self.bulk_labels(queryset, label, add=request.POST.get("action") != "remove")
        if request.htmx:
            record = self.get_record(request, pk)  # fresh labels
            return render(
                request,
                self.template("detail") + "#labels",
                self.detail_context_for(request, record),
            )
        return HttpResponseRedirect(record.get_absolute_url())

    def form_context(self, request, form, record=None, **extra) -> dict:
        return self.base_context(
            request,
            form=form,
            record=record,
            action_url=self.url("update", record.pk) if record else self.url("create"),
            cancel_url=record.get_absolute_url() if record else self.url("list"),
            **extra,
        )

    def render_form(self, request, form, record=None, **extra):
        template = self.template("form")
        if request.htmx:
            template += "#form"
        context = self.form_context(request, form, record, **extra)
        # 200 with errors too: htmx swaps only successful responses.
        return render(request, template, context)

    def create_view(self, request):
        self.require_write(request)
        if request.method != "POST":
            return self.render_form(request, self.get_form(request, data=None))
        form = self.get_form(request, data=request.POST)
        valid = form.is_valid()
        duplicates = []
        if request.POST.get("confirm_duplicate") != "yes":
            found = self.find_duplicates(request, form)
            duplicates = list(found[:5]) if found is not None else []
        if not valid or duplicates:
            return self.render_form(request, form, duplicates=duplicates, can_force=valid)
        record = self.create_record(request, form)
        messages.success(
            request,
            _("%(object)s “%(name)s” created.")
            % {"object": self.crm_object(request).singular, "name": record},
        )
        return self.redirect(request, record.get_absolute_url())

    def update_view(self, request, pk):
        self.require_write(request)
        record = self.get_record(request, pk)
        if request.method != "POST":
            return self.render_form(request, self.get_form(request, instance=record), record)
        form = self.get_form(request, instance=record, data=request.POST)
        if not form.is_valid():
            return self.render_form(request, form, record)
        record = self.update_record(request, form, record)
        if request.htmx:
            # In place: the record card replaces the form.
            record = self.get_record(request, pk)
            return render(
                request,
                self.template("detail") + "#record",
                self.detail_context_for(request, record, saved=True),
            )
        messages.success(request, _("Changes saved."))
        return HttpResponseRedirect(record.get_absolute_url())

    def delete_view(self, request, pk):
        self.require_write(request)
        record = self.get_record(request, pk)
        if request.method != "POST":
            return render(
                request,
                self.template("delete"),
                self.base_context(
                    request, record=record, warning=self.delete_warning(request, record)
                ),
            )
        text = self.delete_record(request, record)
        messages.success(request, text)
        return self.redirect(request, self.url("list"))

    # --- URLs ---------------------------------------------------------------------------------

    def urlpatterns(self) -> list:
        enabled = object_enabled(self.key)
        return [
            path("", enabled(self.list_view), name="list"),
            path("new/", enabled(self.create_view), name="create"),
            path("export/", enabled(self.export_view), name="export"),
            path("bulk/", enabled(self.bulk_view), name="bulk"),
            path("<int:pk>/", enabled(self.detail_view), name="detail"),
            path("<int:pk>/edit/", enabled(self.update_view), name="update"),
            path("<int:pk>/delete/", enabled(self.delete_view), name="delete"),
            path("<int:pk>/labels/", enabled(self.labels_view), name="labels"),
        ]
