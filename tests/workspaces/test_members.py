"""Members: invitations by email (single-use, expiring links), roles, removal, leaving."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from workspaces import member_services
from workspaces.member_services import InvitationInvalid
from workspaces.models import Invitation, Membership, Role

pytestmark = pytest.mark.django_db
User = get_user_model()
HTMX = {"HTTP_HX_REQUEST": "true"}
NEW_PASSWORD = "a long enough passphrase 42"


def invite(workspace, email="newcomer@example.test", role=Role.MEMBER, by=None):
    return member_services.invitation_create(
        workspace=workspace, email=email, role=role, invited_by=by
    )


# --- Service: invitations ----------------------------------------------------------------------


def test_an_invitation_stores_only_a_hash_of_its_token(alpha, alice):
    invitation, token = invite(alpha, by=alice)
    assert token not in invitation.token_hash
    assert len(invitation.token_hash) == 64
    assert invitation.expires - invitation.created > timedelta(days=6, hours=23)


@pytest.mark.parametrize("email", ["", "not-an-email", "a@"])
def test_a_bad_email_is_refused(alpha, email):
    with pytest.raises(ValidationError):
        invite(alpha, email=email)
    assert not Invitation.objects.exists()


def test_inviting_a_member_is_refused(alpha, mia):
    with pytest.raises(ValidationError):
        invite(alpha, email="MIA@alpha.test")


def test_an_unknown_role_is_refused(alpha):
    with pytest.raises(ValidationError):
        invite(alpha, role="owner")


def test_inviting_again_replaces_the_pending_invitation(alpha):
    _first, old_token = invite(alpha)
    _second, new_token = invite(alpha)
    assert Invitation.objects.filter(workspace=alpha).count() == 1
    with pytest.raises(InvitationInvalid):
        member_services.invitation_for_token(workspace=alpha, token=old_token)
    assert member_services.invitation_for_token(workspace=alpha, token=new_token)


def test_accepting_creates_the_account_and_the_membership(alpha):
    _invitation, token = invite(alpha, role=Role.VIEWER)
    membership = member_services.invitation_accept(
        workspace=alpha, token=token, full_name="Néo Venu", password=NEW_PASSWORD
    )
    assert membership.role == Role.VIEWER
    assert membership.user.email == "newcomer@example.test"
    assert membership.user.check_password(NEW_PASSWORD)


def test_an_existing_account_joins_when_signed_in(alpha, bob):
    _invitation, token = invite(alpha, email="bob@beta.test", role=Role.MEMBER)
    membership = member_services.invitation_accept(workspace=alpha, token=token, user=bob)
    assert membership.user == bob and membership.role == Role.MEMBER


def test_an_invitation_is_single_use(alpha):
    _invitation, token = invite(alpha)
    member_services.invitation_accept(workspace=alpha, token=token, password=NEW_PASSWORD)
    with pytest.raises(InvitationInvalid) as error:
        member_services.invitation_accept(workspace=alpha, token=token, password=NEW_PASSWORD)
    assert error.value.reason == "used"


def test_an_expired_invitation_changes_nothing(alpha):
    invitation, token = invite(alpha)
    Invitation.objects.filter(pk=invitation.pk).update(expires=timezone.now() - timedelta(1))
    with pytest.raises(InvitationInvalid) as error:
        member_services.invitation_accept(workspace=alpha, token=token, password=NEW_PASSWORD)
    assert error.value.reason == "expired"
    assert not User.objects.filter(email="newcomer@example.test").exists()


def test_a_token_of_another_workspace_is_unknown_here(alpha, beta):
    _invitation, token = invite(beta)
    with pytest.raises(InvitationInvalid) as error:
        member_services.invitation_accept(workspace=alpha, token=token, password=NEW_PASSWORD)
    assert error.value.reason == "unknown"
    assert not Membership.objects.filter(user__email="newcomer@example.test").exists()


def test_a_weak_password_is_refused_and_changes_nothing(alpha):
    _invitation, token = invite(alpha)
    with pytest.raises(ValidationError):
        member_services.invitation_accept(workspace=alpha, token=token, password="123")
    assert not User.objects.filter(email="newcomer@example.test").exists()
    assert member_services.invitation_for_token(workspace=alpha, token=token)  # still usable


def test_the_invitation_is_for_one_address(alpha, bob):
    _invitation, token = invite(alpha, email="someone@else.test")
    with pytest.raises(ValidationError):
        member_services.invitation_accept(workspace=alpha, token=token, user=bob)


# --- Service: roles, removal, leaving --------------------------------------------------------


def membership(workspace, user) -> Membership:
    return Membership.objects.select_related("workspace").get(workspace=workspace, user=user)


def test_change_a_role(alpha, mia):
    member_services.membership_role_change(membership=membership(alpha, mia), role=Role.ADMIN)
    assert membership(alpha, mia).role == Role.ADMIN


def test_the_last_admin_cannot_be_demoted_or_removed_or_leave(alpha, alice):
    admin = membership(alpha, alice)
    with pytest.raises(ValidationError):
        member_services.membership_role_change(membership=admin, role=Role.MEMBER)
    with pytest.raises(ValidationError):
        member_services.membership_remove(membership=admin)
    with pytest.raises(ValidationError):
        member_services.membership_leave(workspace=alpha, user=alice)
    assert membership(alpha, alice).role == Role.ADMIN


def test_an_admin_can_step_down_once_another_admin_exists(alpha, alice, mia):
    member_services.membership_role_change(membership=membership(alpha, mia), role=Role.ADMIN)
    member_services.membership_role_change(membership=membership(alpha, alice), role=Role.MEMBER)
    assert membership(alpha, alice).role == Role.MEMBER


def test_remove_a_member_keeps_their_account(alpha, mia):
    member_services.membership_remove(membership=membership(alpha, mia))
    assert not Membership.objects.filter(workspace=alpha, user=mia).exists()
    assert User.objects.filter(pk=mia.pk).exists()


def test_a_viewer_leaves(alpha, val):
    member_services.membership_leave(workspace=alpha, user=val)
    assert not Membership.objects.filter(workspace=alpha, user=val).exists()


# --- Pages: members tab ------------------------------------------------------------------------


def test_members_tab_lists_people_and_pending_invitations(client_on, alpha, alice):
    invite(alpha, email="pending@example.test", by=alice)
    page = client_on(alpha, alice).get("/settings/members/").content.decode()
    for email in ("alice@alpha.test", "mia@alpha.test", "val@alpha.test", "pending@example.test"):
        assert email in page
    assert "bob@beta.test" not in page


def test_invite_sends_an_email_with_a_link_to_this_workspace(client_on, alpha, alice):
    response = client_on(alpha, alice).post(
        "/settings/members/invite/", {"email": "New@Example.test", "role": "viewer"}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new@example.test"]
    assert "Alpha Conseil" in message.subject
    link = re.search(r"https?://alpha\.localhost(?::\d+)?/invitations/([\w-]+)/", message.body)
    assert link, message.body
    invitation = Invitation.objects.get(workspace=alpha)
    assert invitation.role == Role.VIEWER and invitation.invited_by == alice
    assert link.group(1) not in invitation.token_hash


def test_invite_with_htmx_answers_the_panel(client_on, alpha, alice):
    response = client_on(alpha, alice).post(
        "/settings/members/invite/", {"email": "x@example.test", "role": "member"}, **HTMX
    )
    assert 'id="members-panel"' in response.content.decode()
    assert "<html" not in response.content.decode()


def test_invite_bad_input_changes_nothing(client_on, alpha, alice):
    client = client_on(alpha, alice)
    for data in ({"email": "nope", "role": "member"}, {"email": "mia@alpha.test", "role": "member"},
                 {"email": "z@example.test", "role": "god"}):  # fmt: skip
        response = client.post("/settings/members/invite/", data)
        assert response.status_code == 200
        assert 'role="alert"' in response.content.decode()
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_change_a_role_from_the_page(client_on, alpha, alice, mia):
    pk = membership(alpha, mia).pk
    client = client_on(alpha, alice)
    assert (
        client.post(f"/settings/members/{pk}/role/", {f"m{pk}-role": "viewer"}).status_code == 302
    )
    assert membership(alpha, mia).role == Role.VIEWER
    response = client.post(f"/settings/members/{pk}/role/", {f"m{pk}-role": "boss"}, follow=True)
    assert "message--error" in response.content.decode()
    assert membership(alpha, mia).role == Role.VIEWER


def test_the_last_admin_cannot_demote_themselves_from_the_page(client_on, alpha, alice):
    pk = membership(alpha, alice).pk
    client = client_on(alpha, alice)
    response = client.post(f"/settings/members/{pk}/role/", {f"m{pk}-role": "member"}, follow=True)
    assert "dernier administrateur" in response.content.decode()
    response = client.post(f"/settings/members/{pk}/remove/", **HTMX)
    assert "dernier administrateur" in response["HX-Trigger"].encode().decode("unicode_escape")
    assert membership(alpha, alice).role == Role.ADMIN


def test_remove_a_member_from_the_page(client_on, alpha, alice, mia):
    pk = membership(alpha, mia).pk
    assert client_on(alpha, alice).post(f"/settings/members/{pk}/remove/").status_code == 302
    assert not Membership.objects.filter(pk=pk).exists()


def test_another_workspaces_members_and_invitations_are_404(client_on, alpha, beta, alice, bob):
    beta_member = membership(beta, bob).pk
    beta_invitation, _token = invite(beta)
    client = client_on(alpha, alice)
    assert client.post(f"/settings/members/{beta_member}/role/", {}).status_code == 404
    assert client.post(f"/settings/members/{beta_member}/remove/").status_code == 404
    url = f"/settings/members/invitations/{beta_invitation.pk}/revoke/"
    assert client.post(url).status_code == 404
    assert Membership.objects.filter(pk=beta_member).exists()
    assert Invitation.objects.filter(pk=beta_invitation.pk).exists()


def test_withdraw_an_invitation(client_on, alpha, alice):
    invitation, token = invite(alpha)
    client = client_on(alpha, alice)
    assert client.post(f"/settings/members/invitations/{invitation.pk}/revoke/").status_code == 302
    assert client_on(alpha).get(f"/invitations/{token}/").status_code == 404


# --- Pages: accepting an invitation ----------------------------------------------------------


def test_a_newcomer_accepts_by_creating_an_account(client_on, alpha):
    _invitation, token = invite(alpha, role=Role.MEMBER)
    client = client_on(alpha)
    page = client.get(f"/invitations/{token}/")
    assert page.status_code == 200
    assert "Alpha Conseil" in page.content.decode()
    response = client.post(
        f"/invitations/{token}/", {"full_name": "Néo Venu", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200  # signed in, member
    user = User.objects.get(email="newcomer@example.test")
    assert membership(alpha, user).role == Role.MEMBER


def test_a_weak_password_shows_the_form_again(client_on, alpha):
    _invitation, token = invite(alpha)
    response = client_on(alpha).post(
        f"/invitations/{token}/", {"full_name": "N", "password": "1234"}
    )
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert not User.objects.filter(email="newcomer@example.test").exists()


def test_an_existing_account_must_sign_in_first(client_on, alpha, bob):
    _invitation, token = invite(alpha, email="bob@beta.test")
    anonymous = client_on(alpha)
    page = anonymous.get(f"/invitations/{token}/").content.decode()
    assert "/accounts/login/?next=/invitations/" in page
    anonymous.post(f"/invitations/{token}/", {"full_name": "x", "password": NEW_PASSWORD})
    assert not Membership.objects.filter(workspace=alpha, user=bob).exists()
    signed_in = client_on(alpha, bob)
    assert signed_in.get(f"/invitations/{token}/").status_code == 200  # not a 404 for non-members
    assert signed_in.post(f"/invitations/{token}/").status_code == 302
    assert membership(alpha, bob).role == Role.MEMBER


def test_signed_in_as_someone_else_changes_nothing(client_on, alpha, bob):
    _invitation, token = invite(alpha, email="other@example.test")
    response = client_on(alpha, bob).post(f"/invitations/{token}/")
    assert response.status_code == 200
    assert "other@example.test" in response.content.decode()
    assert not Membership.objects.filter(workspace=alpha, user=bob).exists()


@pytest.mark.parametrize("case", ["expired", "used", "other_workspace", "garbage"])
def test_bad_links_say_so_and_change_nothing(client_on, alpha, beta, case):
    workspace = beta if case == "other_workspace" else alpha
    invitation, token = invite(workspace)
    if case == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(expires=timezone.now() - timedelta(1))
    if case == "used":
        member_services.invitation_accept(workspace=alpha, token=token, password=NEW_PASSWORD)
    if case == "garbage":
        token = "not-a-token"
    users = User.objects.count()
    client = client_on(alpha)
    response = client.get(f"/invitations/{token}/")
    assert response.status_code in (404, 410)
    assert 'class="message message--error"' in response.content.decode()
    response = client.post(f"/invitations/{token}/", {"full_name": "x", "password": NEW_PASSWORD})
    assert response.status_code in (404, 410)
    assert User.objects.count() == users
    if case == "other_workspace":
        assert not Membership.objects.filter(workspace=alpha, user__email=invitation.email).exists()


# --- Pages: leaving ----------------------------------------------------------------------------


def test_a_viewer_can_leave(client_on, alpha, val):
    client = client_on(alpha, val)
    assert client.get("/leave/").status_code == 200
    response = client.post("/leave/")
    assert response.status_code == 302
    assert response["Location"] == "http://localhost/"
    assert not Membership.objects.filter(workspace=alpha, user=val).exists()
    assert client.get("/").status_code == 404


def test_the_last_admin_cannot_leave(client_on, alpha, alice):
    response = client_on(alpha, alice).post("/leave/", follow=True)
    assert "dernier administrateur" in response.content.decode()
    assert Membership.objects.filter(workspace=alpha, user=alice).exists()


def test_leave_is_404_for_non_members_and_login_for_anonymous(client_on, alpha, bob):
    assert client_on(alpha, bob).post("/leave/").status_code == 404
    assert client_on(alpha).post("/leave/").status_code == 302
