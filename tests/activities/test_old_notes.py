"""The old `notes` text of contacts and prospects: turned into first notes, then dropped."""

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from contacts.models import Contact
from prospects.models import Prospect

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "drop", [("contacts", "0006_drop_old_notes"), ("prospects", "0010_drop_old_notes")]
)
def test_the_columns_are_dropped_only_after_their_text_became_notes(drop):
    plan = MigrationLoader(connection, ignore_no_migrations=True).graph.forwards_plan(drop)
    assert ("activities", "0002_notes_from_records") in plan[: plan.index(drop)]


def test_no_workspace_table_keeps_a_notes_column(alpha):
    with alpha, connection.cursor() as cursor:
        for model in (Contact, Prospect):
            columns = [
                column.name
                for column in connection.introspection.get_table_description(
                    cursor, model._meta.db_table
                )
            ]
            assert "notes" not in columns and "email" in columns
            assert "notes" not in [f.name for f in model._meta.get_fields()]
