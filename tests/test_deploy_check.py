"""`manage.py check --deploy` with production settings leaves only the warnings the README
documents as intentional."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# W004: HSTS stays opt-in (SECURE_HSTS_SECONDS), see the README's Security section.
INTENTIONAL = {"security.W004"}


def test_deploy_check_with_production_settings():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "crm_project.settings",
        "HTTPS": "true",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        # The check never connects; this keeps it from starting the embedded server.
        "DATABASE_URL": "postgres://carnet@127.0.0.1:9/carnet",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    reported = {word.strip("():") for word in output.split() if word.startswith("(")}
    reported = {code for code in reported if "." in code and code[0].isalpha()}
    assert reported <= INTENTIONAL, output
