"""Who may see a workspace: the one check every workspace-host view goes through.

- anonymous visitor: sent to the login page of this host;
- signed in but not a member: 404, exactly as for a workspace that does not exist;
- viewer: may read, never write (403 on any unsafe method);
- in a workspace that requires two-factor authentication, a member whose session was not
  confirmed by a second factor is sent to enter a code, or to set two-factor up first.

Views that anyone may open (login, password reset, language choice) are marked with Django's
`login_not_required`. Views about the person's own account rather than the workspace's data
(password change, leaving) are marked with `personal`, so that viewers may post to them.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect
from django_otp import user_has_device
from django_tenants.utils import get_public_schema_name

from workspaces.selectors import memberships_of

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def personal(view):
    """Mark a view as acting on the signed-in person, not on workspace data."""
    view.workspace_write = False
    return view


def is_workspace_host(request) -> bool:
    tenant = getattr(request, "tenant", None)
    return tenant is not None and tenant.schema_name != get_public_schema_name()


def two_factor_required(request):
    """Send the person to confirm this session with a code, or to set two-factor up first."""
    query = urlencode({"next": request.get_full_path()})
    if user_has_device(request.user, confirmed=True):
        url = f"{reverse('accounts:sign_in_code')}?{query}"
    else:
        messages.info(
            request,
            _("This workspace asks its members for two-factor authentication: set it up to go on."),
        )
        url = f"{reverse('accounts:two_factor')}?{query}"
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)


class WorkspaceAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        if not is_workspace_host(request):
            return self.get_response(request)
        # Dates on its pages, "today" and months are the workspace's (workspaces.Workspace.zone).
        with timezone.override(request.tenant.zone):
            return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not is_workspace_host(request):
            return None
        if not getattr(view_func, "login_required", True):
            return None
        if not request.user.is_authenticated:
            if request.htmx:
                return HttpResponseClientRedirect(redirect_to_login(request.get_full_path()).url)
            return redirect_to_login(request.get_full_path())
        # One query for the membership here and the workspace switcher of every page.
        request.memberships = list(memberships_of(user=request.user))
        membership = next(
            (m for m in request.memberships if m.workspace_id == request.tenant.pk), None
        )
        if membership is None:
            raise Http404
        request.membership = membership
        if (
            request.tenant.require_two_factor
            and not getattr(view_func, "two_factor_exempt", False)
            and not request.user.is_verified()
        ):
            return two_factor_required(request)
        if (
            request.method not in SAFE_METHODS
            and not membership.can_write
            and getattr(view_func, "workspace_write", True)
        ):
            raise PermissionDenied
        return None


def two_factor_exempt(view):
    """Mark a view that stays open while a workspace waits for the person's second factor."""
    view.two_factor_exempt = True
    return view
