"""Background jobs: procrastinate tasks that run inside the workspace they were deferred from.

Declare a job in an app's `jobs.py` (every `jobs.py` is imported when Django starts):

    from workspaces.jobs import workspace_task

    @workspace_task()
    def contact_import(*, batch_id: int) -> None:
        ...  # runs in the schema of the workspace that deferred it

    contact_import.defer(batch_id=batch.pk)  # from a request on a workspace host

`defer()` records `connection.schema_name` in the job (the keyword `workspace_schema`) and the
worker runs the body in that schema only, then goes back to public. Deferring from the public
schema raises `WorkspaceRequired`, unless the task says `@workspace_task(public=True)`.

A job that raises is retried with exponential backoff (`RETRY`: after 3, 9, 27, 81 s), then
stays `failed`; operators see every job, its attempts and its error in the Django admin of the
public host (/admin/procrastinate/procrastinatejob/?status=failed), and can retry it there.

Periodic jobs (e.g. the 07:30 reminder digest) are public tasks with a cron schedule, run by
the worker, that defer one job per workspace. Cron times are UTC (07:30 in Paris is 06:30 UTC
in winter, 05:30 in summer):

    from procrastinate.contrib.django import app

    @app.periodic(cron="30 6 * * *")
    @workspace_task(public=True)
    def reminder_digests(timestamp: int) -> None:
        for workspace in Workspace.objects.exclude(schema_name=get_public_schema_name()):
            with workspace:
                reminder_digest.defer()

Run the worker with `manage.py procrastinate worker` (`make run` starts it beside gunicorn).
"""

import contextlib
import functools
import logging
from collections.abc import Callable

from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app
from procrastinate.exceptions import AlreadyEnqueued

from workspaces.schemas import spares_fill

# A database restart or a flaky mail server should not lose a job; a bug should surface within
# two minutes: 4 retries (max_attempts counts retries), the first attempt and the retries at
# 0, 3, 12, 39 and 120 s.
RETRY = RetryStrategy(max_attempts=4, exponential_wait=3)
SCHEMA_KWARG = "workspace_schema"

logger = logging.getLogger(__name__)


class WorkspaceRequired(RuntimeError):
    """A workspace job was deferred from the public schema, where it has no workspace."""


def workspace_task(*, public: bool = False, retry=RETRY, **options) -> Callable:
    """Declare a procrastinate task whose jobs run in the schema they were deferred from."""

    def declare(func: Callable):
        @functools.wraps(func)
        def run_in_workspace(*args, **kwargs):
            # procrastinate's Django app already closes broken or expired connections around
            # each job, as Django does around each request.
            schema_name = kwargs.pop(SCHEMA_KWARG)
            try:
                # Its days and months are the workspace's, as on its pages.
                with schema_context(schema_name), timezone.override(_zone_of(schema_name)):
                    return func(*args, **kwargs)
            finally:
                schema_visited_in(schema_name)
                connection.set_schema_to_public()

        task = app.task(retry=retry, **options)(run_in_workspace)
        configure = task.configure

        # defer(), defer_async(), batch_defer() and periodic deferrals all go through configure().
        def configure_in_current_schema(**job_options):
            schema_name = connection.schema_name
            if schema_name == get_public_schema_name() and not public:
                raise WorkspaceRequired(f"{task.name} must be deferred inside a workspace")
            job_options["task_kwargs"] = {
                **(job_options.get("task_kwargs") or {}),
                SCHEMA_KWARG: schema_name,
            }
            return configure(**job_options)

        task.configure = configure_in_current_schema
        return task

    return declare


def schema_visited_in(schema_name: str) -> None:
    """A worker's connection runs jobs of every workspace: replaced after it has visited many
    schemas (workspaces.connections)."""
    from workspaces.connections import schema_visited

    schema_visited(schema_name)


def _zone_of(schema_name: str):
    from workspaces.models import Workspace

    workspace = Workspace.objects.filter(schema_name=schema_name).first()
    return workspace.zone if workspace else timezone.get_default_timezone()


@workspace_task(public=True)
def workspace_ping(*, fail: bool = False) -> str:
    """Log and return the schema the job ran in; `fail=True` shows operators a failed job."""
    if fail:
        raise RuntimeError(f"workspace_ping asked to fail in {connection.schema_name}")
    logger.info("workspace_ping ran in %s", connection.schema_name)
    return connection.schema_name


@workspace_task(public=True, queueing_lock="spare_schemas")
def spare_schemas_fill() -> int:
    """Clone spare schemas until settings.SPARE_SCHEMAS are ready (workspaces.schemas);
    deferred after each workspace creation. Returns how many were cloned."""
    return spares_fill()


def spare_schemas_fill_later() -> None:
    """Ask the worker to clone spares again; one such job waiting is enough."""
    with contextlib.suppress(AlreadyEnqueued), transaction.atomic():
        spare_schemas_fill.defer()
