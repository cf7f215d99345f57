"""Browser journeys: a real Chromium (the system one) against a real server thread.

The server thread has its own database connections, so it only sees committed data: each
journey creates its own workspace, committed, under a unique slug. The test database is
dropped at the end of the session.
"""

import os
import uuid
from pathlib import Path

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.test.testcases import LiveServerThread

from workspaces import services
from workspaces.models import Role

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = "journey password 2026"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"No Chromium at {CHROMIUM}: apt-get install -y chromium")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # French is the product's first language; journeys read the French pages.
    return {**browser_context_args, "locale": "fr-FR"}


@pytest.fixture(scope="session")
def server_port(django_db_setup, django_db_blocker):
    """A threaded WSGI server for the whole session; returns its port."""
    with django_db_blocker.unblock():
        thread = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
        thread.daemon = True
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        yield thread.port
        thread.terminate()


class Journey:
    """A committed workspace with an admin, and the address of its pages."""

    def __init__(self, workspace, user, port):
        self.workspace, self.user, self.port = workspace, user, port
        self.email, self.password = user.email, PASSWORD

    def url(self, path: str = "/") -> str:
        return f"http://{self.workspace.host}:{self.port}{path}"

    def login(self, page, path: str = "/"):
        page.goto(self.url(path))
        page.fill("input[name=username]", self.email)
        page.fill("input[name=password]", self.password)
        page.get_by_role("button", name="Se connecter").click()


@pytest.fixture
def journey(server_port, django_db_blocker):
    suffix = uuid.uuid4().hex[:8]
    with django_db_blocker.unblock():
        user = services.user_get_or_create(
            email=f"owner-{suffix}@journey.test", password=PASSWORD, full_name="Agnès Journey"
        )
        workspace = services.workspace_create(
            slug=f"j-{suffix}", name="Atelier Journey", owner=user
        )
        services.membership_set(workspace=workspace, user=user, role=Role.ADMIN)
    return Journey(workspace, user, server_port)


# Chromium reports what the Content-Security-Policy blocks as an event and a console error.
COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


class ViolationWatch:
    def __init__(self, page):
        self.page = page
        self.console = []
        page.add_init_script(COLLECT_VIOLATIONS)
        page.on("console", self._console)

    def _console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.console.append(message.text)

    def assert_none(self, where: str):
        events = self.page.evaluate("window.__cspViolations || []")
        assert events == [] and self.console == [], (where, events, self.console)
