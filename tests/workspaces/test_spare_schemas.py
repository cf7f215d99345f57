"""Spare schemas: cloned ahead from the template, renamed when a workspace is created.

A workspace made from a spare must be the same as one cloned at once (tables, triggers and
their history, sequences, constraints, demo data); no spare ready means cloning as before;
two creations at once never take the same spare; a spare that misses a migration of the
template is never used; nobody sees a spare (not a workspace, not in the admin, not counted
by `migrate_workspaces`)."""

import threading

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from procrastinate.contrib.django.models import ProcrastinateJob

from activities.history_models import ContactEvent
from contacts.models import Contact
from labels.models import Label
from tests.conftest import confirm_two_factor
from tests.threads import in_thread
from workspaces import demo, schemas, services
from workspaces.models import Domain, SpareSchema, Workspace

pytestmark = pytest.mark.django_db


def _spares() -> set[str]:
    return set(SpareSchema.objects.values_list("schema_name", flat=True))


def _schema_exists(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regnamespace(%s) IS NOT NULL", [name])
        return cursor.fetchone()[0]


def _shape(schema: str) -> dict[str, list]:
    """Everything a schema holds, in words that do not name the schema itself."""
    queries = {
        "tables": "SELECT c.relname, c.relkind::text FROM pg_class c "
        "WHERE c.relnamespace = %(ns)s::regnamespace ORDER BY 1",
        "columns": "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), "
        "a.attnotnull, a.attidentity::text, pg_get_expr(d.adbin, d.adrelid) "
        "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
        "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
        "WHERE c.relnamespace = %(ns)s::regnamespace AND a.attnum > 0 AND NOT a.attisdropped "
        "ORDER BY 1, 2",
        "constraints": "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
        "FROM pg_constraint WHERE connamespace = %(ns)s::regnamespace ORDER BY 2",
        "indexes": "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = %(ns)s "
        "ORDER BY 1",
        "triggers": "SELECT t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t "
        "JOIN pg_class c ON c.oid = t.tgrelid "
        "WHERE c.relnamespace = %(ns)s::regnamespace AND NOT t.tgisinternal ORDER BY 1",
        "functions": "SELECT p.proname, p.prosrc, p.proconfig FROM pg_proc p "
        "WHERE p.pronamespace = %(ns)s::regnamespace ORDER BY 1",
        "sequences": "SELECT sequencename, last_value FROM pg_sequences "
        "WHERE schemaname = %(ns)s ORDER BY 1",
        "migrations": f"SELECT app, name FROM {connection.ops.quote_name(schema)}"
        ".django_migrations ORDER BY 1, 2",
    }
    shape = {}
    connection.set_schema_to_public()  # definitions then name the schema: replaced below
    with connection.cursor() as cursor:
        for key, sql in queries.items():
            cursor.execute(sql, {"ns": schema})
            shape[key] = [
                tuple(str(v).replace(f"{schema}.", "SCHEMA.") for v in row)
                for row in cursor.fetchall()
            ]
    return shape


def test_a_workspace_made_from_a_spare_is_the_same_as_one_cloned_at_once(alice):
    # A spare of its own: one that an earlier test took and gave back (rolled back) keeps the
    # sequence numbers that test drew, which no transaction takes back.
    SpareSchema.objects.all().delete()
    schemas.spares_fill(count=1)
    spare = SpareSchema.objects.order_by("pk").first().schema_name

    from_spare = services.workspace_create(slug="fromspare", name="From a spare", owner=alice)

    assert spare not in _spares() and not _schema_exists(spare)
    SpareSchema.objects.all().delete()  # none ready (for this test): cloned at once
    cloned = services.workspace_create(slug="cloned", name="Cloned", owner=alice)
    assert _schema_exists("cloned")

    assert _shape("fromspare") == _shape("cloned")
    counts = {}
    for workspace in (from_spare, cloned):
        with workspace:
            # History triggers write in the workspace's own tables.
            ada = Contact.objects.create(first_name="Ada", last_name="Lovelace")
            assert list(ContactEvent.objects.values_list("pgh_obj_id", "pgh_label")) == [
                (ada.pk, "insert")
            ]
            # Constraints hold.
            Label.objects.create(name="Client")
            with pytest.raises(IntegrityError), transaction.atomic():
                Label.objects.create(name="client")
        # The demo data goes in as in any workspace.
        report = demo.seed(
            workspace=workspace, seed=3, organisations=5, contacts=20, prospects=5,
            opportunities=3,
        )  # fmt: skip
        with workspace:
            counts[workspace.schema_name] = (
                report[1:],
                Contact.objects.count(),
                ContactEvent.objects.count(),
                sorted(Contact.objects.values_list("pk", flat=True)),
            )
    assert counts["fromspare"] == counts["cloned"]
    with from_spare:
        assert Contact.objects.count() == 21


def test_with_no_spare_ready_a_workspace_is_cloned_at_once(alice):
    SpareSchema.objects.all().delete()
    workspace = services.workspace_create(slug="nospare", name="No spare", owner=alice)
    assert schemas.stale_schemas(["nospare"]) == []
    with workspace:
        Contact.objects.create(first_name="Ada")
        assert ContactEvent.objects.count() == 1


def test_a_spare_that_misses_a_migration_of_the_template_is_dropped_not_used(alice):
    SpareSchema.objects.all().delete()
    schemas.spares_fill(count=1)
    (stale,) = _spares()
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {stale}.django_migrations "
            "WHERE app = 'prospects' AND name = '0012_keyset_indexes'"
        )
    assert not schemas.spare_is_current(stale)

    services.workspace_create(slug="notstale", name="Not stale", owner=alice)

    assert not _schema_exists(stale) and _spares() == set()
    assert schemas.stale_schemas(["notstale"]) == []


def test_migrate_workspaces_replaces_the_stale_spares(alpha):
    SpareSchema.objects.all().delete()
    schemas.spares_fill(count=settings.SPARE_SCHEMAS)
    before = _spares()
    stale = sorted(before)[0]
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {stale}.django_migrations WHERE app = 'contacts'")

    call_command("migrate_workspaces", verbosity=0)

    after = _spares()
    assert len(after) == settings.SPARE_SCHEMAS
    assert stale not in after and not _schema_exists(stale)
    assert before - {stale} <= after
    assert all(schemas.spare_is_current(name) for name in after)


def test_nobody_sees_a_spare(client_on, alpha):
    from accounts.models import User

    schemas.spares_fill(count=settings.SPARE_SCHEMAS)
    names = _spares()
    assert names and all(name.startswith(schemas.SPARE_PREFIX) for name in names)
    assert not Workspace.objects.filter(schema_name__in=names).exists()
    assert not Domain.objects.filter(domain__startswith=schemas.SPARE_PREFIX).exists()
    operator = User.objects.create_superuser("ops-spares@carnet.test", "x")
    admin = client_on(settings.BASE_DOMAIN, operator)
    confirm_two_factor(admin, operator)
    listed = admin.get("/admin/workspaces/workspace/")
    assert listed.status_code == 200
    assert "alpha" in listed.text and schemas.SPARE_PREFIX not in listed.text
    assert admin.get("/admin/workspaces/spareschema/").status_code == 404
    # A spare's name is never a workspace address (an underscore).
    with pytest.raises(ValidationError) as refused:
        services.workspace_create(slug=sorted(names)[0], name="Taken?")
    assert refused.value.code == "invalid"


def test_each_creation_asks_the_worker_for_one_more_spare(
    alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.workspace_create(slug="asks1", name="One", owner=alice)
    with django_capture_on_commit_callbacks(execute=True):
        services.workspace_create(slug="asks2", name="Two", owner=alice)
    waiting = ProcrastinateJob.objects.filter(
        task_name="workspaces.jobs.spare_schemas_fill", status="todo"
    )
    assert waiting.count() == 1  # one job waiting is enough (its queueing lock)

    SpareSchema.objects.all().delete()
    from workspaces.jobs import spare_schemas_fill

    assert spare_schemas_fill(workspace_schema="public") == settings.SPARE_SCHEMAS
    assert all(schemas.spare_is_current(name) for name in _spares())


def test_two_creations_at_once_take_two_different_spares():
    """The first creation holds its spare until it commits; the second one, meanwhile, takes
    another spare (SKIP LOCKED), without waiting and without cloning."""
    first_created, release_first = threading.Event(), threading.Event()
    seen: dict = {}

    def prepare():
        schemas.spares_fill(count=2)
        seen["before"] = _spares()

    def first():
        with transaction.atomic():
            services.workspace_create(slug="sparepair1", name="One")
            first_created.set()
            assert release_first.wait(60)

    def second():
        assert first_created.wait(60)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '5s'")
        services.workspace_create(slug="sparepair2", name="Two")

    def drop():
        for workspace in Workspace.objects.filter(schema_name__startswith="sparepair"):
            workspace.delete(force_drop=True)
        connection.set_schema_to_public()
        seen["after"] = _spares()

    thread, errors = in_thread(prepare)
    thread.join(120)
    assert not errors, errors
    try:
        thread1, errors1 = in_thread(first)
        thread2, errors2 = in_thread(second)
        thread2.join(120)
        second_done_while_first_open = not thread2.is_alive() and thread1.is_alive()
        release_first.set()
        thread1.join(120)
        assert not errors1 and not errors2, (errors1, errors2)
        assert second_done_while_first_open
    finally:
        release_first.set()
        thread, errors = in_thread(drop)
        thread.join(120)
    assert not errors, errors
    taken = seen["before"] - seen["after"]
    assert len(taken) == 2 and not any(_schema_exists(name) for name in taken)
