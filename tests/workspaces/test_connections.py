"""Long-lived connections that visit many workspace schemas are replaced (workspaces.connections):
after a request or a job, once the connection has visited more than SCHEMAS_PER_CONNECTION
schemas, it is closed and the next query opens a fresh one."""

import threading

import pytest
from django.db import connection, connections

from workspaces import connections as recycling

pytestmark = pytest.mark.django_db


def _in_thread(function):
    """`function` on a connection of its own, outside the test's transaction (as in a worker)."""
    result, errors = [], []

    def run():
        try:
            result.append(function())
        except BaseException as error:  # noqa: BLE001 — reported to the test
            errors.append(error)
        finally:
            connection.set_schema_to_public()
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(120)
    assert not errors, errors
    return result[0]


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def test_a_connection_is_replaced_after_visiting_more_schemas_than_the_limit(monkeypatch):
    monkeypatch.setattr(recycling, "SCHEMAS_PER_CONNECTION", 2)

    def visit():
        steps = []
        for schema in ["alpha", "beta", "alpha", "workspace_template", "beta"]:
            connection.set_schema(schema)
            steps.append((_backend_pid(), recycling.schema_visited(schema)))
        return steps

    steps = _in_thread(visit)
    pids = [pid for pid, _closed in steps]
    assert [closed for _pid, closed in steps] == [False, False, False, True, False]
    assert len(set(pids[:4])) == 1  # the same connection for the first three schemas
    assert pids[4] != pids[0]  # then a fresh one


def test_requests_to_many_workspaces_replace_the_connection(monkeypatch, alice, bob):
    from django.test import Client

    monkeypatch.setattr(recycling, "SCHEMAS_PER_CONNECTION", 1)

    def requests():
        closed_after = []
        for host, user in [("alpha", alice), ("alpha", alice), ("beta", bob)]:
            client = Client(HTTP_HOST=f"{host}.localhost")
            client.force_login(user)
            assert client.get("/").status_code == 200
            closed_after.append(connection.connection is None)
        return closed_after

    # After the first two requests the connection has seen one schema; the third, to another
    # workspace, makes two: it is closed at the end of that request.
    assert _in_thread(requests) == [False, False, True]


def test_a_job_in_a_workspace_counts_as_a_visit(monkeypatch):
    from workspaces.jobs import schema_visited_in

    monkeypatch.setattr(recycling, "SCHEMAS_PER_CONNECTION", 1)

    def jobs():
        _backend_pid()
        schema_visited_in("alpha")
        open_after_one = connection.connection is not None
        schema_visited_in("beta")
        return open_after_one, connection.connection is None

    assert _in_thread(jobs) == (True, True)
