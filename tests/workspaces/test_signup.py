"""Opening a workspace from the public host."""

import pytest
from django.contrib.auth import get_user_model
from django_tenants.utils import schema_exists

from workspaces.models import Membership, Role, Workspace

pytestmark = pytest.mark.django_db
User = get_user_model()

VALID = {
    "workspace_name": "Les Ateliers Réunis",
    "slug": "ateliers",
    "full_name": "Nadia Roux",
    "email": "Nadia@Ateliers.test",
    "password": "a long enough passphrase",
}


def test_signup_creates_the_schema_and_makes_the_creator_admin(public_client):
    response = public_client.post("/signup/", VALID)
    assert response.status_code == 302
    # Straight into the new workspace (tests/workspaces/test_handoff.py follows the hand-off).
    assert response["Location"].startswith("http://ateliers.localhost/accounts/handoff/?token=")
    workspace = Workspace.objects.get(schema_name="ateliers")
    assert workspace.name == "Les Ateliers Réunis"
    assert schema_exists("ateliers")
    assert workspace.domains.get().domain == "ateliers.localhost"
    user = User.objects.get(email="nadia@ateliers.test")
    assert Membership.objects.get(workspace=workspace, user=user).role == Role.ADMIN
    chooser = public_client.get("/workspaces/").content.decode()
    assert "Les Ateliers Réunis" in chooser and 'href="/workspaces/ateliers/enter/"' in chooser


def test_signed_in_person_only_names_the_new_workspace(client_on, alice):
    from django.conf import settings

    client = client_on(settings.BASE_DOMAIN, alice)
    response = client.post("/signup/", {"workspace_name": "Second", "slug": "second"})
    assert response.status_code == 302
    assert Membership.objects.get(workspace__schema_name="second", user=alice).role == Role.ADMIN


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("Ateliers", "lowercase letters"),
        ("ateliers_reunis", "lowercase letters"),
        ("-ateliers", "lowercase letters"),
        ("ateliers-", "lowercase letters"),
        ("ateliers réunis", "lowercase letters"),
        ("a" * 64, "63"),
        ("www", "reserved"),
        ("admin", "reserved"),
        ("public", "reserved"),
        ("api", "reserved"),
        ("alpha", "already taken"),
        ("", "required"),
    ],
)
def test_invalid_slug_gets_a_clear_message_and_creates_nothing(public_client, slug, message):
    count = Workspace.objects.count()
    with_lang = public_client
    with_lang.cookies["django_language"] = "en"
    response = with_lang.post("/signup/", {**VALID, "slug": slug})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["slug"])
    assert message in errors
    assert Workspace.objects.count() == count
    assert not User.objects.filter(email="nadia@ateliers.test").exists()


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("not-an-email", "valid email"),
        ("", "required"),
        ("ALICE@alpha.test", "already uses this email"),
    ],
)
def test_invalid_email_gets_a_clear_message_and_creates_nothing(public_client, email, message):
    public_client.cookies["django_language"] = "en"
    response = public_client.post("/signup/", {**VALID, "email": email})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["email"])
    assert not Workspace.objects.filter(schema_name="ateliers").exists()


def test_weak_password_is_refused(public_client):
    response = public_client.post("/signup/", {**VALID, "password": "123"})
    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    assert not schema_exists("ateliers")


def test_messages_are_in_french_by_default(public_client):
    response = public_client.post("/signup/", {**VALID, "slug": "www"})
    assert "réservé" in " ".join(response.context["form"].errors["slug"])
