"""Who may see a workspace: the one check every workspace-host view goes through.

- anonymous visitor: sent to the login page of this host;
- signed in but not a member: 404, exactly as for a workspace that does not exist;
- viewer: may read, never write (403 on any unsafe method).

Views that anyone may open (login, password reset, language choice) are marked with Django's
`login_not_required`. Views about the person's own account rather than the workspace's data
(password change, leaving) are marked with `personal`, so that viewers may post to them.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django_htmx.http import HttpResponseClientRedirect
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


class WorkspaceAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
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
            request.method not in SAFE_METHODS
            and not membership.can_write
            and getattr(view_func, "workspace_write", True)
        ):
            raise PermissionDenied
        return None
