"""Inserting many rows fast: what `bulk_create` does, by PostgreSQL's COPY.

    copy_insert(Contact, instances)      # ids set on the instances, as bulk_create does

`bulk_create` spends most of an import's time in Python, preparing each value of each row
for its INSERT; COPY takes the rows as they are (psycopg writes them in C). The ids are taken
from the table's sequence first, so the instances get theirs as with bulk_create. COPY fires
the tables' triggers like an INSERT: the history's statement-level triggers record the rows,
with the context (who, channel) that the statement taking the ids sets for the transaction.
The database's constraints apply; a refusal raises django.db.IntegrityError.
"""

from __future__ import annotations

from django.db import connection, models
from django.utils import timezone
from django.utils.functional import Promise

# Values of these kinds go to COPY as they are.
PLAIN = (
    models.CharField,  # EmailField, SlugField… too
    models.TextField,
    models.IntegerField,  # and its subclasses
    models.BooleanField,
    models.DateField,  # DateTimeField too
    models.DecimalField,
    models.ForeignKey,  # its id
)


def copy_insert(model, instances: list) -> list:
    """Insert the instances (new ones, without id) with one COPY; returns them, ids set."""
    if not instances:
        return instances
    meta = model._meta
    table = connection.ops.quote_name(meta.db_table)
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    stamped = [
        f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    prepared = [(f.attname, None if isinstance(f, PLAIN) and not f.choices else f) for f in fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in [meta.pk, *fields])
    with connection.cursor() as cursor:
        # Not a plain SELECT, so that pghistory sets its context for the transaction here.
        cursor.execute(
            "WITH ids AS (SELECT nextval(pg_get_serial_sequence(%s, %s)) AS id"
            " FROM generate_series(1, %s)) SELECT id FROM ids",
            [meta.db_table, meta.pk.column, len(instances)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        copying = cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN")
        with connection.wrap_database_errors, copying as copy:
            for instance, pk in zip(instances, ids, strict=True):
                for f in stamped:
                    setattr(instance, f.attname, now)
                row = [pk]
                for attname, f in prepared:
                    value = getattr(instance, attname)
                    if f is not None:
                        value = f.get_db_prep_save(value, connection)
                    elif isinstance(value, Promise):  # a lazily translated default
                        value = str(value)
                    row.append(value)
                copy.write_row(row)
    for instance, pk in zip(instances, ids, strict=True):
        instance.pk = pk
        instance._state.adding = False
        instance._state.db = connection.alias
    return instances
