"""The operators' management commands."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django_tenants.utils import schema_exists

from workspaces.models import Membership, Role, Workspace

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_create_workspace_with_a_new_owner_gives_an_account_without_password():
    call_command("create_workspace", "gamma", "--name", "Gamma", "--owner", "New@Gamma.test")
    owner = User.objects.get(email="new@gamma.test")
    assert not owner.has_usable_password()
    assert Membership.objects.get(workspace__schema_name="gamma", user=owner).role == Role.ADMIN
    assert schema_exists("gamma")


def test_create_workspace_makes_an_existing_user_admin(alice):
    call_command("create_workspace", "delta", "--name", "Delta", "--owner", "alice@alpha.test")
    assert Membership.objects.get(workspace__schema_name="delta", user=alice).role == Role.ADMIN
    alice.refresh_from_db()
    assert alice.has_usable_password()


@pytest.mark.parametrize("slug", ["alpha", "Bad_Slug", "www"])
def test_create_workspace_refuses_a_bad_or_taken_slug(slug):
    count = Workspace.objects.count()
    with pytest.raises(CommandError):
        call_command("create_workspace", slug, "--name", "X", "--owner", "x@x.test")
    assert Workspace.objects.count() == count


def test_create_workspace_refuses_a_bad_email():
    with pytest.raises(CommandError, match="owner"):
        call_command("create_workspace", "epsilon", "--name", "X", "--owner", "not-an-email")
    assert not Workspace.objects.filter(schema_name="epsilon").exists()


def test_setup_demo_is_idempotent_and_keeps_data():
    call_command("setup_demo", verbosity=0)
    demo = Workspace.objects.get(schema_name="demo")
    owner = User.objects.get(email="demo@example.com")
    assert owner.check_password("demo")
    assert Membership.objects.get(workspace=demo, user=owner).role == Role.ADMIN
    assert User.objects.get(email="admin@example.com").is_superuser
    memberships = Membership.objects.filter(workspace=demo).count()
    call_command("setup_demo", verbosity=0)
    assert Workspace.objects.filter(schema_name="demo").count() == 1
    assert Membership.objects.filter(workspace=demo).count() == memberships


def test_seed_demo_adds_members_of_each_role(alpha):
    call_command("seed_demo", "alpha", verbosity=0)
    roles = set(Membership.objects.filter(workspace=alpha).values_list("role", flat=True))
    assert roles == {Role.ADMIN, Role.MEMBER, Role.VIEWER}


def test_seed_demo_refuses_an_unknown_workspace():
    with pytest.raises(CommandError):
        call_command("seed_demo", "nowhere")
