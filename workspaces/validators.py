import re
import zoneinfo
from functools import cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# A DNS label (the slug is a sub-domain) that is also a safe PostgreSQL schema name.
SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
SLUG_MAX_LENGTH = 63
RESERVED_SLUGS = frozenset(
    {
        "www", "admin", "public", "api", "app", "static", "media", "assets", "mail", "smtp",
        "imap", "pop", "ftp", "ns1", "ns2", "help", "support", "status", "docs", "blog",
        "login", "logout", "signup", "accounts", "account", "auth", "settings", "dashboard",
        "template", "localhost", "root", "postgres", "carnet",
    }
)  # fmt: skip


def validate_workspace_slug(value: str) -> None:
    if len(value) > SLUG_MAX_LENGTH:
        raise ValidationError(
            _("At most %(max)d characters."), code="max_length", params={"max": SLUG_MAX_LENGTH}
        )
    if not SLUG_PATTERN.match(value):
        raise ValidationError(
            _(
                "Use lowercase letters (a–z), digits and hyphens only, "
                "starting and ending with a letter or a digit."
            ),
            code="invalid",
        )
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is reserved, please choose another address."),
            code="reserved",
            params={"slug": value},
        )


def validate_single_line(value: str) -> None:
    """Refuse line breaks and other control characters (the value goes into email subjects)."""
    if any(ord(char) < 32 or ord(char) == 127 or char in "\u2028\u2029\x85" for char in value):
        raise ValidationError(
            _("Write it on one line, without line breaks or control characters."),
            code="single_line",
        )


@cache
def time_zone_names() -> list[str]:
    """The IANA time zones (« Europe/Paris »), sorted."""
    return sorted(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value not in time_zone_names():
        raise ValidationError(
            _("Choose a time zone from the list, such as Europe/Paris."), code="invalid"
        )
