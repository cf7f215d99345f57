"""The sign-in hand-off: a person signed in on one host arrives signed in on a workspace host.

Each host keeps its own session cookie (unless SESSION_COOKIE_DOMAIN joins them), so signing up
on the public host, or choosing a workspace there, would otherwise ask for the password again.
The leaving host stores a nonce (workspaces.models.SignInHandoff) bound to the person, the
workspace and the second factor that confirmed the session, and sends the browser to the
workspace's /accounts/handoff/ with the nonce signed (django.core.signing, timestamped). The
workspace host accepts it once, within HANDOFF_SECONDS, for that workspace, for a member.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.models import Device

from workspaces.models import Membership, SignInHandoff, Workspace

HANDOFF_SECONDS = 60
SALT = "carnet.workspaces.handoff"
PATH = "/accounts/handoff/"


class HandoffRefused(Exception):
    """The token cannot open a session; the message says why, in the reader's words."""


@dataclass(frozen=True)
class Arrival:
    """A redeemed hand-off: who arrives, confirmed by which device (None: not confirmed)."""

    user: object
    device: Device | None
    welcome: bool
    next_path: str


def shares_session_cookie(workspace: Workspace) -> bool:
    """Whether one session cookie already covers the workspace's host (SESSION_COOKIE_DOMAIN)."""
    domain = (settings.SESSION_COOKIE_DOMAIN or "").lstrip(".").lower()
    return bool(domain) and (workspace.host == domain or workspace.host.endswith("." + domain))


@transaction.atomic
def handoff_create(
    *, user, workspace: Workspace, device: Device | None = None, welcome: bool = False, next_path=""
) -> str:
    """A signed, single-use token that signs `user` in on `workspace`'s host (for a member)."""
    SignInHandoff.objects.filter(
        created__lt=timezone.now() - timedelta(seconds=HANDOFF_SECONDS)
    ).delete()
    nonce = secrets.token_urlsafe(32)
    SignInHandoff.objects.create(
        nonce=nonce,
        user=user,
        workspace=workspace,
        otp_device=device.persistent_id if device is not None else "",
    )
    payload = {"n": nonce, "w": workspace.pk}
    if welcome:
        payload["s"] = 1
    if next_path:
        payload["p"] = next_path
    return signing.dumps(payload, salt=SALT)


def handoff_url(request, *, workspace: Workspace, token: str) -> str:
    """The address, on the workspace's host, where the token is redeemed."""
    return workspace.url(request, f"{PATH}?{urlencode({'token': token})}")


def handoff_redeem(*, token: str, workspace: Workspace) -> Arrival:
    """Use up the token for `workspace`: who it signs in, or HandoffRefused.

    Tampered, expired, already used, meant for another workspace, or for someone who is no
    longer an active member: refused. A token refused for the wrong workspace is used up too.
    """
    try:
        payload = signing.loads(token or "", salt=SALT, max_age=HANDOFF_SECONDS)
    except signing.SignatureExpired as error:
        raise HandoffRefused(_("This sign-in link has expired. Sign in here.")) from error
    except signing.BadSignature as error:
        raise HandoffRefused(_("This sign-in link is not valid. Sign in here.")) from error
    if not isinstance(payload, dict) or not isinstance(payload.get("n"), str):
        raise HandoffRefused(_("This sign-in link is not valid. Sign in here."))
    handoff = _use_up(payload["n"])
    if handoff is None:
        raise HandoffRefused(_("This sign-in link was already used or has expired. Sign in here."))
    user = handoff.user
    if (
        payload.get("w") != workspace.pk
        or handoff.workspace_id != workspace.pk
        or not user.is_active
        or not Membership.objects.filter(workspace=workspace, user=user).exists()
    ):
        raise HandoffRefused(_("This sign-in link is not valid. Sign in here."))
    device = None
    if handoff.otp_device:
        device = Device.from_persistent_id(handoff.otp_device, for_verify=False)
        if device is None or device.user_id != user.pk or not device.confirmed:
            device = None
    next_path = payload.get("p") or "/"
    if not isinstance(next_path, str) or not next_path.startswith("/") or next_path[1:2] in "/\\":
        next_path = "/"
    return Arrival(user=user, device=device, welcome=bool(payload.get("s")), next_path=next_path)


@transaction.atomic
def _use_up(nonce: str) -> SignInHandoff | None:
    """The hand-off of `nonce` if still valid, deleted (committed even if then refused): of two
    simultaneous requests with the same token, the second waits on the lock and finds nothing."""
    handoff = (
        SignInHandoff.objects.select_for_update()
        .select_related("user")
        .filter(nonce=nonce, created__gte=timezone.now() - timedelta(seconds=HANDOFF_SECONDS))
        .first()
    )
    if handoff is not None:
        handoff.delete()
    return handoff
