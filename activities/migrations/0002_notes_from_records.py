"""The `notes` text of each contact and prospect becomes its first note (pinned), nothing lost.

The old columns are dropped afterwards (contacts 0006, prospects 0010 depend on this migration).
"""

from django.db import migrations

COPY = """
INSERT INTO activities_note ({key}_id, text, pinned, author_id, created, updated)
SELECT id, notes, true, NULL, created, created FROM {table} WHERE btrim(notes) <> ''
"""


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0001_initial"),
        ("contacts", "0002_owner_lives_in_public_schema"),
        ("prospects", "0005_owner_lives_in_public_schema"),
    ]

    operations = [
        migrations.RunSQL(COPY.format(key="contact", table="contacts_contact"), migrations.RunSQL.noop),
        migrations.RunSQL(COPY.format(key="prospect", table="prospects_prospect"), migrations.RunSQL.noop),
    ]
