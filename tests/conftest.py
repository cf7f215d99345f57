"""Shared fixtures: a real PostgreSQL test database with real workspace schemas.

Two workspaces, "alpha" and "beta", are created once per session (committed, like any
workspace); each test then runs in a transaction that is rolled back, so what a test writes
in either schema disappears after it. Browser journeys cannot share that transaction with the
server thread, so they create their own workspace with committed data (see tests/browser).
"""

import os

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import translation

from workspaces import services
from workspaces.models import Role, Workspace

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# next to one unless told it is safe, which it is here (one thread, no concurrent awaits).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
def django_db_setup(
    request, django_test_environment, django_db_modify_db_settings, django_db_blocker
):
    """The test database, migrated like production: public, the template schema, workspaces.

    Replaces pytest-django's fixture, which only creates the test database when a collected
    test is marked django_db: browser journeys are not (they commit), and must never reach
    the development database. Under pytest-xdist each process gets its own (test_carnet_gw0…).
    """
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():
        db_config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        assert connection.settings_dict["NAME"].startswith("test_")
        call_command("migrate_workspaces", verbosity=0)
        people = {}
        for email in ["alice@alpha.test", "val@alpha.test", "mia@alpha.test", "bob@beta.test"]:
            people[email] = services.user_get_or_create(email=email, password=PASSWORD)
        alpha = services.workspace_create(
            slug="alpha", name="Alpha Conseil", owner=people["alice@alpha.test"]
        )
        services.membership_set(workspace=alpha, user=people["val@alpha.test"], role=Role.VIEWER)
        services.membership_set(workspace=alpha, user=people["mia@alpha.test"], role=Role.MEMBER)
        services.workspace_create(slug="beta", name="Beta Studio", owner=people["bob@beta.test"])
    yield
    with django_db_blocker.unblock():
        # Playwright's sync API runs in greenlets, each with its own context and therefore its
        # own Django connection; end those before dropping the database.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        connection.close()
        teardown_databases(db_config, verbosity=0)


@pytest.fixture(autouse=True)
def _back_to_public_schema():
    """A request to a workspace host leaves the connection on its schema: reset after a test."""
    yield
    connection.set_schema_to_public()


@pytest.fixture(autouse=True)
def _back_to_the_default_language():
    """A request in English leaves English active in the thread: the next test (on the same
    worker, in whatever order xdist gives) starts in the default language again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def alpha(db) -> Workspace:
    return Workspace.objects.get(schema_name="alpha")


@pytest.fixture
def beta(db) -> Workspace:
    return Workspace.objects.get(schema_name="beta")


@pytest.fixture
def alice(db):
    """Admin of alpha."""
    return services.user_get_or_create(email="alice@alpha.test")


@pytest.fixture
def mia(db):
    """Member of alpha."""
    return services.user_get_or_create(email="mia@alpha.test")


@pytest.fixture
def val(db):
    """Viewer of alpha."""
    return services.user_get_or_create(email="val@alpha.test")


@pytest.fixture
def bob(db):
    """Admin of beta, stranger to alpha."""
    return services.user_get_or_create(email="bob@beta.test")


@pytest.fixture
def client_on(db):
    """client_on(workspace_or_host, user=None): a test client talking to that host, as `user`."""

    def make(workspace_or_host, user=None) -> Client:
        host = getattr(workspace_or_host, "host", workspace_or_host)
        client = Client(HTTP_HOST=host)
        if user is not None:
            client.force_login(user)
        return client

    return make


def confirm_two_factor(client, user):
    """Give `user` an authenticator app, and mark `client`'s session as confirmed with it."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


@pytest.fixture
def public_client(client_on):
    return client_on(settings.BASE_DOMAIN)
