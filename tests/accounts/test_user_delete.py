"""An operator deletes an account: the records it owned stay, without an owner; the work is
committed workspace by workspace, the account closed first."""

import threading

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connection, transaction

from accounts import services as accounts_services
from organisations.models import Organisation
from tests.conftest import confirm_two_factor
from tests.threads import in_thread
from workspaces import services as workspace_services
from workspaces.models import Membership, Role, Workspace

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_deleting_a_user_in_the_admin_keeps_their_records_without_owner(client_on, alpha, beta):
    leaving = User.objects.create_user("leaving@alpha.test", "x")
    workspace_services.membership_set(workspace=alpha, user=leaving, role=Role.MEMBER)
    with alpha:
        owned = Organisation.objects.create(name="Gardée SARL", owner=leaving)
    with beta:
        other = Organisation.objects.create(name="Autre", owner=None)
    operator = User.objects.create_superuser("ops@carnet.test", "x")
    admin = client_on(settings.BASE_DOMAIN, operator)
    confirm_two_factor(admin, operator)

    response = admin.post(f"/admin/accounts/user/{leaving.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=leaving.pk).exists()
    assert not Membership.objects.filter(user_id=leaving.pk).exists()
    with alpha:
        owned.refresh_from_db()
        assert owned.owner_id is None and owned.name == "Gardée SARL"
    with beta:
        assert Organisation.objects.filter(pk=other.pk).exists()


def _run(function) -> list:
    thread, errors = in_thread(function)
    thread.join(180)
    assert not thread.is_alive()
    return errors


def test_deleting_a_user_commits_workspace_by_workspace_after_closing_the_account():
    """A record of the second workspace is locked by someone else: the deletion stops there.
    What was done is committed (the account closed, the first workspace cleared), nobody can
    sign in as the person or sees them as a member, and deleting again finishes."""
    seen: dict = {}

    def prepare():
        leaving = User.objects.create_user("halfway@leaving.test", "pass-halfway-1")
        for slug in ("leave1", "leave2"):
            workspace = workspace_services.workspace_create(slug=slug, name=slug, owner=leaving)
            with workspace:
                seen[slug] = Organisation.objects.create(name=f"Org {slug}", owner=leaving).pk
        seen["user"] = leaving.pk

    locked, release = threading.Event(), threading.Event()

    def hold_lock():
        with transaction.atomic(), Workspace.objects.get(schema_name="leave2"):
            Organisation.objects.select_for_update().get(pk=seen["leave2"])
            locked.set()
            assert release.wait(120)

    def delete():
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")
        accounts_services.user_delete(user=User.objects.get(pk=seen["user"]))

    def owners() -> dict:
        found = {}
        for slug in ("leave1", "leave2"):
            with Workspace.objects.get(schema_name=slug):
                found[slug] = Organisation.objects.get(pk=seen[slug]).owner_id
        return found

    def drop():
        for workspace in Workspace.objects.filter(schema_name__in=["leave1", "leave2"]):
            workspace.delete(force_drop=True)
        User.objects.filter(email="halfway@leaving.test").delete()

    try:
        assert not _run(prepare)
        holder, holder_errors = in_thread(hold_lock)
        assert locked.wait(120)
        errors = _run(delete)
        assert errors and "lock" in str(errors[0]).lower(), errors
        release.set()
        holder.join(120)
        assert not holder_errors, holder_errors

        user = User.objects.get(pk=seen["user"])
        assert not user.is_active
        assert user.check_password("pass-halfway-1")  # the right password, yet refused:
        assert (
            ModelBackend().authenticate(None, email=user.email, password="pass-halfway-1") is None
        )
        assert not Membership.objects.filter(user_id=user.pk).exists()
        found: dict = {}
        assert not _run(lambda: found.update(owners()))
        assert found == {"leave1": None, "leave2": user.pk}  # the first one was committed

        assert not _run(delete)  # again: finishes
        assert not User.objects.filter(pk=seen["user"]).exists()
        assert not _run(lambda: found.update(owners()))
        assert found == {"leave1": None, "leave2": None}
    finally:
        release.set()
        _run(drop)
