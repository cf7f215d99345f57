"""How django-axes sees a sign-in: which address is tried, and from which client address.

The lock itself is django-axes (settings AXES_*): its tables are in the public schema, so the
failures on every host (each workspace's login, the public login) count together.

Before the lock, a delay: after SIGN_IN_DELAY_AFTER failures (3), the next try is refused
for SIGN_IN_DELAY_SECONDS (5 s), then three times longer after each further failure (15 s),
until the fifth failure locks (`seconds_to_wait`, checked by accounts.views.SignInView before
the password is). A refused try is not a failure: it does not bring the lock closer.
"""

import math

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Q, Sum
from django.utils import timezone


def username_of(request, credentials) -> str | None:
    """The address being tried, as accounts compare them: trimmed, in lower case."""
    if credentials:
        value = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        value = request.POST.get(settings.AXES_USERNAME_FORM_FIELD)
    return value.strip().lower() if isinstance(value, str) else value


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or X-Forwarded-For's as set by TRUSTED_PROXY_COUNT."""
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")


def delay_after(failures: int) -> int:
    """Seconds a sign-in must wait after `failures` failures in a row (then axes locks):
    none for the first ones, then SIGN_IN_DELAY_SECONDS, tripled at each further failure."""
    first = settings.SIGN_IN_DELAY_AFTER
    if failures < first or failures >= settings.AXES_FAILURE_LIMIT:
        return 0  # at the limit, the lock (django-axes) answers instead
    return settings.SIGN_IN_DELAY_SECONDS * 3 ** (failures - first)


def seconds_to_wait(request) -> int:
    """How long this account and this address must still wait before their next try, from
    django-axes' records of their recent failures (no sleeping: the try is refused)."""
    username, ip = username_of(request, None), client_ip(request)
    now = timezone.now()
    recent = AccessAttempt.objects.filter(attempt_time__gte=now - settings.AXES_COOLOFF_TIME)
    wait = 0
    for condition in (Q(username=username) if username else None, Q(ip_address=ip) if ip else None):
        if condition is None:
            continue
        figures = recent.filter(condition).aggregate(
            failures=Sum("failures_since_start"), last=Max("attempt_time")
        )
        if not figures["failures"]:
            continue
        delay = delay_after(figures["failures"])
        if delay:
            remaining = delay - (now - figures["last"]).total_seconds()
            wait = max(wait, math.ceil(remaining))
    return max(wait, 0)
