"""Under gunicorn, no query of a web request may run for long: PostgreSQL cancels it."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
SHOW = (
    "import django; django.setup(); from django.db import connection; "
    "c = connection.cursor(); c.execute('SHOW statement_timeout'); print(c.fetchone()[0])"
)


def timeout_shown(extra_env: dict) -> str:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "crm_project.settings", **extra_env}
    env["CARNET_DATA_DIR"] = str(settings.DATA_DIR)
    env.pop("CARNET_STATEMENT_TIMEOUT_MS", None) if not extra_env else None
    result = subprocess.run(
        [sys.executable, "-c", SHOW], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120, check=True,
    )  # fmt: skip
    return result.stdout.strip()


def test_gunicorn_sets_a_statement_timeout():
    config = (ROOT / "gunicorn.conf.py").read_text()
    assert 'setdefault("CARNET_STATEMENT_TIMEOUT_MS"' in config
    assert timeout_shown({"CARNET_STATEMENT_TIMEOUT_MS": "10000"}) == "10s"


def test_other_processes_have_none():
    assert timeout_shown({}) == "0"
