"""Prospect pages: the shared list/CRUD pages, quick status change, and the conversion wizard."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from contacts.selectors import contact_duplicates
from prospects import conversion, selectors, services
from prospects.components import COLUMNS, status_control, status_controls
from prospects.fields import PROSPECT_FIELDS
from prospects.filters import ProspectFilterSet
from prospects.forms import ConversionForm, ProspectForm, StatusForm
from prospects.models import Prospect, Status
from prospects.statuses import (
    already_converted,
    already_converted_on,
    converted_on_into,
    status_labels,
)
from records.bulk import COMMON_ACTIONS, BulkAction
from records.inline_edit import RECORD_CHANGED
from records.pages import RecordPages, safe_next
from records.validation import clean_text
from workspaces.object_settings import object_enabled, object_settings_for

BULK_STATUSES = [status for status in Status if status != Status.CONVERTED]
REASON_MAX = Prospect._meta.get_field("disqualification_reason").max_length


def bulk_set_status(request, queryset, next_url):
    """The ticked prospects move to one status (those that may); a reason to disqualify."""
    status = request.POST.get("bulk_status", "")
    reason = clean_text(request.POST.get("bulk_reason")).strip()
    redirect = HttpResponseClientRedirect if request.htmx else HttpResponseRedirect
    if status not in BULK_STATUSES:
        messages.error(request, _("Choose a status."))
        return redirect(next_url)
    if len(reason) > REASON_MAX:
        messages.error(
            request,
            _("The reason is too long (%(max)d characters at most).") % {"max": REASON_MAX},
        )
        return redirect(next_url)
    if status == Status.DISQUALIFIED and not reason:
        messages.error(request, _("Give the reason for disqualifying."))
        return redirect(next_url)
    count = queryset.count()
    moved = services.prospects_set_status(
        prospects=queryset, status=status, user=request.user, reason=reason
    )
    messages.success(
        request,
        ngettext(
            "Status “%(status)s” set on %(count)d line.",
            "Status “%(status)s” set on %(count)d lines.",
            moved,
        )
        % {"status": status_labels(pages.crm_object(request))[status], "count": moved},
    )
    if moved < count:
        messages.warning(
            request,
            ngettext(
                "%(count)d line could not move to this status and was left as it was.",
                "%(count)d lines could not move to this status and were left as they were.",
                count - moved,
            )
            % {"count": count - moved},
        )
    return redirect(next_url)


class ProspectPages(RecordPages):
    key = "prospect"
    model = Prospect
    fields = PROSPECT_FIELDS
    filterset_class = ProspectFilterSet
    form_class = ProspectForm
    templates = {"list": "prospects/list.html"}
    columns = COLUMNS
    bulk_statuses = BULK_STATUSES
    bulk_actions = [
        *COMMON_ACTIONS,
        BulkAction(
            "set_status",
            gettext_lazy("Set the status"),
            lambda pages, request, queryset, next_url: bulk_set_status(request, queryset, next_url),
            controls="prospects/_bulk_status.html",
        ),
    ]

    def get_queryset(self, request):
        return selectors.prospect_list()

    def get_detail_queryset(self, request):
        return selectors.prospect_detail()

    # --- list -------------------------------------------------------------------------------

    def base_context(self, request, **extra) -> dict:
        labels = status_labels(self.crm_object(request))
        return super().base_context(
            request,
            bulk_status_choices=[(status, labels[status]) for status in BULK_STATUSES],
            **extra,
        )

    def list_page(self, request):
        listing = super().list_page(request)
        names = [column.name for column in listing.columns]
        if "status" in names:
            index = names.index("status")
            controls = status_controls(
                [row["record"] for row in listing.rows],
                place="row",
                writable=self.can_write(request),
                labels=status_labels(self.crm_object(request)),
            )
            for row, control in zip(listing.rows, controls, strict=True):
                row["cells"][index] = control
        return listing

    # --- record -----------------------------------------------------------------------------

    def detail_context(self, request, record):
        return {
            "banner_template": "prospects/banner.html",
            "status_control": status_control(
                record,
                place="record",
                writable=self.can_write(request),
                labels=status_labels(self.crm_object(request)),
            ),
            "history": selectors.prospect_history(prospect=record),
            "produced": produced_links(request, record),
            "converted_on_into": converted_on_into(self.crm_object(request), record)
            if record.converted_at
            else "",
            "convert_url": self.url("convert", record.pk),
            "can_convert": record.status != Status.CONVERTED,
        }

    # --- writes -----------------------------------------------------------------------------

    def create_record(self, request, form):
        labels = form.cleaned_data.get("labels") if "labels" in form.fields else ()
        data = {name: value for name, value in form.cleaned_data.items() if name != "labels"}
        if not data.get("owner"):
            data.pop("owner", None)  # the creator owns it
        return services.prospect_create(user=request.user, data=data, labels=labels or ())

    def update_record(self, request, form, record):
        labels = form.cleaned_data.get("labels") if "labels" in form.fields else None
        data = {name: value for name, value in form.cleaned_data.items() if name != "labels"}
        return services.prospect_update(prospect=record, data=data, labels=labels)

    def delete_record(self, request, record):
        name = str(record)
        services.prospect_delete(prospect=record)
        return self.crm_object(request).phrase("record_deleted", name=name)

    def bulk_delete(self, request, queryset):
        count = 0
        for prospect in queryset:
            services.prospect_delete(prospect=prospect)
            count += 1
        return count

    def find_duplicates(self, request, form):
        """Same email among the prospects, and among the contacts (already in the base)."""
        email = (getattr(form, "cleaned_data", {}) or {}).get("email")
        if not email:
            return None
        found = list(Prospect.objects.filter(email__iexact=email).order_by("pk")[:5])
        if object_settings_for(request).is_enabled("contact"):
            found += list(contact_duplicates(email=email)[:5])
        return found

    # --- URLs -------------------------------------------------------------------------------

    def urlpatterns(self):
        enabled = object_enabled(self.key)
        return [
            *super().urlpatterns(),
            path("<int:pk>/status/", enabled(status_view), name="status"),
            path("<int:pk>/convert/", enabled(convert_view), name="convert"),
        ]


pages = ProspectPages()


# --- Quick status change ---------------------------------------------------------------------


@require_POST
def status_view(request, pk):
    """Move a prospect to another status (from the list or its page); HTMX swaps the control."""
    pages.require_write(request)
    prospect = get_object_or_404(Prospect, pk=pk)
    place = "row" if request.POST.get("place") == "row" else "record"
    data = request.POST.copy()
    # Without JavaScript a row's reason field is named after its prospect (see the template).
    data["reason"] = data.get("reason") or data.get(f"reason_{prospect.pk}", "")
    form = StatusForm(data)
    error = None
    if form.is_valid():
        try:
            prospect = services.prospect_set_status(
                prospect=prospect,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                user=request.user,
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = " ".join(message for errors in form.errors.values() for message in errors)
    if request.htmx and place == "record":
        # The history changed too: the record page refreshes its whole status block.
        record = pages.get_record(request, pk)
        context = pages.detail_context_for(request, record)
        context["status_control"] = status_control(
            record,
            place=place,
            writable=pages.can_write(request),
            labels=status_labels(pages.crm_object(request)),
            error=error,
        )
        response = render(request, "prospects/banner.html", context)
        if error is None:  # the history has a new line: the timeline reloads itself
            trigger_client_event(response, RECORD_CHANGED, {"record": prospect.pk})
        return response
    if request.htmx:
        prospect.refresh_from_db()
        return HttpResponse(
            status_control(
                prospect,
                place=place,
                writable=pages.can_write(request),
                labels=status_labels(pages.crm_object(request)),
                error=error,
            )
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            _("Status changed to “%(status)s”.")
            % {"status": status_labels(pages.crm_object(request))[prospect.status]},
        )
    return HttpResponseRedirect(safe_next(request, prospect.get_absolute_url()))


# --- Conversion --------------------------------------------------------------------------------


def _url_of(record) -> str | None:
    if record is None:
        return None
    try:
        return record.get_absolute_url()
    except NoReverseMatch:  # that object has no pages (yet)
        return None


def produced_links(request, prospect: Prospect) -> list[dict]:
    """What a converted prospect produced, for enabled objects only."""
    object_settings = object_settings_for(request)
    produced = []
    for key, record in (
        ("organisation", prospect.converted_organisation),
        ("contact", prospect.converted_contact),
        ("opportunity", prospect.converted_opportunity),
    ):
        if record is not None and object_settings.is_enabled(key):
            produced.append(
                {"object": object_settings[key], "record": record, "url": _url_of(record)}
            )
    return produced


def landing_url(prospect: Prospect) -> str:
    """Where a conversion lands: the opportunity, else the contact, else the organisation."""
    for record in (
        prospect.converted_opportunity,
        prospect.converted_contact,
        prospect.converted_organisation,
    ):
        url = _url_of(record)
        if url:
            return url
    return prospect.get_absolute_url()


def _steps(request) -> set[str]:
    object_settings = object_settings_for(request)
    return {
        key for key in ("organisation", "contact", "opportunity") if object_settings.is_enabled(key)
    }


# Search terms as older links name them (before the pickers): organisation_q, contact_q.
SEARCH_ALIASES = {"organisation_search": "organisation_q", "contact_search": "contact_q"}


def conversion_form(request, prospect: Prospect, data=None, source=None) -> ConversionForm:
    """The wizard's form, its pickers offering the prospect's probable duplicates first.

    `data` binds it (the posted choices); else `source` (a query string, or the post of a
    no-JavaScript "Search") gives what is shown: the choices and the terms searched for.
    """
    steps = _steps(request)
    object_settings = object_settings_for(request)
    suggestions = selectors.conversion_suggestions(
        prospect=prospect,
        organisations="organisation" in steps,
        contacts="contact" in steps,
    )
    initial = {}
    if source is not None:
        for name in ("organisation", "contact"):
            term = source.get(f"{name}_search") or source.get(SEARCH_ALIASES[f"{name}_search"])
            if source.get(name) or term:
                initial[name] = {"id": source.get(name, ""), "search": term or ""}
    return ConversionForm(
        data,
        steps=steps,
        prospect=prospect,
        suggestions=suggestions,
        object_settings=object_settings,
        initial=initial,
    )


def convert_context(request, prospect: Prospect, form: ConversionForm, source=None) -> dict:
    """Everything the wizard shows: the pickers (in the form), workflows, stages."""
    steps = form.steps
    if source is None:
        source = form.data if form.is_bound else request.GET
    options = selectors.conversion_options(
        prospect=prospect,
        steps=steps & {"opportunity"},
        workflow_id=source.get("workflow"),
        stage_id=source.get("stage"),
    )
    object_settings = object_settings_for(request)
    default_title = prospect.company_name or str(prospect)
    return {
        "prospect": prospect,
        "already_converted_on": already_converted_on(object_settings["prospect"], prospect)
        if prospect.converted_at
        else "",
        "form": form,
        "steps": steps,
        "create_opportunity": (
            source.get("create_opportunity") in ("on", "true", "1")
            if source is not request.GET or "create_opportunity" in source
            else "opportunity" in steps and bool(options.workflows)
        ),
        "workflows": options.workflows,
        "workflow": options.workflow,
        "stages": options.stages,
        "stage_choice": str(options.stage.pk if options.stage else source.get("stage") or ""),
        "title_value": source.get("title", default_title),
        "amount_value": source.get("amount", ""),
        "produced": produced_links(request, prospect),
        "crm": object_settings,
        "convert_url": pages.url("convert", prospect.pk),
    }


PARTIALS = {"organisation_options", "contact_options", "stages"}


def convert_view(request, pk):
    """The conversion wizard: one page, every choice visible; HTMX refreshes parts of it."""
    pages.require_write(request)
    prospect = get_object_or_404(
        selectors.prospect_list().select_related(
            "converted_organisation", "converted_contact", "converted_opportunity"
        ),
        pk=pk,
    )
    steps = _steps(request)
    template = "prospects/convert.html"
    if prospect.status == Status.CONVERTED:
        if request.method == "POST":
            messages.error(request, already_converted(pages.crm_object(request)))
            return pages.redirect(request, prospect.get_absolute_url())
        context = convert_context(request, prospect, ConversionForm(steps=steps))
        return render(request, template, context)
    form_for = partial(conversion_form, request, prospect)

    if request.method != "POST":
        form = form_for(source=request.GET)
        context = convert_context(request, prospect, form)
        if request.htmx and request.GET.get("part") in PARTIALS:
            return render(request, f"{template}#{request.GET['part']}", context)
        return render(request, template, context)

    form = form_for(request.POST)
    # Without JavaScript, "Search" and "Show stages" buttons post the form to refresh it.
    if request.POST.get("refresh"):
        part = "#wizard" if request.htmx else ""
        context = convert_context(
            request, prospect, form_for(source=request.POST), source=request.POST
        )
        return render(request, template + part, context)
    if form.is_valid():
        try:
            prospect = conversion.prospect_convert(
                prospect=prospect,
                user=request.user,
                object_settings=object_settings_for(request),
                **form.conversion_arguments(),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field_name, errors in error.message_dict.items():
                    form.add_error(field_name if field_name in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(
                request,
                object_settings_for(request)["prospect"].phrase("record_converted", name=prospect),
            )
            return pages.redirect(request, landing_url(prospect))
    context = convert_context(request, prospect, form)
    if request.htmx:
        return render(request, f"{template}#wizard", context)
    return render(request, template, context)
