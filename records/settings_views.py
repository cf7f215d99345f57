"""Settings › Fields › custom fields of one object (workspace admins only): list and add,
change, delete (hidden, purged after 30 days), restore, purge."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from records.custom_field_services import (
    PURGE_AFTER,
    custom_field_create,
    custom_field_delete,
    custom_field_purge,
    custom_field_restore,
    custom_field_update,
)
from records.custom_fields import WARN_ABOVE
from records.models import CustomField
from records.selectors import custom_fields_for, deleted_custom_fields
from records.settings_forms import CustomFieldForm
from workspaces.settings_views import admin_required, crm_object_or_404


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _page(request, crm_object, form, status=200):
    fields = custom_fields_for(crm_object.key)
    return render(
        request,
        "records/settings/custom_fields.html",
        {
            "crm_object": crm_object,
            "custom_fields": fields,
            "deleted": list(deleted_custom_fields(crm_object.key)[:50]),
            "form": form,
            "too_many": len(fields) > WARN_ABOVE,
            "warn_above": WARN_ABOVE,
            "purge_days": PURGE_AFTER.days,
        },
        status=status,
    )


@admin_required
def custom_fields(request, key: str):
    crm_object = crm_object_or_404(request, key)
    if request.method != "POST":
        return _page(request, crm_object, CustomFieldForm(initial={"shown": True}))
    form = CustomFieldForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            change = custom_field_create(
                object_key=key,
                label_fr=data["label_fr"],
                label_en=data["label_en"],
                field_type=data["field_type"],
                help_text=data["help_text"],
                required=data["required"],
                group=data["group"],
                options=data["options"],
                position=data["position"],
                shown=data["shown"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Field “%(name)s” added.") % {"name": change.field.label})
            for warning in change.warnings:
                messages.warning(request, warning)
            return redirect("custom_field_settings:list", key=key)
    return _page(request, crm_object, form)


def _field(key: str, pk: int, *, deleted: bool = False) -> CustomField:
    return get_object_or_404(CustomField, object_key=key, pk=pk, deleted_at__isnull=not deleted)


@admin_required
def custom_field_edit(request, key: str, pk: int):
    crm_object = crm_object_or_404(request, key)
    field = _field(key, pk)
    if request.method != "POST":
        form = CustomFieldForm(initial=CustomFieldForm.initial_for(field))
    else:
        form = CustomFieldForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            field_type = data.pop("field_type")
            if data["position"] is None:
                data["position"] = field.position
            try:
                change = custom_field_update(field=field, field_type=field_type, **data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                text = _("Field “%(name)s” saved.") % {"name": change.field.label}
                if change.converted:
                    text += " " + _("%(count)s values converted.") % {"count": change.converted}
                messages.success(request, text)
                return redirect("custom_field_settings:list", key=key)
    return render(
        request,
        "records/settings/custom_field.html",
        {"crm_object": crm_object, "field": field, "form": form},
    )


@admin_required
def custom_field_remove(request, key: str, pk: int):
    crm_object = crm_object_or_404(request, key)
    field = _field(key, pk)
    if request.method != "POST":
        return render(
            request,
            "records/settings/custom_field_delete.html",
            {"crm_object": crm_object, "field": field, "purge_days": PURGE_AFTER.days},
        )
    custom_field_delete(field=field)
    messages.success(
        request,
        _("Field “%(name)s” deleted: its values are kept %(days)s days, then erased.")
        % {"name": field.label, "days": PURGE_AFTER.days},
    )
    return redirect("custom_field_settings:list", key=key)


@require_POST
@admin_required
def custom_field_bring_back(request, key: str, pk: int):
    crm_object_or_404(request, key)
    field = _field(key, pk, deleted=True)
    try:
        custom_field_restore(field=field)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Field “%(name)s” restored.") % {"name": field.label})
    return redirect("custom_field_settings:list", key=key)


@require_POST
@admin_required
def custom_field_erase(request, key: str, pk: int):
    crm_object_or_404(request, key)
    field = _field(key, pk, deleted=True)
    count = custom_field_purge(field=field)
    messages.success(
        request,
        _("Field “%(name)s” erased from %(count)s records.")
        % {"name": field.label, "count": count},
    )
    return redirect("custom_field_settings:list", key=key)
