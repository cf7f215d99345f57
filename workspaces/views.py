import logging
import time

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotFound
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_otp import login as otp_login

from accounts import two_factor
from accounts.sign_in_lock import client_ip
from accounts.views import PENDING_KEY, with_next
from workspaces import handoff as handoffs
from workspaces import selectors, services
from workspaces.access import is_workspace_host, personal, two_factor_exempt
from workspaces.dashboard import dashboard_context
from workspaces.forms import SignupForm

logger = logging.getLogger(__name__)
BACKEND = "django.contrib.auth.backends.ModelBackend"


@login_not_required
def unknown_host(request):
    """A host that is no workspace: the same plain 404 a non-member sees."""
    return HttpResponseNotFound(render_to_string("404.html", request=request))


@login_not_required
def public_home(request):
    if request.user.is_authenticated:
        return redirect("workspace_chooser")
    return render(request, "workspaces/public_home.html")


@login_not_required
def signup(request):
    form = SignupForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            workspace, user = services.signup(
                workspace_name=data["workspace_name"],
                slug=data["slug"],
                user=form.user,
                email=data.get("email", ""),
                password=data.get("password", ""),
                full_name=data.get("full_name", ""),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if form.user is None:
                login(request, user, backend=BACKEND)
            # Straight into the new workspace, signed in there too (workspaces.handoff).
            return _enter(request, workspace, welcome=True)
    return render(request, "workspaces/signup.html", {"form": form})


@login_required
def chooser(request):
    memberships = selectors.memberships_of(user=request.user)
    entries = [(m, reverse("workspace_enter", args=[m.workspace.slug])) for m in memberships]
    return render(request, "workspaces/chooser.html", {"entries": entries})


def _enter(request, workspace, *, welcome=False):
    """Send the signed-in person to `workspace`, where they arrive signed in."""
    if handoffs.shares_session_cookie(workspace):
        if welcome:
            messages.success(
                request, _("Your workspace “%(name)s” is ready.") % {"name": workspace.name}
            )
        return redirect(workspace.url(request))
    # The second factor that confirmed this session (django_otp's middleware), if any; a
    # person who just signed up has none.
    device = getattr(request.user, "otp_device", None)
    token = handoffs.handoff_create(
        user=request.user, workspace=workspace, device=device, welcome=welcome
    )
    return redirect(handoffs.handoff_url(request, workspace=workspace, token=token))


@never_cache
@login_required
@personal
@two_factor_exempt
@require_GET
def workspace_enter(request, slug):
    """From the workspace list (public host) or the switcher (a workspace host): open a
    workspace of the person's, signed in. Someone else's workspace is a 404 like any other."""
    membership = (
        selectors.memberships_of(user=request.user).filter(workspace__schema_name=slug).first()
    )
    if membership is None:
        raise Http404
    return _enter(request, membership.workspace)


@never_cache
@login_not_required
@two_factor_exempt
@require_GET
def handoff(request):
    """A workspace host redeems a hand-off token: the person arrives signed in, or is refused
    (with the reason) and lands on the sign-in page without a session."""
    if not is_workspace_host(request):
        raise Http404
    try:
        arrival = handoffs.handoff_redeem(
            token=request.GET.get("token", ""), workspace=request.tenant
        )
    except handoffs.HandoffRefused as refusal:
        logger.warning(
            "Sign-in hand-off refused on %s from %s: %s",
            request.tenant.schema_name,
            client_ip(request),
            refusal,
        )
        messages.error(request, str(refusal))
        return redirect("accounts:login")
    user = arrival.user
    if request.user.is_authenticated and request.user.pk != user.pk:
        request.session.flush()  # not logout(): that would sign the other person out everywhere
    if arrival.device is None and two_factor.two_factor_enabled(user):
        # The session it comes from was not confirmed by a second factor: ask for it here.
        request.session[PENDING_KEY] = {"user": user.pk, "backend": BACKEND, "at": time.time()}
        return redirect(with_next(reverse("accounts:sign_in_code"), arrival.next_path))
    login(request, user, backend=BACKEND)
    if arrival.device is not None:
        otp_login(request, arrival.device)
    if arrival.welcome:
        messages.success(
            request, _("Your workspace “%(name)s” is ready.") % {"name": request.tenant.name}
        )
    return redirect(arrival.next_path)


def dashboard(request):
    """Panels and figures from each enabled object's app, or first steps (workspaces.dashboard)."""
    return render(request, "workspaces/dashboard.html", dashboard_context(request))
