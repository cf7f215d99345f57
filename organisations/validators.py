"""Loose checks for what people type: SIREN numbers and phone numbers."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SIREN_PATTERN = re.compile(r"^[0-9]{9}$")  # ASCII digits only: not « ９ » nor « ٩ »
# Digits, spaces, dots, dashes, slashes, parentheses, a leading + and an optional extension.
PHONE_PATTERN = re.compile(
    r"^\+?[\d\s().\-/]{4,30}(\s*(ext\.?|x|poste)\s*\d{1,6})?$", re.IGNORECASE | re.ASCII
)


def luhn_is_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def validate_siren(value: str) -> None:
    """Nine digits whose Luhn checksum holds (the SIREN key)."""
    if not SIREN_PATTERN.match(value or ""):
        raise ValidationError(_("A SIREN number has exactly 9 digits."), code="siren_format")
    if not luhn_is_valid(value):
        raise ValidationError(
            _("This SIREN number is not valid (its check digit does not match)."),
            code="siren_checksum",
        )


def validate_phone(value: str) -> None:
    """Phone numbers are kept as typed; this only refuses what cannot be one."""
    if value and (not PHONE_PATTERN.match(value.strip()) or sum(c.isdigit() for c in value) < 4):
        raise ValidationError(
            _("Enter a phone number (digits, spaces, dots, dashes, an optional leading +)."),
            code="phone",
        )
