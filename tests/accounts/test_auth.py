"""Signing in with an email address, on the public host and on a workspace host."""

import re

import pytest
from django.conf import settings
from django.core import mail

from tests.conftest import PASSWORD, confirm_two_factor

pytestmark = pytest.mark.django_db


def test_member_signs_in_on_their_workspace_host_with_email(client_on, alpha):
    client = client_on(alpha)
    response = client.post(
        "/accounts/login/?next=/", {"username": "Alice@Alpha.test", "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_wrong_password_shows_an_error_and_signs_nobody_in(client_on, alpha):
    client = client_on(alpha)
    response = client.post("/accounts/login/", {"username": "alice@alpha.test", "password": "no"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert client.get("/").status_code == 302


def test_signing_in_on_a_workspace_one_does_not_belong_to_leads_to_404(client_on, alpha):
    client = client_on(alpha)
    client.post("/accounts/login/", {"username": "bob@beta.test", "password": PASSWORD})
    assert client.get("/").status_code == 404


def test_public_host_login_leads_to_the_workspace_chooser(client_on, alpha, beta):
    client = client_on(settings.BASE_DOMAIN)
    response = client.post(
        "/accounts/login/", {"username": "alice@alpha.test", "password": PASSWORD}, follow=True
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == "/workspaces/"
    assert "Alpha Conseil" in page and "Beta Studio" not in page


def test_password_reset_sends_a_link_to_the_same_host_that_works(client_on, alpha):
    client = client_on(alpha)
    response = client.post("/accounts/password/reset/", {"email": "alice@alpha.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://alpha\.localhost(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    form_page = client.get(link.group(1), follow=True)
    assert form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a brand new passphrase", "new_password2": "a brand new passphrase"},
    )
    assert done.status_code == 302
    signed_in = client.post(
        "/accounts/login/", {"username": "alice@alpha.test", "password": "a brand new passphrase"}
    )
    assert signed_in.status_code == 302 and client.get("/").status_code == 200


def test_password_reset_for_an_unknown_email_says_the_same_and_sends_nothing(client_on, alpha):
    response = client_on(alpha).post("/accounts/password/reset/", {"email": "nobody@x.test"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_admin_is_on_the_public_host_only(client_on, alpha):
    assert client_on(settings.BASE_DOMAIN).get("/admin/").status_code == 302  # to its login
    assert client_on(alpha).get("/admin/").status_code == 404


def test_operator_sees_workspaces_in_the_admin(client_on, alpha):
    from django.contrib.auth import get_user_model

    operator = get_user_model().objects.create_superuser("ops@carnet.test", "x")
    client = client_on(settings.BASE_DOMAIN, operator)
    confirm_two_factor(client, operator)
    page = client.get("/admin/workspaces/workspace/")
    assert page.status_code == 200
    assert "Alpha Conseil" in page.content.decode()
