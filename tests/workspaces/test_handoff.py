"""The sign-in hand-off between hosts (workspaces.handoff), and signing out everywhere."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import signing
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from tests.accounts.test_two_factor import code_for, enable_two_factor
from tests.conftest import PASSWORD, confirm_two_factor
from workspaces import handoff as handoffs
from workspaces.models import Membership, SignInHandoff

pytestmark = pytest.mark.django_db


def enter(client, slug):
    """Click a workspace in the list: the public host's answer, and the path to redeem."""
    response = client.get(f"/workspaces/{slug}/enter/")
    assert response.status_code == 302, response
    url = urlsplit(response["Location"])
    return response, url.netloc, f"{url.path}?{url.query}"


def signed_in_as(client):
    return client.session.get(SESSION_KEY)


def test_the_workspace_list_leads_in_signed_in(client_on, alpha, alice):
    public = client_on(settings.BASE_DOMAIN, alice)
    page = public.get("/workspaces/").content.decode()
    assert 'href="/workspaces/alpha/enter/"' in page
    _response, host, path = enter(public, "alpha")
    assert host == "alpha.localhost" and path.startswith("/accounts/handoff/?token=")
    workspace = client_on(alpha)
    arrival = workspace.get(path)
    assert arrival.status_code == 302 and arrival["Location"] == "/"
    assert signed_in_as(workspace) == str(alice.pk)
    assert workspace.get("/").status_code == 200
    assert not SignInHandoff.objects.filter(user=alice).exists()


def test_a_token_works_once(client_on, alpha, alice):
    _response, _host, path = enter(client_on(settings.BASE_DOMAIN, alice), "alpha")
    assert client_on(alpha).get(path)["Location"] == "/"
    replay = client_on(alpha)
    replay.cookies["django_language"] = "en"
    response = replay.get(path, follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    assert "already used" in response.content.decode()
    assert signed_in_as(replay) is None
    assert replay.get("/")["Location"].startswith("/accounts/login/")


def test_an_expired_token_opens_no_session(client_on, alpha, alice):
    _response, _host, path = enter(client_on(settings.BASE_DOMAIN, alice), "alpha")
    SignInHandoff.objects.filter(user=alice).update(
        created=timezone.now() - timedelta(seconds=handoffs.HANDOFF_SECONDS + 1)
    )
    client = client_on(alpha)
    client.cookies["django_language"] = "en"
    response = client.get(path, follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    assert "already used or has expired" in response.content.decode()
    assert signed_in_as(client) is None


def test_an_old_signature_is_refused_even_with_its_row(client_on, alpha, alice, monkeypatch):
    _response, _host, path = enter(client_on(settings.BASE_DOMAIN, alice), "alpha")
    later = timezone.now().timestamp() + handoffs.HANDOFF_SECONDS + 5
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    client = client_on(alpha)
    client.cookies["django_language"] = "en"
    response = client.get(path, follow=True)
    assert "has expired" in response.content.decode()
    assert signed_in_as(client) is None


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "",
        lambda token: "not-a-token",
        lambda token: signing.dumps({"n": "guessed", "w": 1}, salt="another salt"),
    ],
)
def test_a_tampered_token_opens_no_session(client_on, alpha, alice, tamper):
    _response, _host, path = enter(client_on(settings.BASE_DOMAIN, alice), "alpha")
    token = path.split("token=", 1)[1]
    client = client_on(alpha)
    client.cookies["django_language"] = "en"
    response = client.get(f"/accounts/handoff/?token={tamper(token)}", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    assert "not valid" in response.content.decode()
    assert signed_in_as(client) is None


def test_a_guessed_nonce_signed_with_the_right_key_still_needs_its_row(client_on, alpha):
    token = signing.dumps({"n": "guessed", "w": alpha.pk}, salt=handoffs.SALT)
    client = client_on(alpha)
    client.get(f"/accounts/handoff/?token={token}")
    assert signed_in_as(client) is None


def test_a_token_for_another_workspace_is_refused_and_used_up(client_on, alpha, beta, alice, bob):
    Membership.objects.create(workspace=beta, user=alice, role="member")
    _response, _host, path = enter(client_on(settings.BASE_DOMAIN, alice), "alpha")
    on_beta = client_on(beta)
    response = on_beta.get(path, follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    assert signed_in_as(on_beta) is None
    assert not SignInHandoff.objects.filter(user=alice).exists()
    on_alpha = client_on(alpha)
    on_alpha.get(path)
    assert signed_in_as(on_alpha) is None


def test_someone_removed_between_the_click_and_the_arrival_is_refused(client_on, alpha, mia):
    _response, _host, path = enter(client_on(settings.BASE_DOMAIN, mia), "alpha")
    Membership.objects.filter(workspace=alpha, user=mia).delete()
    client = client_on(alpha)
    client.get(path)
    assert signed_in_as(client) is None


def test_another_persons_workspace_is_a_404_on_every_host(client_on, alpha, beta, alice, bob):
    assert client_on(settings.BASE_DOMAIN, bob).get("/workspaces/alpha/enter/").status_code == 404
    assert client_on(beta, bob).get("/workspaces/alpha/enter/").status_code == 404
    assert client_on(beta, bob).get("/workspaces/nowhere/enter/").status_code == 404
    assert not SignInHandoff.objects.filter(user=bob).exists()


def test_anonymous_visitors_sign_in_first(client_on):
    response = client_on(settings.BASE_DOMAIN).get("/workspaces/alpha/enter/")
    assert response["Location"].startswith("/accounts/login/?next=")


def test_the_public_host_has_no_handoff_page(client_on):
    assert client_on(settings.BASE_DOMAIN).get("/accounts/handoff/?token=x").status_code == 404


def test_the_switcher_of_a_workspace_hands_off_to_another(client_on, alpha, beta, alice):
    Membership.objects.create(workspace=beta, user=alice, role="member")
    on_alpha = client_on(alpha, alice)
    page = on_alpha.get("/").content.decode()
    assert 'href="/workspaces/beta/enter/"' in page
    _response, host, path = enter(on_alpha, "beta")
    assert host == "beta.localhost"
    on_beta = client_on(beta)
    assert on_beta.get(path)["Location"] == "/"
    assert on_beta.get("/").status_code == 200


def test_with_one_session_cookie_domain_no_token_is_needed(client_on, alpha, alice, settings):
    settings.SESSION_COOKIE_DOMAIN = ".localhost"
    response = client_on(settings.BASE_DOMAIN, alice).get("/workspaces/alpha/enter/")
    assert response["Location"] == "http://alpha.localhost/"
    assert not SignInHandoff.objects.filter(user=alice).exists()


def test_arriving_as_someone_else_replaces_the_session_without_signing_them_out(
    client_on, alpha, alice, mia
):
    mia_elsewhere = client_on(settings.BASE_DOMAIN, mia)
    shared_browser = client_on(alpha, mia)
    _response, _host, path = enter(client_on(settings.BASE_DOMAIN, alice), "alpha")
    shared_browser.get(path)
    assert signed_in_as(shared_browser) == str(alice.pk)
    assert mia_elsewhere.get("/workspaces/").status_code == 200


# --- Sign-up ------------------------------------------------------------------------------------


def test_sign_up_lands_in_the_new_workspace_signed_in(client_on):
    public = client_on(settings.BASE_DOMAIN)
    public.cookies["django_language"] = "en"
    response = public.post(
        "/signup/",
        {
            "workspace_name": "Les Ateliers <b>Réunis</b>",
            "slug": "ateliers-handoff",
            "full_name": "Nadia Roux",
            "email": "nadia@handoff.test",
            "password": "a long enough passphrase",
        },
    )
    url = urlsplit(response["Location"])
    assert url.netloc == "ateliers-handoff.localhost"
    workspace = client_on(url.netloc)
    workspace.cookies["django_language"] = "en"
    page = workspace.get(f"{url.path}?{url.query}", follow=True)
    assert page.redirect_chain[-1][0] == "/"
    html = page.content.decode()
    assert "Les Ateliers &lt;b&gt;Réunis&lt;/b&gt;" in html and "<b>Réunis</b>" not in html
    assert "is ready" in html
    assert workspace.get("/settings/").status_code == 200  # admin of it, no password asked


# --- Two-factor ---------------------------------------------------------------------------------


def test_a_confirmed_session_arrives_confirmed(client_on, alpha, alice):
    alpha.require_two_factor = True
    alpha.save(update_fields=["require_two_factor"])
    public = client_on(settings.BASE_DOMAIN, alice)
    device = confirm_two_factor(public, alice)
    _response, _host, path = enter(public, "alpha")
    client = client_on(alpha)
    assert client.get(path)["Location"] == "/"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get("/contacts/").status_code == 200


def test_an_unconfirmed_session_is_asked_for_the_code_on_arrival(client_on, alpha, alice):
    device, _codes = enable_two_factor(alice)
    public = client_on(settings.BASE_DOMAIN, alice)  # signed in, not confirmed by a code
    _response, _host, path = enter(public, "alpha")
    client = client_on(alpha)
    response = client.get(path)
    assert response["Location"] == "/accounts/login/code/?next=%2F"
    assert signed_in_as(client) is None
    assert client.get("/")["Location"].startswith("/accounts/login/")
    client.post("/accounts/login/code/?next=/", {"code": code_for(device, 1)})
    assert signed_in_as(client) == str(alice.pk)
    assert client.get("/").status_code == 200


def test_a_handoff_never_confirms_with_another_persons_device(client_on, alpha, alice, mia):
    enable_two_factor(alice)
    other_device, _codes = enable_two_factor(mia)
    token = handoffs.handoff_create(user=alice, workspace=alpha, device=other_device)
    client = client_on(alpha)
    response = client.get(f"/accounts/handoff/?token={token}")
    assert response["Location"].startswith("/accounts/login/code/")
    assert signed_in_as(client) is None


# --- Signing out ends every session --------------------------------------------------------------


def test_signing_out_on_one_host_ends_the_sessions_on_the_others(client_on, alpha, beta, alice):
    Membership.objects.create(workspace=beta, user=alice, role="member")
    public = client_on(settings.BASE_DOMAIN, alice)
    on_beta = client_on(beta, alice)
    on_alpha = client_on(alpha, alice)
    assert on_alpha.post("/accounts/logout/").status_code == 302
    assert public.get("/workspaces/")["Location"].startswith("/accounts/login/")
    assert on_beta.get("/")["Location"].startswith("/accounts/login/")
    assert on_alpha.get("/")["Location"].startswith("/accounts/login/")
    again = client_on(alpha)
    again.post("/accounts/login/", {"username": "alice@alpha.test", "password": PASSWORD})
    assert again.get("/").status_code == 200


def test_signing_out_voids_a_handoff_on_its_way(client_on, alpha, alice):
    public = client_on(settings.BASE_DOMAIN, alice)
    _response, _host, path = enter(public, "alpha")
    public.post("/accounts/logout/")
    client = client_on(alpha)
    client.get(path)
    assert signed_in_as(client) is None


def test_changing_ones_password_keeps_ones_own_session(client_on, alpha, alice):
    client = client_on(alpha, alice)
    client.post("/accounts/logout/")  # the generation moved once: sessions still check it
    client = client_on(alpha)
    client.post("/accounts/login/", {"username": "alice@alpha.test", "password": PASSWORD})
    response = client.post(
        "/accounts/password/change/",
        {
            "old_password": PASSWORD,
            "new_password1": "another long passphrase 2026",
            "new_password2": "another long passphrase 2026",
        },
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200
