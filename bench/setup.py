"""What every benchmark script does first: its own database, Django, plain static files.

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.setup import start
start("carnet_bench_x")   # then import Django things

At one million contacts (`--contacts 1000000` on the command line, or CARNET_BENCH_SIZE=1m
in the environment, as `make bench-1m` sets) every script uses a database of its own,
`carnet_bench_x_1m`, so the 100k and 1M data sets are each seeded once and kept. `SIZES`
holds the issue's proportions for both.
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MILLION = 1_000_000
SIZES = {
    "100k": {"organisations": 20_000, "contacts": 100_000, "prospects": 50_000,
             "opportunities": 5_000},
    "1m": {"organisations": 100_000, "contacts": MILLION, "prospects": 200_000,
           "opportunities": 20_000},
}  # fmt: skip


def machine_speed() -> str:
    """How fast this machine runs Python right now: the fastest of three runs of a fixed loop
    (3 million additions), in ms. The 2-CPU machine's speed changes by half within an hour
    with nothing else running (this loop: 180 to 420 ms), so a figure is only comparable with
    figures taken at about the same reference: every script prints it."""
    runs = []
    for _ in range(3):
        began, total = time.perf_counter(), 0
        for i in range(3_000_000):
            total += i
        runs.append((time.perf_counter() - began) * 1000)
    return f"reference loop {min(runs):.0f} ms (bench/setup.py machine_speed: lower is faster)"


def size() -> str:
    """ "1m" when the command line asks for a million contacts or more, or CARNET_BENCH_SIZE
    says so; else "100k"."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--contacts", type=int, default=0)
    contacts = parser.parse_known_args()[0].contacts
    if contacts >= MILLION or os.environ.get("CARNET_BENCH_SIZE", "").lower() == "1m":
        return "1m"
    return "100k"


def start(database: str) -> None:
    """Use `database` (`database`_1m at one million contacts, see `size`) on the embedded
    server (or DATABASE_URL), set Django up."""
    if size() == "1m":
        database = f"{database}_1m"
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


# --- through gunicorn, as `make run` serves the pages ---------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gunicorn(app: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "PORT": str(port), "HOST": "127.0.0.1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", app],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL if os.environ.get("BENCH_QUIET", "1") == "1" else None,
    )
    deadline = time.monotonic() + 180  # Django is loaded once, in the master (preload_app)
    while time.monotonic() < deadline and process.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError(f"gunicorn {app} did not start")


def timings(
    port: int, host: str, cookie: str, url: str, repeat: int, headers: dict | None = None
) -> tuple[float, float]:
    """Median and p95 (ms) of `repeat` GETs of `url`, one at a time, after one to warm up."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": host, "Cookie": cookie, "Accept-Encoding": "gzip", **(headers or {})}
    times = []
    for i in range(repeat + 1):
        began = time.perf_counter()
        conn.request("GET", url, headers=headers)
        response = conn.getresponse()
        response.read()
        elapsed = (time.perf_counter() - began) * 1000
        assert response.status == 200, (url, response.status)
        if i:
            times.append(elapsed)
    conn.close()
    times.sort()
    return statistics.median(times), times[max(0, round(0.95 * len(times)) - 1)]
