"""While PostgreSQL is unreachable, pages answer 503 « Carnet est momentanément indisponible »."""

import contextlib
import logging
import time

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)

# Browsers and proxies may try again after this many seconds (the supervisor restarts the
# embedded server within 5 s).
RETRY_AFTER = 5


class DatabaseOutageMiddleware:
    """Answers 503 without a traceback while the database is down; logs each outage once."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.outage_since: float | None = None  # per process: one log line per outage

    def __call__(self, request):
        try:
            # Connect (or check the kept connection) before the tenant middleware's domain
            # lookup, so that an outage never reaches it as a 500.
            connection.close_if_health_check_failed()
            connection.ensure_connection()
        except (OperationalError, InterfaceError) as error:
            return self.unavailable(request, error)
        self.outage_since = None
        return self.get_response(request)

    def process_exception(self, request, exception):
        # A view's query may fail when the server goes away mid-request.
        if isinstance(exception, (OperationalError, InterfaceError)) and not _reachable():
            return self.unavailable(request, exception)
        return None

    def unavailable(self, request, error) -> HttpResponse:
        if self.outage_since is None:
            self.outage_since = time.monotonic()
            logger.error("Database unreachable, answering 503 until it is back: %s", error)
        # A broken connection must not be reused by the next request.
        with contextlib.suppress(DatabaseError):
            connection.close()
        language = translation.get_language_from_request(request)
        with translation.override(language):
            body = render_to_string("503.html", {"LANGUAGE_CODE": language})
        response = HttpResponse(body, status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        # Django logs every 5xx response ("Service Unavailable: /path"); this outage is logged once.
        response._has_been_logged = True
        return response


def _reachable() -> bool:
    try:
        connection.ensure_connection()
        return connection.is_usable()
    except DatabaseError:
        return False
