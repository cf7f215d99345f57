"""The import runs in the background worker, in the workspace it was started from."""

import uuid

import pytest
from django.db import connection

from contacts.models import Contact
from imports import jobs, services
from imports.models import BatchStatus, ImportBatch
from tests.workspaces.test_jobs import run_worker
from workspaces import services as workspace_services
from workspaces.object_settings import ObjectSettings


@pytest.fixture
def committed(django_db_blocker):
    with django_db_blocker.unblock():
        yield
    connection.set_schema_to_public()


def test_a_launched_import_waits_for_the_worker_then_runs_in_its_workspace(committed):
    workspace = workspace_services.workspace_create(
        slug=f"imports-{uuid.uuid4().hex[:8]}", name="Imports"
    )
    object_settings = ObjectSettings.load(workspace)
    with workspace:
        batch = services.batch_create(
            object_key="contact",
            file_name="c.csv",
            content="Prénom;Email\nZoé;zoe@x.fr\nBad;nope\n".encode("cp1252"),
            user=None,
        )
        services.batch_map(
            batch=batch, mapping=["first_name", "email"], on_match="skip",
            object_settings=object_settings,
        )  # fmt: skip
        jobs.batch_launch(batch=batch)  # outside a transaction: deferred at once
        assert ImportBatch.objects.get(pk=batch.pk).status == BatchStatus.QUEUED
    run_worker()
    with workspace:
        batch.refresh_from_db()
        assert batch.status == BatchStatus.DONE
        assert (batch.created_count, batch.rejected_count) == (1, 1)
        assert Contact.objects.get().first_name == "Zoé"
