"""`make run` in one process: gunicorn and the worker side by side, the embedded database kept up.

    python -m crm_project.supervisor

Starts the web server (gunicorn) and the background worker (`manage.py procrastinate worker`),
restarts either if it dies, and, when DATABASE_URL is unset, restarts the embedded PostgreSQL
within a second of it stopping. SIGINT (Ctrl-C) or SIGTERM, or the death of the process that
started it (`make`), stops both children and then the supervisor; the embedded server keeps
running for the next command, as always (`make stop-db` stops it).
"""

import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from crm_project.database import embedded_server, embedded_server_running

ROOT = Path(__file__).resolve().parent.parent
PROCESSES = {
    "web": [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "crm_project.wsgi"],
    "worker": [sys.executable, "manage.py", "procrastinate", "worker"],
}
TICK = 0.5  # seconds between checks: the database is back well within 5 s
RESTART_DELAY = 2.0  # a child that keeps dying (database down) is not restarted in a tight loop
STOP_TIMEOUT = 35.0  # gunicorn's graceful timeout is 30 s

logger = logging.getLogger("carnet.supervisor")


def main() -> int:
    logging.basicConfig(format="[supervisor] %(message)s", stream=sys.stderr)
    logger.setLevel(logging.INFO)
    # Importing the settings starts the embedded server if it is not running yet.
    from crm_project.settings import DATA_DIR

    pgdata = None if os.environ.get("DATABASE_URL") else DATA_DIR / "postgres"
    stop_requested = []
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda signum, frame: stop_requested.append(signum))

    parent = os.getppid()
    children = {name: start(name) for name in PROCESSES}
    started = {name: time.monotonic() for name in PROCESSES}
    while not stop_requested:
        time.sleep(TICK)
        if os.getppid() != parent:
            logger.info("make run has stopped: stopping")
            break
        if pgdata and not embedded_server_running(pgdata):
            logger.warning("PostgreSQL is not running: restarting it")
            try:
                embedded_server(pgdata)
                logger.info("PostgreSQL is back")
            except Exception:
                logger.exception("PostgreSQL did not restart; trying again")
        for name, child in children.items():
            if child.poll() is not None and time.monotonic() - started[name] > RESTART_DELAY:
                logger.warning("%s exited with code %s: restarting it", name, child.returncode)
                children[name], started[name] = start(name), time.monotonic()
    stop(children.values())
    return 0


def start(name: str) -> subprocess.Popen:
    return subprocess.Popen(PROCESSES[name], cwd=ROOT)


def stop(children) -> None:
    """SIGTERM every child, wait for them to finish their requests and jobs, then SIGKILL."""
    for child in children:
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + STOP_TIMEOUT
    for child in children:
        try:
            child.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


if __name__ == "__main__":
    sys.exit(main())
