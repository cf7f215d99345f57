"""The settings pages (/settings/): objects, fields, labels, members. Workspace admins only.

WorkspaceAccessMiddleware already sends anonymous visitors to login and answers 404 to
non-members; `admin_required` answers 403 to members and viewers. Every form posts to a plain
URL and redirects (works without JavaScript); with HTMX the view answers the swapped fragment
("<page>.html#<partial>") and a `carnet:message` event instead.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from workspaces import member_services, selectors, services
from workspaces.models import Invitation, Membership
from workspaces.object_settings import (
    OBJECT_TYPES,
    CrmObject,
    object_settings_for,
    object_settings_forget,
)
from workspaces.settings_forms import (
    HiddenFieldsForm,
    InvitationForm,
    ObjectSettingForm,
    RoleForm,
    WorkspaceForm,
)


def admin_required(view):
    """Only the workspace's admins (the middleware has already checked membership)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        membership = getattr(request, "membership", None)
        if membership is None or not membership.is_admin:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def notify(request, response, text: str, level: str = "success"):
    """Tell the person what happened: an HTMX event, or a message for the next page."""
    if request.htmx:
        trigger_client_event(response, "carnet:message", {"level": level, "text": str(text)})
    else:
        getattr(messages, level)(request, text)
    return response


def crm_object_or_404(request, key: str) -> CrmObject:
    if key not in OBJECT_TYPES:
        raise Http404
    return object_settings_for(request)[key]


def forms_per_object(request, form_class, bound=None, **kwargs) -> list:
    """One `form_class` form per object; `bound` (a submitted form with errors) takes its place."""
    return [
        bound
        if bound is not None and bound.crm_object.key == crm_object.key
        else form_class(crm_object=crm_object, **kwargs)
        for crm_object in object_settings_for(request)
    ]


# --- Objects ---------------------------------------------------------------------------------


@require_GET
@admin_required
def objects(request):
    return render(
        request,
        "workspaces/settings/objects.html",
        {"forms": forms_per_object(request, ObjectSettingForm)},
    )


@require_POST
@admin_required
def object_update(request, key: str):
    form = ObjectSettingForm(request.POST, crm_object=crm_object_or_404(request, key))
    change = form.save(workspace=request.tenant) if form.is_valid() else None
    if change is not None:
        object_settings_forget(request)
        form = ObjectSettingForm(crm_object=object_settings_for(request)[key])
    if not request.htmx:
        if change is None:
            return render(
                request,
                "workspaces/settings/objects.html",
                {"forms": forms_per_object(request, ObjectSettingForm, bound=form)},
            )
        messages.success(request, saved_message(form.crm_object))
        for warning in change.warnings:
            messages.warning(request, warning)
        return redirect("settings:objects")
    context = {
        "form": form,
        "warnings": change.warnings if change else [],
        "refresh_navigation": change is not None,
    }
    response = render(request, "workspaces/settings/objects.html#object_card", context)
    if change is not None:
        notify(request, response, saved_message(form.crm_object))
    return response


def saved_message(crm_object: CrmObject) -> str:
    return _("Settings of “%(name)s” saved.") % {"name": crm_object.plural}


@require_GET
@admin_required
def object_preview(request, key: str):
    """How the names being typed read (not saved): « Nouvelle association », « Aucune… »."""
    current = crm_object_or_404(request, key)
    form = ObjectSettingForm(request.GET, crm_object=current)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})

    def names(suffix: str) -> tuple[str, str]:
        singular = (data.get("singular" + suffix) or "").strip()[:40]
        plural = (data.get("plural" + suffix) or "").strip()[:40]
        return (singular, plural) if (singular and plural) else ("", "")

    (singular, plural), (singular_en, plural_en) = names(""), names("_en")
    preview = CrmObject(
        current.type,
        custom_singular=singular,
        custom_plural=plural,
        custom_gender=data.get("gender") or current.gender,
        custom_singular_en=singular_en,
        custom_plural_en=plural_en,
    )
    return render(
        request,
        "workspaces/settings/objects.html#preview",
        {"preview": preview.name_samples, "key": key},
    )


# --- Fields ----------------------------------------------------------------------------------


@require_GET
@admin_required
def fields(request):
    return render(
        request,
        "workspaces/settings/fields.html",
        {
            "forms": forms_per_object(
                request, HiddenFieldsForm, object_settings=object_settings_for(request)
            )
        },
    )


@require_POST
@admin_required
def fields_update(request, key: str):
    form = HiddenFieldsForm(
        request.POST,
        crm_object=crm_object_or_404(request, key),
        object_settings=object_settings_for(request),
    )
    change = form.save(workspace=request.tenant) if form.is_valid() else None
    if change is not None:
        object_settings_forget(request)
        form = HiddenFieldsForm(
            crm_object=object_settings_for(request)[key],
            object_settings=object_settings_for(request),
        )
    if not request.htmx:
        if change is None:
            return render(
                request,
                "workspaces/settings/fields.html",
                {
                    "forms": forms_per_object(
                        request,
                        HiddenFieldsForm,
                        bound=form,
                        object_settings=object_settings_for(request),
                    )
                },
            )
        messages.success(request, saved_message(form.crm_object))
        return redirect("settings:fields")
    response = render(request, "workspaces/settings/fields.html#fields_card", {"form": form})
    if change is not None:
        notify(request, response, saved_message(form.crm_object))
    return response


# --- The workspace itself -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@admin_required
def workspace(request):
    """The workspace's name and its two-factor requirement."""
    current = request.tenant
    form = WorkspaceForm(
        request.POST or None,
        initial={
            "name": current.name,
            "time_zone": current.time_zone,
            "require_two_factor": current.require_two_factor,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.workspace_update(workspace=current, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Workspace settings saved."))
            return redirect("settings:workspace")
    return render(request, "workspaces/settings/workspace.html", {"form": form})


# --- Members ---------------------------------------------------------------------------------


def members_context(request, invite_form=None) -> dict:
    return {
        "members": [
            (member, RoleForm(initial={"role": member.role}, prefix=f"m{member.pk}"))
            for member in selectors.members_of(workspace=request.tenant)
        ],
        "invitations": selectors.pending_invitations(workspace=request.tenant),
        "invite_form": invite_form or InvitationForm(),
    }


def members_page(request, invite_form=None, status=200):
    template = "workspaces/settings/members.html"
    if request.htmx:
        template += "#members_panel"
    return render(request, template, members_context(request, invite_form), status=status)


@require_GET
@admin_required
def members(request):
    return members_page(request)


@require_POST
@admin_required
def member_invite(request):
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation, token = member_services.invitation_create(
                workspace=request.tenant,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            url = request.tenant.url(request, f"/invitations/{token}/")
            member_services.invitation_send(invitation=invitation, url=url)
            text = _("Invitation sent to %(email)s.") % {"email": invitation.email}
            if request.htmx:
                return notify(request, members_page(request), text)
            messages.success(request, text)
            return redirect("settings:members")
    return members_page(request, invite_form=form)


def member_of_workspace(request, pk: int) -> Membership:
    # Memberships live in the public schema: always scope by the current workspace.
    return get_object_or_404(
        Membership.objects.select_related("user", "workspace"), pk=pk, workspace=request.tenant
    )


def member_write(request, action, success_text: str):
    try:
        action()
    except ValidationError as error:
        text, level = " ".join(error.messages), "error"
    else:
        text, level = success_text, "success"
    if request.htmx:
        return notify(request, members_page(request), text, level)
    getattr(messages, level)(request, text)
    return redirect("settings:members")


@require_POST
@admin_required
def member_role(request, pk: int):
    member = member_of_workspace(request, pk)
    form = RoleForm(request.POST, prefix=f"m{member.pk}")
    if not form.is_valid():
        return member_write(request, lambda: refuse(_("Choose a role from the list.")), "")
    role = form.cleaned_data["role"]
    return member_write(
        request,
        lambda: member_services.membership_role_change(membership=member, role=role),
        _("%(person)s is now %(role)s.")
        % {"person": member.user, "role": dict(RoleForm.base_fields["role"].choices)[role]},
    )


def refuse(message: str):
    raise ValidationError(message)


@require_POST
@admin_required
def member_remove(request, pk: int):
    member = member_of_workspace(request, pk)
    return member_write(
        request,
        lambda: member_services.membership_remove(membership=member),
        _("%(person)s no longer belongs to this workspace.") % {"person": member.user},
    )


@require_POST
@admin_required
def invitation_revoke(request, pk: int):
    invitation = get_object_or_404(
        Invitation, pk=pk, workspace=request.tenant, accepted_at__isnull=True
    )
    return member_write(
        request,
        lambda: member_services.invitation_revoke(invitation=invitation),
        _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email},
    )
