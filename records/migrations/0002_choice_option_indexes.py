"""Choice fields made before their options had indexes of their own get them (what
records.custom_fields.custom_index_sql now creates with a choice): the first 12 options of
each indexed choice, a partial index of the ids of the records that chose it."""

import re

from django.db import migrations

TABLES = {
    "organisation": "organisations_organisation",
    "contact": "contacts_contact",
    "opportunity": "opportunities_opportunity",
    "prospect": "prospects_prospect",
}
OPTION_ID = re.compile(r"[a-z0-9_]{1,12}")
KEY = re.compile(r"[a-z0-9_]{1,20}")


def option_indexes(apps, schema_editor):
    CustomField = apps.get_model("records", "CustomField")
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
        existing = {row[0] for row in cursor.fetchall()}
        for field in CustomField.objects.filter(field_type="choice"):
            table = TABLES.get(field.object_key)
            if not table or not KEY.fullmatch(field.key) or f"{table}_{field.key}" not in existing:
                continue  # not one of the indexed fields
            ids = [str(o.get("id", "")) for o in field.options or []]
            for option_id in [pk for pk in ids if OPTION_ID.fullmatch(pk)][:12]:
                cursor.execute(
                    f'CREATE INDEX IF NOT EXISTS "{table}_{field.key}_{option_id}" ON "{table}" '
                    f"(id) WHERE (custom ->> '{field.key}') = '{option_id}'"
                )


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]

    operations = [migrations.RunPython(option_indexes, migrations.RunPython.noop)]
