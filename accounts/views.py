"""Signing in (password, then a code when two-factor is on), the sign-in lock, password reset,
and the person's two-factor settings. Served on the public host and on every workspace host.
"""

from __future__ import annotations

import json
import logging
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.forms.utils import ErrorDict
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from accounts import selectors, services, two_factor
from accounts.forms import TwoFactorCodeForm
from accounts.sign_in_lock import client_ip, seconds_to_wait
from workspaces.access import is_workspace_host, personal, two_factor_exempt

logger = logging.getLogger(__name__)
User = get_user_model()

# A password checked, waiting for its code: who, with which backend, since when.
PENDING_KEY = "two_factor_pending"
PENDING_SECONDS = 300


def safe_next(request, default: str | None = None) -> str:
    """The `next` address given with the request, if it stays on this host."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default or reverse(settings.LOGIN_REDIRECT_URL)


def with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


# --- Signing in --------------------------------------------------------------------------------


class SignInView(auth_views.LoginView):
    """The password step. With two-factor on, the person is signed in only after the code."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        wait = seconds_to_wait(request)
        if not wait:
            return super().post(request, *args, **kwargs)
        # Refused before the password is even compared: not a failure, no lock closer.
        logger.info(
            "Sign-in refused for %s from %s: %d s to wait after failures",
            request.POST.get("username", "")[:254],
            client_ip(request),
            wait,
        )
        form = self.get_form()
        form._errors, form.cleaned_data = ErrorDict(), {}  # shown unvalidated
        form.add_error(
            None,
            ngettext(
                "Too many failed sign-ins: try again in %(count)d second.",
                "Too many failed sign-ins: try again in %(count)d seconds.",
                wait,
            )
            % {"count": wait},
        )
        response = self.render_to_response(self.get_context_data(form=form))
        response.status_code = 429
        response["Retry-After"] = str(wait)
        return response

    def form_valid(self, form):
        user = form.get_user()
        if not two_factor.two_factor_enabled(user):
            return super().form_valid(form)
        self.request.session[PENDING_KEY] = {
            "user": user.pk,
            "backend": user.backend,
            "at": time.time(),
        }
        return HttpResponseRedirect(
            with_next(reverse("accounts:sign_in_code"), self.get_redirect_url())
        )


def person_to_verify(request) -> tuple[User | None, dict | None]:
    """Who the code step is for: a signed-in person not yet confirmed, or a pending sign-in."""
    if request.user.is_authenticated:
        if request.user.is_verified() or not two_factor.two_factor_enabled(request.user):
            return None, None
        return request.user, None
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None, None
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    return user, pending


@never_cache
@login_not_required
@two_factor_exempt
@require_http_methods(["GET", "POST"])
def sign_in_code(request):
    """The second step of signing in: a code from the app, or a recovery code."""
    user, pending = person_to_verify(request)
    if user is None:
        if request.user.is_authenticated:
            return redirect(safe_next(request))
        return redirect(with_next(reverse("accounts:login"), request.GET.get("next", "")))
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.two_factor_verify(user=user, code=form.cleaned_data["code"])
        if device is None:
            logger.warning("Wrong two-factor code for %s from %s", user.email, client_ip(request))
            form.add_error(
                "code",
                _("This code is not valid. After several tries, wait a few seconds between each."),
            )
        else:
            if pending is not None:
                request.session.pop(PENDING_KEY, None)
                auth_login(request, user, backend=pending["backend"])
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                messages.warning(
                    request,
                    _("You used a recovery code; %(count)d left. Make new ones in your account.")
                    % {"count": two_factor.recovery_codes_left(user)},
                )
            return redirect(safe_next(request))
    return render(
        request, "accounts/login_code.html", {"form": form, "next": request.GET.get("next", "")}
    )


def locked_out(request, original_response=None, credentials=None):
    """What django-axes answers once an account or an address is locked (see AXES_*)."""
    return render(
        request,
        "accounts/locked.html",
        {"minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)},
        status=429,
    )


# --- Password reset ----------------------------------------------------------------------------


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, limited per address and per IP; the answer never tells which applied."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"

    def get_success_url(self):
        return reverse("accounts:password_reset_done")

    def form_valid(self, form):
        allowed = services.password_reset_request_record(
            email=form.cleaned_data["email"], ip_address=client_ip(self.request)
        )
        if not allowed:
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choosing a new password from the emailed link also lifts the sign-in lock."""

    template_name = "accounts/password_reset_confirm.html"

    def get_success_url(self):
        return reverse("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.sign_in_unlock(email=form.user.email)
        return response


# --- Two-factor settings -----------------------------------------------------------------------


@never_cache
@login_required
@personal
@two_factor_exempt
@require_http_methods(["GET", "POST"])
def two_factor_settings(request):
    """Set up the authenticator app, make new recovery codes, or turn two-factor off."""
    user = request.user
    next_url = safe_next(request, default="")
    form = TwoFactorCodeForm(request.POST or None)
    if two_factor.two_factor_enabled(user):
        if request.method == "POST" and form.is_valid():
            if two_factor.two_factor_verify(user=user, code=form.cleaned_data["code"]) is None:
                form.add_error("code", _("This code is not valid."))
            elif request.POST.get("action") == "disable":
                two_factor.two_factor_disable(user=user)
                messages.success(request, _("Two-factor authentication is off."))
                return redirect("accounts:two_factor")
            else:
                codes = two_factor.recovery_codes_renew(user=user)
                return render(request, "accounts/recovery_codes.html", {"codes": codes})
        return render(
            request,
            "accounts/two_factor.html",
            {
                "enabled": True,
                "form": form,
                "codes_left": two_factor.recovery_codes_left(user),
            },
        )
    device = two_factor.totp_device_start(user=user)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.totp_device_confirm(device=device, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            device.refresh_from_db()
            otp_login(request, device)
            logger.info("Two-factor authentication turned on for %s", user.email)
            return render(
                request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url}
            )
    return render(
        request,
        "accounts/two_factor.html",
        {
            "enabled": False,
            "form": form,
            "qr_svg": two_factor.totp_qr_svg(device),
            "secret": two_factor.totp_secret(device),
            "next": next_url,
        },
    )


# --- Your data ---------------------------------------------------------------------------------


def _account_data(request) -> dict:
    workspace = request.tenant if is_workspace_host(request) else None
    return selectors.account_data(request.user, workspace=workspace)


@never_cache
@login_required
@two_factor_exempt
@require_GET
def account_data(request):
    """What Carnet holds about the signed-in person's account (GDPR art. 15)."""
    return render(request, "accounts/data.html", {"data": _account_data(request)})


@never_cache
@login_required
@two_factor_exempt
@require_GET
def account_data_export(request):
    """The same as a JSON file (art. 20)."""
    data = _account_data(request)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="carnet-account-data.json"'
    return response
