"""How django-axes sees a sign-in: which address is tried, and from which client address.

The lock itself is django-axes (settings AXES_*): its tables are in the public schema, so the
failures on every host (each workspace's login, the public login) count together.
"""

from django.conf import settings


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
