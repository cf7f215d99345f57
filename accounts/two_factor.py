"""Two-factor authentication (django-otp): an authenticator app, and single-use recovery codes.

A person has at most one authenticator (a confirmed TOTPDevice) and one set of recovery codes
(a StaticDevice whose tokens are deleted as they are used). A TOTPDevice is created unconfirmed
when the set-up page is opened and only counts once a code from the app has confirmed it.
"""

from __future__ import annotations

import base64
import re

import segno
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator"
RECOVERY_NAME = "Recovery codes"


def two_factor_enabled(user) -> bool:
    """Whether signing in as `user` asks for a code after the password."""
    return user_has_device(user, confirmed=True)


def totp_secret(device: TOTPDevice) -> str:
    """The device's key as authenticator apps type it: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an inline SVG QR code, drawn here (nothing fetched)."""
    qr = segno.make(device.config_url, error="m")
    return qr.svg_inline(scale=5, border=2, light="#fff", title=_("QR code for your app"))


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def totp_device_start(*, user) -> TOTPDevice:
    """The authenticator being set up: a new unconfirmed device, or the one already started."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, code: str) -> list[str]:
    """Turn two-factor on with a first code from the app; returns fresh recovery codes."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if not device.verify_token(_normalise(code)):
        raise ValidationError(
            {"code": _("This code does not match. Check the clock of your phone and try again.")},
            code="invalid",
        )
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_renew(user=device.user)


@transaction.atomic
def recovery_codes_renew(*, user) -> list[str]:
    """A new set of single-use recovery codes; the previous ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def two_factor_disable(*, user) -> None:
    """Turn two-factor off: the authenticator and the recovery codes are forgotten."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def two_factor_verify(*, user, code: str) -> Device | None:
    """The device that accepts `code`: the app's six digits, or a recovery code (then used up).

    Each device counts its failures and answers no for a growing delay after each one
    (django-otp's throttling), so codes cannot be guessed in a burst.
    """
    code = _normalise(code)
    if not code:
        return None
    model = TOTPDevice if code.isdigit() else StaticDevice
    with transaction.atomic():
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            if device.verify_token(code):
                return device
    return None


def _normalise(code: str) -> str:
    """Codes as people type them: spaces and hyphens ignored, any case."""
    return re.sub(r"[\s-]", "", code or "").lower()[:32]
