"""Reads about accounts: what Carnet holds about a person's own account (GDPR art. 15, 20)."""

from __future__ import annotations

from axes.models import AccessAttempt, AccessFailureLog
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import PasswordResetRequest
from accounts.services import user_links_in_workspaces
from workspaces.models import Invitation
from workspaces.selectors import memberships_of

FORMAT = "carnet-account-data/1"


def workspace_links(user) -> list[dict]:
    """How many rows of the current workspace point at the person (records they own, notes
    they wrote, tasks for them…), by table and field: one count per link."""
    rows = []
    for model, name in user_links_in_workspaces():
        count = model.objects.filter(**{f"{name}_id": user.pk}).count()
        if count:
            meta = model._meta
            rows.append(
                {
                    "table": str(meta.verbose_name_plural),
                    "field": str(meta.get_field(name).verbose_name),
                    "count": count,
                }
            )
    return rows


def account_data(user, *, workspace=None) -> dict:
    """The person's account (public schema: every workspace sees the same), their
    workspaces, sign-in security and, on a workspace host, what in it points at them."""
    memberships = list(memberships_of(user=user))
    email = user.email.lower()
    return {
        "format": FORMAT,
        "generated": timezone.now(),
        "profile": {
            "email": user.email,
            "full_name": user.full_name,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "active": user.is_active,
            "operator": user.is_staff,
        },
        "workspaces": [
            {
                "name": m.workspace.name,
                "address": m.workspace.host,
                "role": m.get_role_display(),
                "joined": m.created,
            }
            for m in memberships
        ],
        "invitations": [
            {
                "workspace": i.workspace.name,
                "role": i.get_role_display(),
                "sent": i.created,
                "expires": i.expires,
                "accepted": i.accepted_at,
            }
            for i in Invitation.objects.filter(email__iexact=email)
            .select_related("workspace")
            .order_by("-created")
        ],
        "two_factor": {
            "enabled": two_factor.two_factor_enabled(user),
            "authenticators": [
                {
                    "name": d.name,
                    "confirmed": d.confirmed,
                    "created": d.created_at,
                    "last_used": d.last_used_at,
                }
                for d in TOTPDevice.objects.filter(user=user).order_by("pk")
            ],  # fmt: skip
            "recovery_codes_left": two_factor.recovery_codes_left(user),
        },
        "sign_in_failures": [
            {"when": f.attempt_time, "ip_address": f.ip_address, "page": f.path_info}
            for f in AccessFailureLog.objects.filter(username=email).order_by("-attempt_time")[:100]
        ],
        # Failures not yet forgotten (a success, a reset or 15 quiet minutes forget them).
        "recent_sign_in_failures": sum(
            AccessAttempt.objects.filter(username=email).values_list(
                "failures_since_start", flat=True
            )
        ),
        "password_reset_requests": [
            {"when": r.created, "ip_address": r.ip_address}
            for r in PasswordResetRequest.objects.filter(email=email).order_by("-created")
        ],
        "this_workspace": (
            {"name": workspace.name, "links": workspace_links(user)} if workspace else None
        ),
    }
