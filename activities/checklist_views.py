"""Checklists: templates per object in Settings (admins), attached to records (members)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities import services
from activities.forms import ChecklistTemplateForm
from activities.models import RECORD_FIELDS, Checklist, ChecklistItem, ChecklistTemplate
from activities.refs import record_or_404
from activities.sections import activity_context
from records.pages import safe_next
from records.validation import parse_id
from workspaces.object_settings import object_settings_for
from workspaces.settings_views import admin_required

SECTION = "activities/section.html#section"


def _section_or_back(request, record):
    if request.htmx:
        return render(request, SECTION, {"section": activity_context(request, record)})
    return HttpResponseRedirect(safe_next(request, record.get_absolute_url() + "#checklists"))


def _visible_template(request, pk) -> ChecklistTemplate:
    template = get_object_or_404(ChecklistTemplate, pk=pk)
    if not object_settings_for(request).is_enabled(template.object):
        raise Http404
    return template


def _visible_checklist(request, checklist: Checklist) -> Checklist:
    ref = checklist.record_ref
    if not object_settings_for(request).is_enabled(ref.key):
        raise Http404
    return checklist


# --- Settings › Checklists ----------------------------------------------------------------


@admin_required
def templates(request):
    object_settings = object_settings_for(request)
    form = ChecklistTemplateForm(request.POST or None, object_settings=object_settings)
    if request.method == "POST" and form.is_valid():
        try:
            services.checklist_template_create(
                object_key=form.cleaned_data["object"],
                name=form.cleaned_data["name"],
                items=form.item_lines,
            )
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("Checklist created."))
            return HttpResponseRedirect(reverse("checklist_settings:list"))
    enabled = [o.key for o in object_settings.enabled()]
    rows = ChecklistTemplate.objects.filter(object__in=enabled).prefetch_related("items")
    return render(
        request,
        "activities/settings/checklists.html",
        {
            "form": form,
            "templates": [(object_settings[t.object], t) for t in rows],
        },
    )


@admin_required
def template_update(request, pk):
    template = _visible_template(request, pk)
    object_settings = object_settings_for(request)
    initial = {
        "object": template.object,
        "name": template.name,
        "items": "\n".join(item.text for item in template.items.all()),
    }
    form = ChecklistTemplateForm(
        request.POST or None, initial=initial, object_settings=object_settings
    )
    form.fields["object"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.checklist_template_update(
                template=template, name=form.cleaned_data["name"], items=form.item_lines
            )
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("Checklist saved."))
            return HttpResponseRedirect(reverse("checklist_settings:list"))
    return render(
        request, "activities/settings/checklist_form.html", {"form": form, "template": template}
    )


@require_POST
@admin_required
def template_delete(request, pk):
    services.checklist_template_delete(template=_visible_template(request, pk))
    messages.success(request, _("Checklist deleted; records keep the ones already attached."))
    return HttpResponseRedirect(reverse("checklist_settings:list"))


# --- on records -----------------------------------------------------------------------------


@require_POST
def checklist_attach(request):
    record = record_or_404(request.POST.get("record", ""), object_settings_for(request))
    template = _visible_template(request, parse_id(request.POST.get("template")) or 0)
    try:
        services.checklist_attach(record=record, template=template, author=request.user)
    except ValidationError:
        raise Http404 from None
    return _section_or_back(request, record)


@require_POST
def checklist_item_tick(request, pk):
    item = get_object_or_404(
        ChecklistItem.objects.select_related(
            "checklist", *(f"checklist__{k}" for k in RECORD_FIELDS)
        ),
        pk=pk,
    )
    checklist = _visible_checklist(request, item.checklist)
    services.checklist_item_tick(item=item, user=request.user, done=request.POST.get("done") == "1")
    return _section_or_back(request, checklist.record)


@require_POST
def checklist_delete(request, pk):
    checklist = _visible_checklist(request, get_object_or_404(Checklist, pk=pk))
    record = checklist.record
    services.checklist_delete(checklist=checklist)
    return _section_or_back(request, record)
