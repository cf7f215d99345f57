"""The demo workspace of `make run`, and the sample data of `seed_demo`.

Each app contributes its sample data through the registry (`registry.demo(order, seed)` in its
AppConfig.ready()); everything is deterministic (a seeded random generator) and written with
bulk inserts.

A large seed builds the indexes and checks the foreign keys after the load (`indexes_deferred`):
a row written into a table updates each of its indexes (the trigram indexes of the search cost
most) and queues a check of each foreign key. 100,000 contacts took 30 s to COPY with their 18
indexes, 1 s without, and each index about a second to build afterwards. The history triggers
stay on, so the history is complete, as if every record had been typed in.
"""

import os
import random
from contextlib import contextmanager, nullcontext

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from workspaces import services
from workspaces.models import Role, Workspace
from workspaces.registry import registry

User = get_user_model()

DEMO_SLUG = "demo"
DEMO_PASSWORD = "demo"
OPERATOR_EMAIL, OPERATOR_PASSWORD = "admin@example.com", "admin"
OWNER_EMAIL = "demo@example.com"

# Colleagues of the demo owner, one per role, all with the password "demo".
DEMO_MEMBERS = [
    ("demo@example.com", "Claire Dubois", Role.ADMIN),
    ("camille@example.com", "Camille Martin", Role.MEMBER),
    ("hugo@example.com", "Hugo Lefèvre", Role.MEMBER),
    ("lea@example.com", "Léa Moreau", Role.VIEWER),
]


def setup() -> list[str]:
    """Make sure the operator, the demo owner and the demo workspace exist; seed it once."""
    report = []
    if not User.objects.filter(email__iexact=OPERATOR_EMAIL).exists():
        User.objects.create_superuser(OPERATOR_EMAIL, OPERATOR_PASSWORD, full_name="Operator")
        report.append(f"Operator {OPERATOR_EMAIL} / {OPERATOR_PASSWORD} created.")
    owner = User.objects.filter(email__iexact=OWNER_EMAIL).first()
    if owner is None:
        owner = User.objects.create_user(OWNER_EMAIL, DEMO_PASSWORD, full_name="Claire Dubois")
    workspace = Workspace.objects.filter(schema_name=DEMO_SLUG).first()
    if workspace is None:
        workspace = services.workspace_create(slug=DEMO_SLUG, name="Demo", owner=owner)
        port = os.environ.get("PORT", "8000")
        report.append(f"Workspace {DEMO_SLUG} created at http://{workspace.host}:{port}/.")
        report += seed(workspace=workspace, seed=1)
    else:
        report.append(f"Workspace {DEMO_SLUG} already exists: its data is kept.")
    return report


# From this many new rows, and at least as many as the workspace holds, indexes are built
# after the load rather than updated row by row.
BULK_ROWS = 10_000


@transaction.atomic
def seed(
    *,
    workspace: Workspace,
    seed: int = 1,
    organisations: int = 200,
    contacts: int = 1000,
    prospects: int = 300,
    opportunities: int = 150,
    defer_indexes: bool | None = None,
) -> list[str]:
    """Sample data for `workspace`; the same seed gives the same data. `defer_indexes`: build
    the indexes after the load (None: when the seed is large, see BULK_ROWS)."""
    counts = {
        "organisations": organisations,
        "contacts": contacts,
        "prospects": prospects,
        "opportunities": opportunities,
    }
    rng = random.Random(seed)
    report = [seed_members(workspace=workspace)]
    owners = list(workspace.memberships.values_list("user_id", flat=True))
    with workspace:
        if defer_indexes is None:
            adding = sum(counts.values())
            defer_indexes = adding >= BULK_ROWS and adding >= rows_estimate()
        with indexes_deferred() if defer_indexes else nullcontext():
            for _order, contribute in registry.demos:
                report += contribute(rng=rng, counts=counts, owners=owners)
    return report


def rows_estimate() -> int:
    """About how many rows the tables of the current schema hold (the planner's estimate)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(greatest(reltuples, 0)), 0)::bigint FROM pg_class "
            "WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r'"
        )
        return cursor.fetchone()[0]


def loading_in_bulk() -> bool:
    """Whether this seed builds the indexes and checks the foreign keys after the load
    (`indexes_deferred`): a contributor may then switch off, for its COPY, a row trigger
    whose work it does itself (no check of a foreign key waits, so a table can be altered)."""
    return getattr(connection, "carnet_bulk_load", False)


@contextmanager
def indexes_deferred():
    """Build the indexes and check the foreign keys of the current schema's tables once, after
    the load, instead of row by row: inside the caller's transaction, the indexes (but primary
    keys and those of constraints) and the foreign keys are dropped, and created again on
    leaving from their own definitions (the tables stay locked until the transaction ends).
    A foreign key added again checks every row in one query, a unique index built again
    refuses duplicates: either fails the whole transaction, as a row would have."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
            "FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid "
            "WHERE t.relnamespace = current_schema()::regnamespace AND NOT i.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
            "ORDER BY 1"
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE connamespace = current_schema()::regnamespace "
            "AND contype = 'f' ORDER BY 1, 2"
        )
        foreign_keys = cursor.fetchall()
        # Checks of rows written earlier in this transaction, which wait for its commit, are
        # made now: a table cannot be altered while some of them wait. (Carnet's foreign keys
        # are all checked at commit, INITIALLY DEFERRED: they are set back so below.)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, name, _definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    connection.carnet_bulk_load = True
    try:
        yield
    finally:
        connection.carnet_bulk_load = False
    with connection.cursor() as cursor:
        # The trigram indexes build several times faster with room to sort in memory.
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
        cursor.execute(
            "SELECT string_agg(oid::regclass::text, ', ') FROM pg_class "
            "WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r'"
        )
        # As autovacuum would, some time later: the pages plan well at once.
        cursor.execute(f"ANALYZE {cursor.fetchone()[0]}")


def seed_members(*, workspace: Workspace) -> str:
    for email, full_name, role in DEMO_MEMBERS:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name)
        services.membership_set(workspace=workspace, user=user, role=role)
    return f"{len(DEMO_MEMBERS)} members (password “{DEMO_PASSWORD}”)."
