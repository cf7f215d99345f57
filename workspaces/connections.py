"""Database connections that visit many workspace schemas are replaced before they grow large.

A PostgreSQL backend caches the catalogue entries of every table it has touched, and never
forgets them: about 0.4 MB per workspace schema visited (406 MB after 998 schemas). Web
workers keep their connection up to CONN_MAX_AGE (60 s) and the background worker runs jobs
of every workspace on one connection, so a busy process could visit hundreds of schemas on
one connection. After each request and each job, `schema_visited` notes the connection's
schema and closes the connection once it has visited more than SCHEMAS_PER_CONNECTION
distinct schemas; the next query opens a fresh one (a few milliseconds).
"""

from __future__ import annotations

import os

from django.db import connection

SCHEMAS_PER_CONNECTION = int(os.environ.get("CARNET_SCHEMAS_PER_CONNECTION", "100"))


def schema_visited(schema_name: str) -> bool:
    """Note that the current connection has visited `schema_name`; close it if it has now
    visited more than SCHEMAS_PER_CONNECTION schemas. Returns whether it was closed."""
    raw = connection.connection
    if raw is None:
        return False
    seen = getattr(connection, "carnet_schemas_seen", None)
    if seen is None or seen[0] is not raw:  # a new connection since the last visit
        seen = (raw, set())
        connection.carnet_schemas_seen = seen
    seen[1].add(schema_name)
    if len(seen[1]) <= SCHEMAS_PER_CONNECTION or connection.in_atomic_block:
        return False
    connection.close()
    connection.carnet_schemas_seen = None
    return True


def request_finished(**_signal) -> None:
    """After each request (connected in workspaces.apps)."""
    schema_visited(connection.schema_name)
