"""What every benchmark script does first: its own database, Django, plain static files.

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.setup import start
start("carnet_bench_x")   # then import Django things
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start(database: str) -> None:
    """Use `database` on the embedded server (or DATABASE_URL), set Django up."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm_project.settings")
    if not os.environ.get("DATABASE_URL"):
        # Its own database, so a bench never touches the demo's data.
        from crm_project.database import embedded_server, ensure_database

        data_dir = Path(os.environ.get("CARNET_DATA_DIR", ROOT / ".data"))
        socket_dir, port = embedded_server(data_dir / "postgres")
        ensure_database(socket_dir, port, database)
        os.environ["DATABASE_URL"] = (
            f"postgres://postgres@/{database}?host={socket_dir}&port={port}"
        )
    import django

    django.setup()
    plain_static_files()


def plain_static_files() -> None:
    """Pages link static files by name: no collectstatic (the tree is shared), no manifest."""
    from django.conf import settings
    from django.test.utils import override_settings

    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    override_settings(STORAGES=storages).enable()


def timed(request, repeat: int) -> tuple[float, float, int]:
    """Median and fastest time (ms) of `request(i)` over `repeat` runs after one that warms
    caches, and the queries of the last run. A streamed response is read to its end."""
    import statistics
    import time

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], 0
    for i in range(repeat + 1):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = request(i)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
            elapsed = (time.perf_counter() - began) * 1000
        assert response.status_code in (200, 302), response.status_code
        if i:
            times.append(elapsed)
        queries = len(captured)
    return statistics.median(times), min(times), queries


def measure(client, url: str, repeat: int) -> tuple[float, float, int]:
    """`timed` for a GET of `url`."""
    return timed(lambda _i: client.get(url), repeat)
