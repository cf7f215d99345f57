"""Benchmark of custom fields on lists (not a test): 100,000 contacts, 10 custom fields filled.

Reuses bench/lists.py's database `carnet_bench` and workspace (seeded once), adds 10 contact
custom fields and fills them for every contact in one UPDATE, then prints the median (and
fastest) time and the SQL queries of: the list with 3 custom columns, a filter on a choice, a
date range, a number range, a sort on a custom date, a search reaching custom text.

    .venv/bin/python bench/custom_fields.py [--repeat 21] [--gin] [--bare] [--explain]

The indexes custom_field_create makes are added if missing (`--bare` drops the per-field
ones, for the figures without them); `--gin` also tries a GIN index; `--explain` prints each
filter's and sort's SQL plan and time with the indexes and without them.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.lists import measure, workspace_ready  # noqa: E402  (starts carnet_bench)
from bench.setup import machine_speed  # noqa: E402
from records.custom_field_services import custom_field_create  # noqa: E402
from records.custom_fields import (  # noqa: E402
    custom_index_drop_sql,
    custom_index_sql,
    custom_search_index_sql,
)
from records.models import CustomField  # noqa: E402
from records.view_services import list_columns_reset, list_columns_set  # noqa: E402

FIELDS = [
    ("Secteur", "choice", "Industrie|blue\nServices|green\nCommerce|orange\nPublic|grey"),
    ("Client depuis", "date", None),
    ("Effectif", "integer", None),
    ("Chiffre d'affaires", "money", None),
    ("Devise", "text", None),
    ("Site", "url", None),
    ("Actif", "boolean", None),
    ("Note", "decimal", None),
    ("Canal", "choice", "Web\nSalon\nRecommandation"),
    ("Commentaire", "long_text", None),
]


def fields_ready(workspace):
    with workspace:
        if CustomField.objects.filter(object_key="contact").count() >= len(FIELDS):
            return {f.label_fr: f for f in CustomField.objects.filter(object_key="contact")}
        for label, kind, options in FIELDS:
            custom_field_create(object_key="contact", label=label, field_type=kind, options=options)
        fields = {f.label_fr: f for f in CustomField.objects.filter(object_key="contact")}
        sector, channel = fields["Secteur"], fields["Canal"]
        s_ids = [o["id"] for o in sector.options]
        c_ids = [o["id"] for o in channel.options]
        sql = f"""
            UPDATE contacts_contact SET custom = jsonb_build_object(
              '{sector.key}', (ARRAY{s_ids!r})[1 + id % 4],
              '{fields["Client depuis"].key}',
                  to_char(DATE '2015-01-01' + (id * 7919 % 4000)::int, 'YYYY-MM-DD'),
              '{fields["Effectif"].key}', (id * 31 % 5000),
              '{fields["Chiffre d'affaires"].key}', ((id * 977 % 10000000) / 100.0)::text,
              '{fields["Devise"].key}', 'Devise numéro ' || (id % 997),
              '{fields["Site"].key}', 'https://exemple-' || id || '.fr',
              '{fields["Actif"].key}', (id % 3 = 0),
              '{fields["Note"].key}', ((id % 200) / 10.0)::text,
              '{fields["Canal"].key}', (ARRAY{c_ids!r})[1 + id % 3],
              '{fields["Commentaire"].key}', 'Un commentaire assez long pour la fiche ' || id
            )
        """
        with connection.cursor() as cursor:
            cursor.execute(sql)
            cursor.execute("VACUUM ANALYZE contacts_contact")
    connection.set_schema_to_public()
    return fields


def add_indexes(workspace, fields, gin: bool, bare: bool = False):
    """The indexes custom_field_create makes (for a database seeded before them), and with
    `gin` a GIN jsonb_path_ops index on custom (tried for choice filters). `bare`: drop the
    per-field indexes instead (the figures without them)."""
    from contacts.models import Contact

    table = Contact._meta.db_table
    with workspace, connection.cursor() as cursor:
        cursor.execute(custom_search_index_sql(table))
        if not bare:
            for field in fields.values():
                for sql in custom_index_sql(table, field):
                    cursor.execute(sql)
        if gin:
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS contact_custom_gin ON {table} "
                "USING gin (custom jsonb_path_ops)"
            )
        else:
            cursor.execute("DROP INDEX IF EXISTS contact_custom_gin")
        if bare:
            for field in fields.values():
                for sql in custom_index_drop_sql(table, field):
                    cursor.execute(sql)
        cursor.execute(f"ANALYZE {table}")
    connection.set_schema_to_public()


def explain(workspace, fields) -> None:
    """Each filter's and sort's query under EXPLAIN ANALYZE (best of 3) with the per-field
    indexes, then without them (dropped in a transaction rolled back): the plans' evidence."""
    import datetime
    from decimal import Decimal

    from django.db import transaction

    from contacts.models import Contact
    from records import custom_fields as types

    sector, day, size = fields["Secteur"], fields["Client depuis"], fields["Effectif"]
    contacts = Contact.objects.all()
    choice = contacts.filter(types.choice_lookup(sector, sector.options[0]["id"]))
    january = (datetime.date(2020, 1, 1), datetime.date(2020, 1, 31))
    dates = contacts.filter(types.range_lookup(day, *january))
    numbers = contacts.filter(types.range_lookup(size, Decimal(100), Decimal(200)))

    def ids(queryset, limit):
        return queryset.order_by().values("pk")[:limit]

    def page(field, descending):
        expression = types.sort_expression(field)
        order = expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
        return contacts.order_by(order, "-pk" if descending else "pk").values("pk")[:50]

    cases = {
        "choice: capped count": ids(choice, 10001),
        "choice: probe": ids(choice, 2001),
        "choice, rare option: probe": ids(contacts.filter(types.choice_lookup(sector, "o")), 2001),
        "date range: probe": ids(dates, 2001),
        "number range: probe": ids(numbers, 2001),
        "number range: capped count": ids(numbers, 10001),
        "sort date: page": page(day, False),
        "sort date desc: page": page(day, True),
        "sort number desc: page": page(size, True),
    }

    def run() -> dict:
        found = {}
        with connection.cursor() as cursor:
            for name, queryset in cases.items():
                sql, params = queryset.query.sql_with_params()
                runs = []
                for _ in range(3):
                    cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
                    plan = cursor.fetchone()[0]
                    plan = plan[0] if isinstance(plan, list) else plan
                    runs.append((plan["Execution Time"], _nodes(plan["Plan"])))
                found[name] = min(runs)
        return found

    table = Contact._meta.db_table
    with workspace:
        indexed = run()
        with transaction.atomic(), connection.cursor() as cursor:
            for field in fields.values():
                for sql in custom_index_drop_sql(table, field):
                    cursor.execute(sql)
            bare = run()
            transaction.set_rollback(True)
    connection.set_schema_to_public()
    for name, (ms, nodes) in indexed.items():
        print(f"{name:28} without: {bare[name][0]:7.1f} ms {bare[name][1][:40]:40}", end="")
        print(f" | with: {ms:6.1f} ms {nodes}")


def _nodes(node) -> str:
    names = [node["Node Type"] + (" " + node["Index Name"] if "Index Name" in node else "")]
    names += [_nodes(child) for child in node.get("Plans", [])]
    return " > ".join(name for name in names if name not in ("Limit", "Aggregate"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--gin", action="store_true", help="also a GIN index on custom")
    parser.add_argument("--bare", action="store_true", help="without the per-field indexes")
    parser.add_argument("--explain", action="store_true", help="the SQL plans, with and without")
    args = parser.parse_args()
    workspace, owner = workspace_ready(20000, 100000)
    fields = fields_ready(workspace)
    add_indexes(workspace, fields, args.gin, args.bare)
    if args.explain:
        explain(workspace, fields)
        return
    sector, day, size = fields["Secteur"], fields["Client depuis"], fields["Effectif"]
    with workspace:
        list_columns_set(
            object_key="contact",
            user=owner,
            columns=["name", "email", sector.form_name, day.form_name, size.form_name],
        )
    connection.set_schema_to_public()
    client = Client(HTTP_HOST=workspace.host)
    client.force_login(owner)
    industry = sector.options[0]["id"]
    cases = [
        ("list, 3 custom columns", "/contacts/"),
        ("filter choice", f"/contacts/?{sector.form_name}={industry}"),
        (
            "filter date range (1 month)",
            f"/contacts/?{day.form_name}_after=2020-01-01&{day.form_name}_before=2020-01-31",
        ),
        ("filter number range", f"/contacts/?{size.form_name}_min=100&{size.form_name}_max=200"),
        ("sort custom date", f"/contacts/?sort={day.form_name}"),
        ("sort custom date desc", f"/contacts/?sort=-{day.form_name}"),
        ("search reaching custom text", "/contacts/?q=helene"),
    ]
    print(machine_speed())
    print(f"{'page (100,000 contacts)':32} {'median ms':>10} {'min ms':>8} {'queries':>8}")
    try:
        for name, url in cases:
            median, fastest, queries = measure(client, url, args.repeat)
            print(f"{name:32} {median:10.1f} {fastest:8.1f} {queries:8d}")
    finally:
        # The other benchmarks of this database measure the lists as a newcomer sees them.
        with workspace:
            list_columns_reset(object_key="contact", user=owner)
        connection.set_schema_to_public()


if __name__ == "__main__":
    main()
