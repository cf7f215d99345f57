"""Input an attacker or a clumsy user sends to sign-up and workspace settings: a clear form
error, never a 500: line breaks in names that go into email subjects, oversize emails,
simultaneous sign-ups for one address."""

import threading
import uuid

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client

from accounts.models import User
from workspaces import member_services
from workspaces.models import Invitation, Role, Workspace
from workspaces.services import workspace_update

SIGNUP = {
    "workspace_name": "Les Ateliers",
    "slug": "ateliers-x",
    "full_name": "Nadia Roux",
    "email": "nadia@ateliers.test",
    "password": "a long enough passphrase",
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["Atelier\nBcc: victim@example.test", "Atelier\r\nSecond line", "A\x00B"]
)
def test_a_name_with_a_line_break_is_refused_at_sign_up(public_client, name):
    public_client.cookies["django_language"] = "en"
    response = public_client.post("/signup/", {**SIGNUP, "workspace_name": name})
    assert response.status_code == 200
    assert "one line" in " ".join(response.context["form"].errors["workspace_name"])
    assert not Workspace.objects.filter(schema_name="ateliers-x").exists()


@pytest.mark.django_db
def test_a_name_with_a_line_break_is_refused_in_settings(client_on, alpha, alice):
    client = client_on(alpha, alice)
    client.cookies["django_language"] = "en"
    response = client.post("/settings/workspace/", {"name": "Alpha\nConseil"})
    assert response.status_code == 200
    assert "one line" in " ".join(response.context["form"].errors["name"])
    alpha.refresh_from_db()
    assert alpha.name == "Alpha Conseil"


@pytest.mark.django_db
def test_the_workspace_settings_rename_and_require_two_factor(client_on, alpha, alice):
    client = client_on(alpha, alice)
    assert client.get("/settings/workspace/").status_code == 200
    response = client.post(
        "/settings/workspace/", {"name": "Alpha Conseil SA", "require_two_factor": "on"}
    )
    assert response.status_code == 302
    alpha.refresh_from_db()
    assert alpha.name == "Alpha Conseil SA" and alpha.require_two_factor


@pytest.mark.django_db
def test_only_admins_change_the_workspace(client_on, alpha, mia, bob):
    assert client_on(alpha, mia).post("/settings/workspace/", {"name": "X"}).status_code == 403
    assert client_on(alpha, bob).get("/settings/workspace/").status_code == 404


@pytest.mark.django_db
def test_the_service_refuses_a_line_break_too(alpha):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        workspace_update(workspace=alpha, name="A\nB", require_two_factor=False)


@pytest.mark.django_db
def test_an_old_name_with_a_line_break_no_longer_breaks_invitations(client_on, alpha, alice):
    Workspace.objects.filter(pk=alpha.pk).update(name="Alpha\nConseil")
    response = client_on(alpha, alice).post(
        "/settings/members/invite/", {"email": "new@example.test", "role": "member"}
    )
    assert response.status_code == 302
    assert mail.outbox[0].subject.count("\n") == 0 and "Alpha Conseil" in mail.outbox[0].subject


@pytest.mark.django_db
def test_an_invitation_email_over_254_characters_is_a_field_error(client_on, alpha, alice):
    email = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".fr"  # valid shape, 311 characters
    client = client_on(alpha, alice)
    response = client.post("/settings/members/invite/", {"email": email, "role": "member"})
    assert response.status_code == 200
    assert response.context["invite_form"].errors["email"]
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_the_invitation_service_refuses_an_oversize_email(alpha, alice):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        member_services.invitation_create(
            workspace=alpha, email="a" * 250 + "@b.fr", role=Role.MEMBER, invited_by=alice
        )
    assert "email" in error.value.message_dict


def test_simultaneous_sign_ups_for_one_address_give_the_losers_a_form_error(
    django_db_setup, django_db_blocker
):
    """Six people post the sign-up form for one address at the same moment, each on its own
    connection (committed, like production): one workspace, five form errors, no 500."""
    slug = f"race-{uuid.uuid4().hex[:8]}"
    count = 6
    barrier = threading.Barrier(count)
    results = [None] * count

    def sign_up(n):
        client = Client(HTTP_HOST=settings.BASE_DOMAIN, raise_request_exception=False)
        data = {**SIGNUP, "slug": slug, "email": f"racer{n}@{slug}.test"}
        barrier.wait()
        try:
            response = client.post("/signup/", data)
            form = response.context["form"] if response.status_code == 200 else None
            results[n] = (response.status_code, form.errors.get("slug") if form else None)
        finally:
            connection.close()

    with django_db_blocker.unblock():
        threads = [threading.Thread(target=sign_up, args=(n,)) for n in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        try:
            codes = sorted(code for code, _errors in results)
            assert codes == [200] * (count - 1) + [302], results
            for code, errors in results:
                if code == 200:
                    assert errors, results
            assert Workspace.objects.filter(schema_name=slug).count() == 1
        finally:
            for workspace in Workspace.objects.filter(schema_name=slug):
                workspace.delete(force_drop=True)
            User.objects.filter(email__endswith=f"@{slug}.test").delete()
