"""Joining a workspace through an invitation link, and leaving one.

/invitations/<token>/ is open to anonymous visitors (login_not_required): a newcomer creates
their account there; someone who already has an account signs in first, then joins.
/leave/ acts on the person, not on workspace data (`personal`): viewers may post to it.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from workspaces import member_services
from workspaces.access import personal
from workspaces.member_services import InvitationInvalid
from workspaces.settings_forms import InvitationAcceptForm

User = get_user_model()


def invalid_message(reason: str) -> str:
    return {
        "unknown": _("This invitation link is not valid. Check that you copied all of it."),
        "expired": _("This invitation has expired. Ask an administrator for a new one."),
        "used": _("This invitation has already been used. Sign in to open the workspace."),
    }[reason]


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token: str):
    workspace = request.tenant
    try:
        invitation = member_services.invitation_for_token(workspace=workspace, token=token)
    except InvitationInvalid as error:
        return render(
            request,
            "workspaces/invitation_invalid.html",
            {"message": invalid_message(error.reason), "reason": error.reason},
            status=404 if error.reason == "unknown" else 410,
        )
    user = request.user if request.user.is_authenticated else None
    has_account = User.objects.filter(email__iexact=invitation.email).exists()
    form = InvitationAcceptForm(request.POST or None) if user is None and not has_account else None
    error_message = ""
    if user is not None and user.email.lower() != invitation.email.lower():
        error_message = _(
            "This invitation is for %(email)s, but you are signed in as %(me)s. "
            "Sign out, then open the link again."
        ) % {"email": invitation.email, "me": user.email}
    elif request.method == "POST" and (user is not None or (form and form.is_valid())):
        data = form.cleaned_data if form else {}
        try:
            member_services.invitation_accept(
                workspace=workspace,
                token=token,
                user=user,
                full_name=data.get("full_name", ""),
                password=data.get("password", ""),
            )
        except InvitationInvalid as error:
            error_message = invalid_message(error.reason)
        except ValidationError as error:
            if form is not None:
                form.add_error(None, error)
            else:
                error_message = " ".join(error.messages)
        else:
            if user is None:
                new_user = User.objects.get(email__iexact=invitation.email)
                login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to %(name)s.") % {"name": workspace.name})
            return redirect("home")
    login_url = redirect_to_login(request.get_full_path()).url
    context = {
        "invitation": invitation,
        "invited_workspace": workspace,
        "form": form,
        "needs_sign_in": user is None and has_account,
        "login_url": login_url,
        "error_message": error_message,
    }
    return render(request, "workspaces/invitation_accept.html", context)


@personal
@require_http_methods(["GET", "POST"])
def workspace_leave(request):
    """GET: what leaving means; POST: leave and go to the person's other workspaces."""
    if request.method == "POST":
        try:
            member_services.membership_leave(workspace=request.tenant, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("workspace_leave")
        port = request.get_port()
        default_port = "443" if request.is_secure() else "80"
        netloc = (
            settings.BASE_DOMAIN
            if port in (default_port, None, "")
            else (f"{settings.BASE_DOMAIN}:{port}")
        )
        return redirect(f"{request.scheme}://{netloc}/")
    return render(request, "workspaces/leave.html")
