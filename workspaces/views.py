from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotFound
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from workspaces import selectors, services
from workspaces.dashboard import dashboard_context
from workspaces.forms import SignupForm


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
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("Your workspace “%(name)s” is ready.") % {"name": workspace.name}
            )
            return redirect("workspace_chooser")
    return render(request, "workspaces/signup.html", {"form": form})


@login_required
def chooser(request):
    memberships = selectors.memberships_of(user=request.user)
    entries = [(m, m.workspace.url(request)) for m in memberships]
    return render(request, "workspaces/chooser.html", {"entries": entries})


def dashboard(request):
    """Panels and figures from each enabled object's app, or first steps (workspaces.dashboard)."""
    return render(request, "workspaces/dashboard.html", dashboard_context(request))
