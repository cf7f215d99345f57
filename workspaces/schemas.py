"""Workspace schemas at scale: cloning the template, and knowing which schemas need migrating.

django-tenants re-creates its `clone_schema` SQL function inside every creation's transaction,
which locks the function's catalogue row: two sign-ups at once wait for each other. Carnet
installs it once, in a migration (workspaces 0009), and only calls it when creating.

`migrate_schemas` visits every schema even when there is nothing to do (0.3 s each, 5 minutes
for 1,000 workspaces); `stale_schemas` compares every schema's applied migrations with the
expected set in one query, so a deploy (`migrate_workspaces`) migrates only the schemas that
need it, several at once.
"""

from __future__ import annotations

import re
import secrets

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django_tenants.clone import CLONE_SCHEMA_FUNCTION
from django_tenants.utils import get_tenant_types

# The clone function creates these two enum types of the public schema at the start of every
# call and drops them at the end: two creations at once would then wait on each other's
# transaction. Carnet creates them once, beside the function, and takes both steps out of it.
HELPER_TYPES = {
    "objj_type": "'TABLE','VIEW','COLUMN','SEQUENCE','FUNCTION','SCHEMA','DATABASE'",
    "permm_type": (
        "'SELECT','INSERT','UPDATE','DELETE','TRUNCATE','REFERENCES','TRIGGER','USAGE',"
        "'CREATE','EXECUTE','CONNECT','TEMPORARY'"
    ),
}
_TYPES_STEP = re.compile(
    r"\n\s*SELECT count\(\*\) INTO cnt FROM pg_catalog\.pg_type t.*?"
    r"CREATE TYPE public\.permm_type AS ENUM \([^)]*\);",
    re.DOTALL,
)
_TYPES_DROP = re.compile(
    r"(-- Issue#141: Remove processing types before leaving\n)"
    r"\s*DROP TYPE IF EXISTS public\.objj_type;\n\s*DROP TYPE IF EXISTS public\.permm_type;"
)


def clone_function_sql(db_user: str) -> str:
    """django-tenants' clone_schema function, without its drop and re-creation of the
    helper types (fails loudly if a new version of django-tenants changed that step)."""
    sql, created = _TYPES_STEP.subn(
        "\n  -- (helper types created once by Carnet)", CLONE_SCHEMA_FUNCTION
    )
    sql, dropped = _TYPES_DROP.subn("\\1  -- (kept: created once by Carnet)", sql)
    if (created, dropped) != (1, 1):
        raise RuntimeError("django-tenants' clone_schema changed: review workspaces.schemas")
    return sql.format(db_user=db_user)


def clone_function_install(conn=None) -> None:
    """(Re)install the clone_schema function and its helper types in the public schema
    (workspaces migration 0009; nothing else should need to)."""
    conn = conn or connection
    db_user = conn.settings_dict.get("USER") or "postgres"
    with conn.cursor() as cursor:
        for name, labels in HELPER_TYPES.items():
            cursor.execute(
                f"DO $$ BEGIN IF to_regtype('public.{name}') IS NULL THEN "
                f"CREATE TYPE public.{name} AS ENUM ({labels}); END IF; END $$"
            )
        cursor.execute(clone_function_sql(db_user))


def clone_function_installed() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regproc('public.clone_schema') IS NOT NULL")
        return cursor.fetchone()[0]


def schema_clone(*, template: str, schema: str, mode: str = "DATA") -> None:
    """Create `schema` as a copy of `template`, its applied-migrations table included.

    NOACL and NOOWNER: every object of the template belongs to the database user that creates
    the workspace and carries no grant but its owner's, so copying owners and privileges one
    by one changes nothing, and is what costs most as schemas add up (6.5 s of a 7.5 s clone
    with 100 workspaces, 1 s without). A deployment that grants another role rights on the
    template's objects would have to grant them on each new schema."""
    if not clone_function_installed():  # only if someone dropped it since the migration
        clone_function_install()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT public.clone_schema(%s, %s, %s, 'NOACL', 'NOOWNER')", [template, schema, mode]
        )


def expected_migrations() -> set[tuple[str, str]]:
    """(app, name) of every migration a workspace schema should have applied."""
    tenant_apps = {app.rsplit(".", 1)[-1] for app in _tenant_apps()}
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {key for key in loader.graph.nodes if key[0] in tenant_apps}


def _tenant_apps() -> list[str]:
    types = get_tenant_types()
    if types:
        return [app for tenant_type in types.values() for app in tenant_type["APPS"]]
    return list(settings.TENANT_APPS)


def stale_schemas(schemas: list[str]) -> list[str]:
    """The schemas among `schemas` that miss an expected migration, in the order given
    (one catalogue query, then one query for the applied migrations of all of them).
    Schemas that do not exist are left out; one without a migrations table is stale."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname, to_regclass(quote_ident(n.nspname) || '.django_migrations') "
            "IS NOT NULL FROM pg_namespace n WHERE n.nspname = ANY(%s)",
            [list(schemas)],
        )
        existing = dict(cursor.fetchall())
    with_table = [schema for schema in schemas if existing.get(schema)]
    expected = expected_migrations()
    applied: dict[str, set] = {schema: set() for schema in with_table}
    if with_table:
        union = " UNION ALL ".join(
            f"SELECT %s, app, name FROM {connection.ops.quote_name(schema)}.django_migrations"
            for schema in with_table
        )
        with connection.cursor() as cursor:
            cursor.execute(union, with_table)
            for schema, app, name in cursor.fetchall():
                applied[schema].add((app, name))
    return [
        schema
        for schema in dict.fromkeys(schemas)
        if schema in existing and not expected <= applied.get(schema, set())
    ]


# --- Spare schemas --------------------------------------------------------------------------
# Cloning the template costs about a second with 1,000 workspaces (the clone function's
# catalogue work grows with the catalogue); renaming a schema costs milliseconds. Nothing in
# a workspace schema names its own schema: its functions reach their tables through the
# search_path or TG_TABLE_SCHEMA, and defaults, identities, indexes, constraints and triggers
# point at objects by their identifiers, so a renamed clone is the same as a fresh one.
# A few spares are kept ready (settings.SPARE_SCHEMAS), cloned by the worker after each
# creation (workspaces.jobs.spare_schemas_fill) and by `migrate_workspaces`.

SPARE_PREFIX = "spare_"  # an underscore: never a workspace slug (workspaces.validators)
_FILL_LOCK = "carnet.spare_schemas"


def _spare_model():
    # The model lives in workspaces.models, which imports this module.
    return apps.get_model("workspaces", "SpareSchema")


def spare_is_current(schema: str) -> bool:
    """Whether spare `schema` exists and has every migration the template has."""
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [f"{qn(schema)}.django_migrations"])
        if not cursor.fetchone()[0]:
            return False
        cursor.execute(
            f"SELECT NOT EXISTS (SELECT app, name FROM "
            f"{qn(settings.TENANT_BASE_SCHEMA)}.django_migrations "
            f"EXCEPT SELECT app, name FROM {qn(schema)}.django_migrations)"
        )
        return cursor.fetchone()[0]


def spare_claim(*, schema: str) -> bool:
    """Rename a spare schema to `schema`, inside the caller's transaction (undone with it);
    False when no spare is ready. Two creations at once never take the same spare (SKIP
    LOCKED); a spare that misses a migration of the template is dropped, never used."""
    spares = _spare_model().objects.select_for_update(skip_locked=True).order_by("pk")
    qn = connection.ops.quote_name
    while (spare := spares.first()) is not None:
        current = spare_is_current(spare.schema_name)
        with connection.cursor() as cursor:
            if current:
                cursor.execute(f"ALTER SCHEMA {qn(spare.schema_name)} RENAME TO {qn(schema)}")
            else:
                cursor.execute(f"DROP SCHEMA IF EXISTS {qn(spare.schema_name)} CASCADE")
        spare.delete()
        if current:
            return True
    return False


def spares_fill(*, count: int | None = None) -> int:
    """Clone spare schemas from the template until `count` (settings.SPARE_SCHEMAS) are ready,
    each committed on its own; returns how many were made. One filler at a time: another
    one already at work is left to it (an advisory lock, never waited for)."""
    count = settings.SPARE_SCHEMAS if count is None else count
    spare_model = _spare_model()
    made = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(hashtext(%s))", [_FILL_LOCK])
            if not cursor.fetchone()[0] or spare_model.objects.count() >= count:
                return made
            name = f"{SPARE_PREFIX}{secrets.token_hex(8)}"
            schema_clone(template=settings.TENANT_BASE_SCHEMA, schema=name)
            spare_model.objects.create(schema_name=name)
        made += 1


def spares_refresh() -> tuple[int, int]:
    """After the template was migrated: drop the spares cloned before (they miss its new
    migrations), then fill up again. Returns (dropped, made)."""
    spares = _spare_model().objects.select_for_update(skip_locked=True)
    qn = connection.ops.quote_name
    dropped = 0
    with transaction.atomic():
        for spare in spares:
            if spare_is_current(spare.schema_name):
                continue
            with connection.cursor() as cursor:
                cursor.execute(f"DROP SCHEMA IF EXISTS {qn(spare.schema_name)} CASCADE")
            spare.delete()
            dropped += 1
    return dropped, spares_fill()
