"""The daily purge of deleted custom fields, through a real worker (see tests/workspaces/
test_jobs.py: these tests commit their own workspaces, which the worker's connections see)."""

import asyncio
import time
import uuid
from datetime import timedelta

from django.utils import timezone
from procrastinate.contrib.django import app
from procrastinate.periodic import PeriodicDeferrer

from contacts.models import Contact
from records.custom_field_services import custom_field_create, custom_field_delete
from records.custom_fields import FieldType
from records.jobs import custom_fields_purge_due
from records.models import CustomField
from tests.workspaces.test_jobs import committed, in_worker_connection, run_worker  # noqa: F401
from workspaces import services


def workspace_with_deleted_field(*, days_ago: int):
    workspace = services.workspace_create(
        slug=f"purge-{uuid.uuid4().hex[:8]}", name=f"Purge {days_ago}"
    )
    with workspace:
        field = custom_field_create(
            object_key="contact", label="Secteur", field_type=FieldType.TEXT
        ).field
        contact = Contact.objects.create(last_name="Durand", custom={field.key: "Bois"})
        custom_field_delete(field=field)
        CustomField.objects.filter(pk=field.pk).update(
            deleted_at=timezone.now() - timedelta(days=days_ago)
        )
    return workspace, contact


def test_the_worker_purges_fields_deleted_over_30_days_ago_in_each_workspace(committed):  # noqa: F811
    expired, expired_contact = workspace_with_deleted_field(days_ago=31)
    recent, recent_contact = workspace_with_deleted_field(days_ago=3)
    periodic = next(
        p
        for p in app.periodic_registry.periodic_tasks.values()
        if p.task is custom_fields_purge_due
    )
    assert periodic.cron == "0 3 * * *"

    async def defer_as_the_worker_does_at_3():
        async with app.open_async():
            await PeriodicDeferrer(registry=app.periodic_registry).defer_jobs(
                [(periodic, int(time.time()))]
            )

    in_worker_connection(lambda: asyncio.run(defer_as_the_worker_does_at_3()))
    run_worker()

    with expired:
        assert not CustomField.objects.exists()
        expired_contact.refresh_from_db()
        assert expired_contact.custom == {}
    with recent:
        assert CustomField.objects.count() == 1  # deleted 3 days ago: kept, restorable
        recent_contact.refresh_from_db()
        assert list(recent_contact.custom.values()) == ["Bois"]
