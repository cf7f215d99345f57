"""Workspace schemas at scale: creation clones without re-creating the clone function (so
sign-ups do not wait on each other), and a deploy migrates only the schemas that need it."""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.test.utils import CaptureQueriesContext

from contacts.models import Contact
from tests.threads import in_thread
from workspaces import schemas, services
from workspaces.models import Workspace

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def test_creating_a_workspace_does_not_recreate_the_clone_function(alice):
    with CaptureQueriesContext(connection) as queries:
        workspace = services.workspace_create(slug="gamma", name="Gamma", owner=alice)
    assert not [q for q in queries if "CREATE OR REPLACE FUNCTION" in q["sql"].upper()]
    with workspace:
        Contact.objects.create(first_name="Ada")  # its tables are there
        assert Contact.objects.count() == 1
    assert schemas.stale_schemas(["gamma"]) == []
    with connection.cursor() as cursor:
        # Cloned without copying owners and grants (NOACL, NOOWNER): the same as copying them.
        cursor.execute(
            "SELECT DISTINCT c.relnamespace::regnamespace::text, pg_get_userbyid(c.relowner), "
            "c.relacl IS NULL FROM pg_class c "
            "WHERE c.relnamespace IN ('gamma'::regnamespace, 'workspace_template'::regnamespace) "
            "ORDER BY 1"
        )
        rows = cursor.fetchall()
        cursor.execute("SELECT current_user")
        user = cursor.fetchone()[0]
    assert rows == [("gamma", user, True), ("workspace_template", user, True)]


def test_up_to_date_schemas_are_skipped_and_a_stale_one_is_found(alpha, beta):
    assert schemas.stale_schemas(["alpha", "beta", "no_such_schema"]) == []
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM beta.django_migrations WHERE app = 'contacts' AND name = '0001_initial'"
        )
    assert schemas.stale_schemas(["alpha", "beta"]) == ["beta"]


def _drop_workspaces(*slugs):
    def drop():
        for workspace in Workspace.objects.filter(schema_name__in=slugs):
            workspace.delete(force_drop=True)
        connection.set_schema_to_public()

    thread, errors = in_thread(drop)
    thread.join(60)
    assert not errors, errors


def test_two_sign_ups_at_once_do_not_wait_on_each_other():
    """The first creation's transaction stays open while the second one runs from start to
    commit: the second must not wait for any lock the first holds (it would, were the clone
    function re-created in each creation's transaction)."""
    first_created, release_first = threading.Event(), threading.Event()

    def first():
        with transaction.atomic():
            services.workspace_create(slug="together1", name="One")
            first_created.set()
            assert release_first.wait(60)

    def second():
        assert first_created.wait(60)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '5s'")  # waiting on the first would fail here
        services.workspace_create(slug="together2", name="Two")

    try:
        thread1, errors1 = in_thread(first)
        thread2, errors2 = in_thread(second)
        thread2.join(120)
        second_done_while_first_open = not thread2.is_alive() and thread1.is_alive()
        release_first.set()
        thread1.join(120)
        assert not errors2, errors2
        assert not errors1, errors1
        assert second_done_while_first_open
        assert set(
            Workspace.objects.filter(schema_name__startswith="together").values_list(
                "schema_name", flat=True
            )
        ) == {"together1", "together2"}
        assert schemas.stale_schemas(["together1", "together2"]) == []
    finally:
        release_first.set()
        _drop_workspaces("together1", "together2")


def test_migrate_workspaces_migrates_only_the_stale_schemas_in_parallel_processes():
    """Two workspaces missed a migration (index dropped, its row gone): the command, run as on
    a deploy (its own process, forking children), puts it back in both and skips the others."""

    # A leaf migration (nothing depends on it) that only adds indexes: drop them and its row.
    leaf = MigrationLoader(None).get_migration("activities", "0012_timeline_indexes")
    indexes = sorted(operation.index.name for operation in leaf.operations)

    def create_stale():
        for slug in ["stale1", "stale2"]:
            services.workspace_create(slug=slug, name=slug)
            with connection.cursor() as cursor:
                cursor.execute("DROP INDEX " + ", ".join(f"{slug}.{name}" for name in indexes))
                cursor.execute(
                    f"DELETE FROM {slug}.django_migrations "
                    "WHERE app = 'activities' AND name = '0012_timeline_indexes'"
                )

    db = connection.settings_dict
    url = f"postgres://{db['USER'] or 'postgres'}@/{db['NAME']}?host={db['HOST']}&port={db['PORT']}"
    try:
        thread, errors = in_thread(create_stale)
        thread.join(120)
        assert not errors, errors
        assert schemas.stale_schemas(["alpha", "stale1", "stale2"]) == ["stale1", "stale2"]
        done = subprocess.run(
            [sys.executable, "manage.py", "migrate_workspaces", "-v", "1", "--processes", "2"],
            cwd=ROOT, capture_output=True, text=True, timeout=300,
            env={**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "tests.settings"},
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        total = Workspace.objects.exclude(schema_name="public").count()
        assert f"2 of {total} workspaces to migrate." in done.stdout
        assert schemas.stale_schemas(["stale1", "stale2"]) == []
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT schemaname, indexname FROM pg_indexes WHERE indexname = ANY(%s)"
                " AND schemaname IN ('stale1', 'stale2') ORDER BY 1, 2",
                [indexes],
            )
            expected = [(slug, name) for slug in ("stale1", "stale2") for name in indexes]
            assert cursor.fetchall() == expected
    finally:
        _drop_workspaces("stale1", "stale2")


def test_with_nothing_to_do_migrate_workspaces_visits_no_workspace(alpha, beta):
    with CaptureQueriesContext(connection) as queries:
        call_command("migrate_workspaces", verbosity=0)
    # Neither migrated nor even entered: no search_path set to a workspace schema.
    visited = [q["sql"] for q in queries if "search_path" in q["sql"] and "alpha" in q["sql"]]
    assert not visited
