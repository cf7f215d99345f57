"""Background jobs: real jobs through a real procrastinate worker on the test database.

The worker has its own connections, so it only sees committed data: these tests commit
(their own workspaces, under unique slugs, and the jobs) instead of using the `db` fixture.
"""

import asyncio
import logging
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob
from procrastinate.periodic import PeriodicDeferrer

from labels.models import Label
from labels.services import label_create
from tests.conftest import confirm_two_factor
from workspaces import services
from workspaces.jobs import RETRY, WorkspaceRequired, workspace_ping, workspace_task
from workspaces.models import Workspace

# What labels_seen found, per job: (schema it ran in, label names it could read).
seen_by_jobs: list[tuple[str, list[str]]] = []


@workspace_task()
def labels_seen() -> None:
    """A job that reads a workspace's rows, for the isolation test."""
    names = sorted(Label.objects.values_list("name", flat=True))
    seen_by_jobs.append((connection.schema_name, names))


# The workspaces digest_fan_out defers a job to (the test's own, not every workspace of the suite).
fan_out_to: list[str] = []


# Its time is one a test run (almost) never meets: the test defers it itself, as the worker
# does at that time, and a worker run within ten minutes after it would defer a second one
# (at "30 7 * * *" the test failed when the suite ran between 07:30 and 07:40 UTC).
@app.periodic(cron="0 0 29 2 *")
@workspace_task(public=True)
def digest_fan_out(timestamp: int) -> None:
    """The shape of the 07:30 reminder digest: a public periodic job, one job per workspace."""
    for workspace in Workspace.objects.filter(schema_name__in=fan_out_to):
        with workspace:
            labels_seen.defer()


def in_worker_connection(function) -> None:
    """Run `function` with the worker's connector, in a thread of its own event loop.

    Playwright's sync API (browser journeys) leaves an event loop running in the main thread.
    """
    with (
        app.replace_connector(app.connector.get_worker_connector()),
        ThreadPoolExecutor(max_workers=1) as thread,
    ):
        thread.submit(function).result(timeout=120)


def run_worker() -> None:
    """Run every job that is due, in this process, as `manage.py procrastinate worker` does."""
    in_worker_connection(
        lambda: app.run_worker(wait=False, install_signal_handlers=False, listen_notify=False)
    )


def job(job_id: int) -> ProcrastinateJob:
    return ProcrastinateJob.objects.get(pk=job_id)


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    """Database access outside the test transaction: what is written is seen by the worker."""
    with django_db_blocker.unblock():
        yield
    connection.set_schema_to_public()


@pytest.fixture
def two_workspaces(committed):
    """Two committed workspaces, each with one label of its own."""
    workspaces = []
    for letter in "ab":
        workspace = services.workspace_create(
            slug=f"jobs-{letter}-{uuid.uuid4().hex[:8]}", name=f"Jobs {letter}"
        )
        with workspace:
            label_create(name=f"label of {workspace.schema_name}")
        workspaces.append(workspace)
    return workspaces


def test_a_job_runs_in_the_workspace_it_was_deferred_from_and_reads_only_its_rows(
    two_workspaces,
):
    a, b = two_workspaces
    seen_by_jobs.clear()
    with a:
        job_a = labels_seen.defer()
    with b:
        job_b = labels_seen.defer()
    assert connection.schema_name == "public"
    assert job(job_a).args == {"workspace_schema": a.schema_name}

    run_worker()

    assert sorted(seen_by_jobs) == sorted(
        [
            (a.schema_name, [f"label of {a.schema_name}"]),
            (b.schema_name, [f"label of {b.schema_name}"]),
        ]
    )
    assert job(job_a).status == job(job_b).status == "succeeded"


def test_a_workspace_job_cannot_be_deferred_from_the_public_schema(committed):
    jobs_before = ProcrastinateJob.objects.count()
    with pytest.raises(WorkspaceRequired):
        labels_seen.defer()
    assert ProcrastinateJob.objects.count() == jobs_before


def test_the_job_body_runs_in_its_schema_then_the_connection_is_back_on_public(two_workspaces):
    a, _b = two_workspaces
    seen_by_jobs.clear()
    labels_seen(workspace_schema=a.schema_name)  # what the worker calls, here in this thread
    assert seen_by_jobs == [(a.schema_name, [f"label of {a.schema_name}"])]
    assert connection.schema_name == "public"


def test_workspace_ping_reports_where_it_ran(two_workspaces, caplog):
    a, _b = two_workspaces
    from_public = workspace_ping.defer()
    with a:
        from_a = workspace_ping.defer()

    with caplog.at_level(logging.INFO, logger="workspaces.jobs"):
        run_worker()

    assert job(from_public).status == job(from_a).status == "succeeded"
    ran_in = [r.getMessage() for r in caplog.records if r.name == "workspaces.jobs"]
    assert "workspace_ping ran in public" in ran_in
    assert f"workspace_ping ran in {a.schema_name}" in ran_in


def test_a_failing_job_is_retried_with_exponential_backoff_then_shown_failed_to_operators(
    committed,
):
    job_id = workspace_ping.defer(fail=True)
    waits = []
    for _attempt in range(RETRY.max_attempts + 1):
        run_worker()
        failing = job(job_id)
        if failing.status != "todo":
            break
        waits.append(round((failing.scheduled_at - timezone.now()).total_seconds()))
        # Skip the wait: make the retry due now rather than sleeping through the backoff.
        ProcrastinateJob.objects.filter(pk=job_id).update(
            scheduled_at=timezone.now() - timedelta(seconds=1)
        )

    failed = job(job_id)
    assert failed.status == "failed"
    assert failed.attempts == 1 + RETRY.max_attempts  # max_attempts counts the retries
    # Each retry waits three times longer than the one before (3, 9, 27, 81 s).
    assert len(waits) == RETRY.max_attempts
    assert all(later > 2.5 * earlier for earlier, later in zip(waits, waits[1:], strict=False))

    operator = services.user_get_or_create(email=f"operator-{uuid.uuid4().hex[:8]}@carnet.test")
    operator.is_staff = operator.is_superuser = True
    operator.save()
    client = Client(HTTP_HOST="localhost")
    client.force_login(operator)
    confirm_two_factor(client, operator)  # the admin requires two-factor for operators
    failed_list = client.get("/admin/procrastinate/procrastinatejob/", {"status": "failed"})
    assert failed_list.status_code == 200
    assert f"/admin/procrastinate/procrastinatejob/{job_id}/change/" in failed_list.text
    detail = client.get(f"/admin/procrastinate/procrastinatejob/{job_id}/change/")
    assert detail.status_code == 200
    assert "Failed" in detail.text


def test_the_job_queue_lives_in_the_public_schema_only(alpha):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT table_schema FROM information_schema.tables "
            "WHERE table_name LIKE 'procrastinate%%'"
        )
        assert [schema for (schema,) in cursor.fetchall()] == ["public"]


def test_a_periodic_job_defers_one_job_per_workspace_each_run_in_its_own(two_workspaces):
    a, b = two_workspaces
    fan_out_to[:] = [a.schema_name, b.schema_name]
    seen_by_jobs.clear()
    digest = next(
        periodic
        for periodic in app.periodic_registry.periodic_tasks.values()
        if periodic.task is digest_fan_out
    )

    async def defer_as_the_worker_does_at_0730():
        async with app.open_async():
            await PeriodicDeferrer(registry=app.periodic_registry).defer_jobs(
                [(digest, int(time.time()))]
            )

    in_worker_connection(lambda: asyncio.run(defer_as_the_worker_does_at_0730()))
    run_worker()

    assert sorted(seen_by_jobs) == sorted(
        [
            (a.schema_name, [f"label of {a.schema_name}"]),
            (b.schema_name, [f"label of {b.schema_name}"]),
        ]
    )
