"""The operators' admin: signing in goes through Carnet's own sign-in, and 2FA is required.

Operators sign in on the public host's /accounts/login/ like everyone (same sign-in lock, same
code step); /admin/login/ only sends them there. The admin opens only to a staff account whose
session was confirmed with a second factor: an operator without one is sent to set it up.
"""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import user_has_device


class CarnetAdminSite(admin.AdminSite):
    site_header = "Carnet"
    site_title = "Carnet"

    def has_permission(self, request):
        return super().has_permission(request) and request.user.is_verified()

    def login(self, request, extra_context=None):
        next_url = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(next_url, reverse("accounts:login"))
        if not (user.is_active and user.is_staff):
            raise PermissionDenied
        if self.has_permission(request):
            return redirect(next_url)
        query = urlencode({"next": next_url})
        if user_has_device(user, confirmed=True):
            return redirect(f"{reverse('accounts:sign_in_code')}?{query}")
        messages.info(
            request,
            _("The operators' admin requires two-factor authentication: set it up to go on."),
        )
        return redirect(f"{reverse('accounts:two_factor')}?{query}")
