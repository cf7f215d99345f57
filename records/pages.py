"""One generic set of pages for a CRM object: list, detail, create, update, delete.

After neapolitan's `Role` idea: an object app describes its object once and gets its views and
URLs. Every view

- answers 404 when the object is disabled in the workspace (`object_enabled`),
- looks ids up in the current workspace's schema only (a foreign id is a 404),
- looks the workspace's object settings up once and hands them, as a value, to the form
  (records.forms.RecordForm), the filters (records.filters.RecordFilterSet) and the fields
  (records.fields: the record page's fields and the export's columns),
- leaves writing to the app's services, and checks `request.membership.can_write` (the access
  middleware already refuses a viewer's POST with 403).

Usage (see contacts/views.py and organisations/views.py for complete examples):

    class ContactPages(RecordPages):
        key = "contact"                        # the workspace-settings key
        model = Contact                        # needs get_absolute_url(); `labels` M2M for
                                               # label actions; `search_fields` for `q`
        fields = CONTACT_FIELDS                # records.fields.ObjectFields: page and export
        filterset_class = ContactFilterSet     # a records.filters.RecordFilterSet
        form_class = ContactForm               # a records.forms.RecordForm
        columns = contact_columns()            # [records.pages.Column], see <app>/components.py
        bulk_actions = [*COMMON_ACTIONS, …]    # records.bulk.BulkAction

        def get_queryset(self, request):              # the list's selector (select/prefetch)
        def get_detail_queryset(self, request):       # defaults to get_queryset
        def detail_context(self, request, record):    # extra context: banner_template
        def find_duplicates(self, request, form):     # -> queryset or None (create warning)
        def create_record(self, request, form):       # -> record (call your service)
        def update_record(self, request, form, record):
        def delete_record(self, request, record):     # -> message
        def delete_warning(self, request, record):    # -> text on the confirmation page
        def bulk_delete(self, request, queryset):     # -> number deleted

    pages = ContactPages()
    urlpatterns = pages.urlpatterns()   # in <app>/urls.py, with app_name = "<app>"

Other apps add sections to a record page through workspaces.registry (`RecordSection`).

URL names: `<app>:list` (""), `:create` ("new/"), `:export` ("export/"), `:bulk` ("bulk/"),
`:detail` ("<pk>/"), `:update` ("<pk>/edit/"), `:delete` ("<pk>/delete/"), `:labels`
("<pk>/labels/", inline label add/remove), `:field` ("<pk>/field/<name>/", click-to-edit of one
field, records.inline_edit), `:preview` ("<pk>/preview/", a list's preview panel). Add your own
with `urlpatterns()` + more paths.

Templates (override one with `templates = {"detail": "contacts/detail.html"}`): records/list.html
(partial `results`, returned for HTMX requests), records/detail.html (partials `record` and
`labels`; includes `banner_template`, then the registered sections), records/form.html
(partial `form`), records/delete.html, records/bulk_delete.html. A template that extends one
of these does not inherit its partials: keep partial-bearing pages generic and add includes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.humanize.templatetags.humanize import intword
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, Model, OuterRef, QuerySet
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.formats import number_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from labels.models import Label
from records import bulk
from records import custom_fields as types
from records.export import FORMATS, ExportColumn, export_response
from records.fields import DetailField, ObjectFields
from records.filter_chips import FilterChip, clean_list_url, filter_chips
from records.filters import workspace_members
from records.html import esc, labels_of
from records.inline_edit import RECORD_CHANGED, InlineEdit
from records.list_state import ListState, list_state
from records.paging import page_of
from records.picker import Picker, picker_options_view
from records.search import MIN_WORD_LENGTH
from records.selectors import custom_fields_for
from records.services import records_label_add, records_label_remove
from records.validation import parse_id
from records.view_services import (
    clean_columns,
    list_columns_reset,
    list_columns_set,
    list_default_view_set,
    saved_view_create,
    saved_view_delete,
)
from workspaces.access import personal
from workspaces.object_settings import (
    CrmObject,
    ObjectSettings,
    object_enabled,
    object_settings_for,
)
from workspaces.registry import registry

PAGE_SIZE = 50
PREVIEW_FIELDS = 8  # the first filled fields a record's preview shows
CARD_LINES = 3  # key facts under a row's title when the list shows as cards (phones)


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
    slow), built when the template asks for it (after a view replaced cells)."""

    def __init__(self, *, record, cells, roles=()):
        super().__init__(record=record, pk=record.pk, cells=cells, roles=roles)

    def __getitem__(self, key):
        if key == "cells_html":
            roles = self["roles"] or ["key"] * len(self["cells"])
            # Each cell is escaped HTML already (esc keeps it as it is, and escapes plain
            # text); the roles are this module's words (card_roles).
            return SafeString(
                "".join(
                    f'<td class="cell cell--{role}">{esc(cell)}</td>'
                    for role, cell in zip(roles, self["cells"], strict=True)
                )
            )
        return super().__getitem__(key)


def card_roles(columns: list[Column]) -> list[str]:
    """What each column is in a row's card on a phone: its title (the first column), its
    labels (as chips), up to CARD_LINES key facts, and more (shown on larger screens only)."""
    roles, lines = [], 0
    for index, column in enumerate(columns):
        if index == 0:
            roles.append("title")
        elif column.name == "labels":
            roles.append("labels")
        elif lines < CARD_LINES:
            roles.append("key")
            lines += 1
        else:
            roles.append("more")
    return roles


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
    total_estimated: bool = False  # beyond records.paging.EXACT_COUNT matches

    @property
    def total_rounded(self) -> str:
        """An estimated total as people say it: « 1,2 million », « 45 000 »."""
        total = int(float(f"{self.total:.2g}"))
        return intword(total) if total >= 1_000_000 else number_format(total, force_grouping=True)

    @property
    def exact_count_query(self) -> str:
        """The query of this page counted exactly (« Count exactly », next to an estimate)."""
        params = QueryDict(self.query, mutable=True)
        if self.page.number > 1:
            params["page"] = str(self.page.number)
        params["count"] = "exact"
        return params.urlencode()

    extra: dict = field(default_factory=dict)
    state: ListState | None = None
    available_columns: list[dict] = field(default_factory=list)
    chips: list[FilterChip] = field(default_factory=list)


@dataclass(frozen=True)
class RecordSectionPart:
    """A section of a record page (workspaces.registry.RecordSection) ready to render."""

    template: str
    context: dict


def safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


class RecordPages(InlineEdit):
    key: str = ""
    model: type[Model]
    fields: ObjectFields
    filterset_class: type
    form_class: type
    columns: list[Column] = []
    bulk_actions: list[bulk.BulkAction] = bulk.COMMON_ACTIONS
    templates: dict[str, str] = {}
    paginate_by: int = PAGE_SIZE
    picker: Picker | None = None  # records.picker: the object's link-field picker, at picker/

    # --- what an app provides -------------------------------------------------------------

    def get_queryset(self, request) -> QuerySet:
        """The selector of the list: every row with what the columns need."""
        return self.model.objects.all()

    def get_detail_queryset(self, request) -> QuerySet:
        return self.get_queryset(request)

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
        return self.form_class(
            data=data,
            instance=instance,
            initial=initial,
            object_settings=object_settings_for(request),
            members=workspace_members(request.tenant),
        )

    def extension_columns(self) -> list[Column]:
        """Columns other apps add to this list (workspaces.registry.ListExtension)."""
        return [
            Column(
                extension.name,
                extension.label,
                extension.render,
                sort=extension.name if extension.sort else "",
            )
            for extension in registry.list_extensions_for(self.key)
        ]

    def visible_columns(self, object_settings: ObjectSettings) -> list[Column]:
        crm_object = object_settings[self.key]
        return [
            column
            for column in [*self.columns, *self.extension_columns()]
            if (not column.field or crm_object.shows(column.field))
            and (not column.requires or object_settings.is_enabled(column.requires))
        ]

    def filterset(self, request, params=None):
        return self.filterset_class(
            (request.GET if params is None else params) or None,
            queryset=self.get_queryset(request),
            object_settings=object_settings_for(request),
            members=workspace_members(request.tenant),
            custom_fields=self.custom_fields(request),
        )

    # --- custom fields ------------------------------------------------------------------------

    def custom_fields(self, request) -> list:
        """The object's shown custom fields (records.custom_fields), once per request."""
        cache = request.__dict__.setdefault("_custom_fields", {})
        if self.key not in cache:
            cache[self.key] = custom_fields_for(self.key, include_hidden=False)
        return cache[self.key]

    def members_by_id(self, request, fields) -> dict:
        """People's names by id, when a field of type "member" needs them (one query)."""
        if not any(f.field_type == types.FieldType.MEMBER for f in fields):
            return {}
        cache = request.__dict__.setdefault("_members_by_id", {})
        if not cache:
            cache.update({p.pk: str(p) for p in workspace_members(request.tenant)})
        return cache

    def custom_columns(self, request) -> list[Column]:
        fields = self.custom_fields(request)
        members = self.members_by_id(request, fields)
        return [
            Column(
                f.form_name,
                f.label,
                lambda record, f=f: types.as_html(f, (record.custom or {}).get(f.key), members),
                sort=f.form_name,
            )
            for f in fields
        ]

    def custom_sections(self, request, record) -> list[tuple[str, list[DetailField]]]:
        """The record's custom values by group (ungrouped first), as escaped HTML."""
        fields = self.custom_fields(request)
        members = self.members_by_id(request, fields)
        groups: dict[str, list[DetailField]] = {}
        for f in fields:
            value = types.as_html(f, (record.custom or {}).get(f.key), members)
            groups.setdefault(f.group, []).append(DetailField(f.label, value, f.form_name))
        return sorted(groups.items(), key=lambda item: item[0] != "")

    def custom_export_columns(self, request) -> list[ExportColumn]:
        fields = self.custom_fields(request)
        members = self.members_by_id(request, fields)
        return [
            ExportColumn(
                f.label,
                "custom",
                lambda custom, f=f: types.as_export(f, (custom or {}).get(f.key), members),
            )
            for f in fields
        ]

    def list_state(self, request) -> tuple[ListState, dict[str, Column]]:
        object_settings = object_settings_for(request)
        available = {
            c.name: c for c in self.visible_columns(object_settings) + self.custom_columns(request)
        }
        state = list_state(
            request,
            object_key=self.key,
            custom_fields=self.custom_fields(request),
            available=list(available),
        )
        return state, available

    def available_bulk_actions(self, request) -> list[bulk.BulkAction]:
        if not self.can_write(request):
            return []
        shows_labels = self.crm_object(request).shows("labels")
        return [a for a in self.bulk_actions if shows_labels or not a.needs_labels]

    def base_context(self, request, **extra) -> dict:
        crm_object = self.crm_object(request)
        return {
            "crm_object": crm_object,
            "pages": self,
            "can_write": self.can_write(request),
            "list_url": self.url("list"),
            "create_url": self.url("create"),
            "bulk_url": self.url("bulk"),
            "show_labels": crm_object.shows("labels"),
            "min_search_length": MIN_WORD_LENGTH,
            **extra,
        }

    # --- list -----------------------------------------------------------------------------

    def list_page(self, request) -> ListPage:
        object_settings = object_settings_for(request)
        state, available = self.list_state(request)
        filterset = self.filterset(request, params=state.params)
        if state.chosen:
            columns = [available[name] for name in state.columns]
        else:
            columns = self.visible_columns(object_settings)
        shown = {c.name for c in columns}
        rows_queryset = self.get_queryset(request)
        for extension in registry.list_extensions_for(self.key):
            if extension.name in shown:  # computed for the page's rows only (records.paging)
                rows_queryset = rows_queryset.annotate(**extension.annotate(self.key))
        page = page_of(
            filterset.qs,
            rows_queryset,
            number=request.GET.get("page"),
            per_page=self.paginate_by,
            searching=bool((state.params.get("q") or "").strip()),
            after=request.GET.get("after", ""),
            before=request.GET.get("before", ""),
            exact=request.GET.get("count") == "exact",
        )
        order = [c.name for c in columns] + [n for n in available if n not in shown]
        choices = []
        position = _("Position of the column “%(name)s”")  # translated once, not per column
        for name in order:
            label = available[name].header(object_settings)
            choices.append(
                {
                    "name": name,
                    "label": label,
                    "shown": name in shown,
                    "position_label": position % {"name": label},
                }
            )
        params = state.params.copy()
        for name in ("page", "after", "before", "count"):  # the page's links add their own
            params.pop(name, None)
        sort = filterset.sort_key
        headers = []
        for column in columns:
            header = {"label": column.header(object_settings), "sort_url": "", "sorted": ""}
            if column.sort:
                sort_params = params.copy()
                sort_params["sort"] = f"-{column.sort}" if sort == column.sort else column.sort
                header["sort_url"] = "?" + sort_params.urlencode()
                if sort == column.sort:
                    header["sorted"] = "ascending"
                elif sort == f"-{column.sort}":
                    header["sorted"] = "descending"
            headers.append(header)
        roles = card_roles(columns)
        rows = [
            Row(record=record, cells=[column.render(record) for column in columns], roles=roles)
            for record in page.object_list
        ]
        view_query = QueryDict(state.view.query) if state.view else None
        return ListPage(
            crm_object=object_settings[self.key],
            filterset=filterset,
            page=page,
            columns=columns,
            headers=headers,
            rows=rows,
            query=params.urlencode(),
            total=page.paginator.count,
            total_estimated=page.paginator.estimated,
            state=state,
            available_columns=choices,
            chips=filter_chips(
                filterset, params=state.params, view_query=view_query, list_url=self.url("list")
            ),
        )

    def list_view(self, request, *, filters_open: bool = False):
        clean = self.clean_list_url(request)
        if clean is not None:
            return HttpResponseRedirect(clean)
        listing = self.list_page(request)
        actions = self.available_bulk_actions(request)
        query = request.GET.urlencode()
        context = self.base_context(
            request,
            listing=listing,
            bulk_actions=actions,
            labels=Label.objects.order_by("name") if any(a.needs_labels for a in actions) else [],
            export_url=self.url("export") + (f"?{listing.query}" if listing.query else ""),
            filters_url=self.url("filters") + (f"?{query}" if query else ""),
            filters_open=filters_open,
        )
        template = self.template("list")
        if request.htmx and not request.htmx.boosted:
            template += "#results"
        return render(request, template, context)

    def filters_view(self, request):
        """The filter popover's fields (HTMX), fetched when it first opens: a list page does
        not render a dozen widgets nobody may open. Without JavaScript, the list page with its
        popover open and filled in."""
        if not request.htmx:
            return self.list_view(request, filters_open=True)
        state, _available = self.list_state(request)
        filterset = self.filterset(request, params=state.params)
        return render(request, "records/list.html#filter-fields", {"filterset": filterset})

    def clean_list_url(self, request) -> str | None:
        """The list's URL without the empty parameters of a submitted filter form, if any."""
        values = [value for _key, values in request.GET.lists() for value in values]
        if not any(value.strip() == "" for value in values):
            return None  # the usual case: no query for the saved view
        state, _available = self.list_state(request)
        view_query = QueryDict(state.view.query) if state.view else None
        return clean_list_url(request.GET, view_query=view_query, path=request.path)

    def export_view(self, request):
        state, _available = self.list_state(request)
        filterset = self.filterset(request, params=state.params)
        style = request.GET.get("format", "csv")
        return export_response(
            columns=self.fields.export_columns(object_settings_for(request))
            + self.custom_export_columns(request),
            queryset=filterset.qs,
            filename=self.crm_object(request).plural,
            style=style if style in FORMATS else "csv",
        )

    # --- bulk actions ---------------------------------------------------------------------

    def bulk_view(self, request):
        self.require_write(request)
        next_url = safe_next(request, self.url("list"))
        ids = bulk.selected_ids(request)
        if not ids:
            messages.warning(request, _("Select at least one line first."))
            return self.redirect(request, next_url)
        name = request.POST.get("action", "")
        action = next((a for a in self.available_bulk_actions(request) if a.name == name), None)
        if action is None:
            messages.error(request, _("Unknown action."))
            return self.redirect(request, next_url)
        return action.run(self, request, self.model.objects.filter(pk__in=ids), next_url)

    def redirect(self, request, url: str):
        if request.htmx:
            return HttpResponseClientRedirect(url)
        return HttpResponseRedirect(url)

    # --- record pages -----------------------------------------------------------------------

    def detail_fields(self, request, record) -> list[DetailField]:
        return self.fields.detail_fields(record, object_settings_for(request))

    def record_sections(self, request, record) -> list[RecordSectionPart]:
        """Sections other apps add to this record's page (workspaces.registry): each one's
        template and context, rendered by the page itself (records.templatetags.record_pages)
        so that the context processors run once per page, not once per section."""
        object_settings = object_settings_for(request)
        sections = []
        for section in registry.sections_for(self.key, object_settings):
            context = section.context(request, record, object_settings)
            if context is not None:
                sections.append(RecordSectionPart(section.template, {**context, "record": record}))
        return sections

    def record_labels(self, request, record) -> tuple[list[Label], list[Label]]:
        """The record's labels and, for a writer, the others that may be added: one query
        (none while the workspace hides labels)."""
        if not self.crm_object(request).shows("labels"):
            return [], []
        manager = record.labels
        on_record = manager.through.objects.filter(
            **{manager.source_field_name: record.pk, manager.target_field_name: OuterRef("pk")}
        )
        labels = list(Label.objects.annotate(on_record=Exists(on_record)))
        others = [label for label in labels if not label.on_record]
        return [label for label in labels if label.on_record], (
            others if self.can_write(request) else []
        )

    def detail_context_for(self, request, record, **extra) -> dict:
        record_labels, available_labels = self.record_labels(request, record)
        return self.base_context(
            request,
            record=record,
            fields=self.with_edit_urls(request, record, self.detail_fields(request, record)),
            custom_sections=[
                (group, self.with_edit_urls(request, record, group_fields))
                for group, group_fields in self.custom_sections(request, record)
            ],
            record_labels=record_labels,
            available_labels=available_labels,
            update_url=self.url("update", record.pk),
            delete_url=self.url("delete", record.pk),
            labels_url=self.url("labels", record.pk),
            **self.detail_context(request, record),
            **extra,
        )

    def detail_view(self, request, pk):
        # The labels panel reads the record's labels with the others (record_labels): the
        # list's prefetch of them would be a query for nothing.
        record = get_object_or_404(self.get_detail_queryset(request).prefetch_related(None), pk=pk)
        # The other apps' sections only on the whole page: the HTMX answers that re-render a
        # part of it (labels, the record card) read nothing for them.
        context = self.detail_context_for(
            request, record, sections=self.record_sections(request, record)
        )
        return render(request, self.template("detail"), context)

    def preview_view(self, request, pk):
        """The record's main fields, labels and what other apps add (next tasks), as a
        fragment for the preview panel of a list (records/preview.html)."""
        record = self.get_record(request, pk)
        object_settings = object_settings_for(request)
        fields = [f for f in self.detail_fields(request, record) if f.value][:PREVIEW_FIELDS]
        sections = []
        for section in registry.previews_for(self.key, object_settings):
            context = section.context(request, record, object_settings)
            if context is not None:
                context = {**context, "record": record}
                sections.append(render_to_string(section.template, context, request=request))
        crm_object = object_settings[self.key]
        return render(
            request,
            "records/preview.html",
            self.base_context(
                request,
                record=record,
                fields=fields,
                record_labels=labels_of(record) if crm_object.shows("labels") else [],
                sections=sections,
                record_url=record.get_absolute_url(),
            ),
        )

    def labels_view(self, request, pk):
        """Add or remove one label on a record page (inline, HTMX or plain form)."""
        self.require_write(request)
        if not self.crm_object(request).shows("labels"):
            raise Http404
        record = self.get_record(request, pk)
        label = get_object_or_404(Label, pk=parse_id(request.POST.get("label")) or 0)
        records = self.model.objects.filter(pk=record.pk)
        if request.POST.get("action") == "remove":
            records_label_remove(records=records, label=label)
        else:
            records_label_add(records=records, label=label)
        if request.htmx:
            record = self.get_record(request, pk)  # fresh labels
            response = render(
                request,
                self.template("detail") + "#labels",
                self.detail_context_for(request, record),
            )
            # The history has a new line: the timeline reloads itself.
            return trigger_client_event(response, RECORD_CHANGED, {"record": record.pk})
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
        try:
            record = self.create_record(request, form)
        except IntegrityError:
            # Another request saved a conflicting record (same email, same SIREN…) between
            # this form's checks and its write: check again, now that it exists.
            form = self.get_form(request, data=request.POST)
            if form.is_valid():
                form.add_error(None, _("Another record was saved at the same moment: try again."))
            return self.render_form(request, form)
        messages.success(
            request,
            self.crm_object(request).phrase("record_created", name=record),
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
        with transaction.atomic():
            # The form's instance now holds the submitted values: read the saved record again,
            # locked so that no save slips between this check and ours.
            saved = self.model.objects.select_for_update().get(pk=record.pk)
            conflicts = form.conflicts(saved) if form.is_stale(saved) else []
            if not conflicts:
                record = self.update_record(request, form, record)
        if conflicts:
            # Someone saved since this form was opened: show what they changed beside what
            # this form would write; saving again (with their version) keeps these values.
            data = request.POST.copy()
            data["version"] = saved.version
            form = self.get_form(request, instance=self.get_record(request, pk), data=data)
            form.is_valid()
            return self.render_form(request, form, saved, conflicts=conflicts)
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

    def picker_view(self, request):
        """The options of this object's picker (records.picker) for a typed term (HTMX)."""
        return picker_options_view(request, self.picker, object_settings_for(request))

    # --- columns and saved views -----------------------------------------------------------

    def is_admin(self, request) -> bool:
        membership = getattr(request, "membership", None)
        return bool(membership and membership.is_admin)

    def list_return(self, request) -> str:
        return safe_next(request, self.url("list"))

    def columns_view(self, request):
        """POST: the columns a person wants (checked, in the given order); `scope=workspace`
        (admins) sets the workspace default; `scope=reset` goes back to it."""
        if request.method != "POST":
            raise Http404
        _state, available = self.list_state(request)
        scope = request.POST.get("scope", "")
        if scope == "reset":
            list_columns_reset(object_key=self.key, user=request.user)
            messages.success(request, _("Columns back to the workspace default."))
            return self.redirect(request, self.list_return(request))
        chosen = request.POST.getlist("columns")
        positions = {}
        for index, name in enumerate(available):
            position = parse_id(request.POST.get(f"position_{name}"))
            positions[name] = position if position is not None else 1000 + index
        columns = clean_columns(
            sorted(chosen, key=lambda n: positions.get(n, 9999)), list(available)
        )
        if not columns:
            messages.error(request, _("Choose at least one column."))
            return self.redirect(request, self.list_return(request))
        if scope == "workspace":
            if not self.is_admin(request):
                raise PermissionDenied
            list_columns_set(object_key=self.key, user=None, columns=columns)
            messages.success(request, _("Default columns saved for the whole workspace."))
        else:
            list_columns_set(object_key=self.key, user=request.user, columns=columns)
            messages.success(request, _("Columns saved."))
        return self.redirect(request, self.list_return(request))

    def view_create_view(self, request):
        """POST: save the list's current filters, sort and columns as a view."""
        if request.method != "POST":
            raise Http404
        _state, available = self.list_state(request)
        query = request.POST.get("query", "")
        columns = clean_columns(request.POST.getlist("columns"), list(available))
        try:
            view = saved_view_create(
                object_key=self.key,
                user=request.user,
                name=request.POST.get("name", "")[:80],
                query=query,
                columns=columns,
                shared=request.POST.get("shared") == "on",
                default=request.POST.get("default") == "on",
                can_share=self.can_write(request),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.redirect(request, self.list_return(request))
        messages.success(request, _("View “%(name)s” saved.") % {"name": view.name})
        return self.redirect(request, f"{self.url('list')}?view={view.pk}")

    def saved_view(self, request, view_pk):
        state, _available = self.list_state(request)
        view = next((v for v in state.views if v.pk == view_pk), None)
        if view is None:
            raise Http404
        return view

    def view_delete_view(self, request, view_pk):
        if request.method != "POST":
            raise Http404
        view = self.saved_view(request, view_pk)
        saved_view_delete(view=view, user=request.user, is_admin=self.is_admin(request))
        messages.success(request, _("View “%(name)s” deleted.") % {"name": view.name})
        return self.redirect(request, f"{self.url('list')}?view=")

    def view_default_view(self, request, view_pk):
        """POST: open this list on this view (for me; `scope=workspace`: admins, for all)."""
        if request.method != "POST":
            raise Http404
        view = self.saved_view(request, view_pk)
        if request.POST.get("scope") == "workspace":
            if not (self.is_admin(request) and view.shared):
                raise PermissionDenied
            list_default_view_set(object_key=self.key, user=None, view=view)
        else:
            list_default_view_set(object_key=self.key, user=request.user, view=view)
        messages.success(request, _("“%(name)s” now opens first.") % {"name": view.name})
        return self.redirect(request, f"{self.url('list')}?view={view.pk}")

    # --- URLs ---------------------------------------------------------------------------------

    def urlpatterns(self) -> list:
        enabled = object_enabled(self.key)
        return [
            path("", enabled(self.list_view), name="list"),
            path("new/", enabled(self.create_view), name="create"),
            path("filters/", enabled(self.filters_view), name="filters"),
            path("export/", enabled(self.export_view), name="export"),
            path("bulk/", enabled(self.bulk_view), name="bulk"),
            path("<int:pk>/", enabled(self.detail_view), name="detail"),
            path("<int:pk>/edit/", enabled(self.update_view), name="update"),
            path("<int:pk>/delete/", enabled(self.delete_view), name="delete"),
            path("<int:pk>/labels/", enabled(self.labels_view), name="labels"),
            path("<int:pk>/field/<str:name>/", enabled(self.field_view), name="field"),
            path("<int:pk>/preview/", enabled(self.preview_view), name="preview"),
            path("columns/", personal(enabled(self.columns_view)), name="columns"),
            path("views/", personal(enabled(self.view_create_view)), name="view_create"),
            path(
                "views/<int:view_pk>/delete/",
                personal(enabled(self.view_delete_view)),
                name="view_delete",
            ),
            path(
                "views/<int:view_pk>/default/",
                personal(enabled(self.view_default_view)),
                name="view_default",
            ),
            *([path("picker/", enabled(self.picker_view), name="picker")] if self.picker else []),
        ]
