"""Workspace schemas at scale: creation clones without re-creating the clone function (so
sign-ups do not wait on each other), and a deploy migrates only the schemas that need it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import Contact
from workspaces import schemas, services

pytestmark = pytest.mark.django_db


def test_creating_a_workspace_does_not_recreate_the_clone_function(alice):
    with CaptureQueriesContext(connection) as queries:
        workspace = services.workspace_create(slug="gamma", name="Gamma", owner=alice)
    assert not [q for q in queries if "CREATE OR REPLACE FUNCTION" in q["sql"].upper()]
    with workspace:
        Contact.objects.create(first_name="Ada")  # its tables are there
        assert Contact.objects.count() == 1
    assert schemas.stale_schemas(["gamma"]) == []


def test_up_to_date_schemas_are_skipped_and_a_stale_one_is_found(alpha, beta):
    assert schemas.stale_schemas(["alpha", "beta", "no_such_schema"]) == []
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM beta.django_migrations WHERE app = 'contacts' AND name = '0001_initial'"
        )
    assert schemas.stale_schemas(["alpha", "beta"]) == ["beta"]
