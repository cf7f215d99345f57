"""The daily purge of deleted custom fields, run by the background worker (workspaces.jobs).

At 03:00 UTC a public periodic job looks in each workspace for fields deleted more than 30
days ago and defers a purge job there (a failure in one workspace is retried there alone);
`manage.py custom_fields <slug> --purge-expired` does the same by hand in one workspace.
"""

from __future__ import annotations

import datetime

from django_tenants.utils import get_public_schema_name
from procrastinate.contrib.django import app

from records.custom_field_services import PURGE_AFTER, custom_fields_purge_expired
from records.models import CustomField
from workspaces.connections import schema_visited
from workspaces.jobs import workspace_task
from workspaces.models import Workspace


@workspace_task()
def custom_fields_purge(*, timestamp: int) -> int:
    """Purge this workspace's fields deleted 30 days before `timestamp`."""
    return custom_fields_purge_expired(
        now=datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC)
    )


@app.periodic(cron="0 3 * * *")
@workspace_task(public=True)
def custom_fields_purge_due(timestamp: int) -> int:
    """Defer a purge in each workspace that has an expired deleted field. Returns how many."""
    limit = datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC) - PURGE_AFTER
    deferred = 0
    for workspace in Workspace.objects.exclude(schema_name=get_public_schema_name()):
        with workspace:
            if CustomField.objects.filter(deleted_at__lt=limit).exists():
                custom_fields_purge.defer(timestamp=timestamp)
                deferred += 1
        schema_visited(workspace.schema_name)  # a fresh connection every 100 schemas
    return deferred
