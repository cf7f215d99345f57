"""Two-factor authentication: set-up, sign-in with a code or a recovery code, workspaces that
require it, and the operators' admin that always does."""

import time

import pytest
from django.conf import settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import User
from tests.conftest import PASSWORD, confirm_two_factor

pytestmark = pytest.mark.django_db


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the authenticator app shows (a later one, since each code is used once)."""
    left = device.step - time.time() % device.step
    if left < 2:  # a code checked after it changed would make the server record a drift
        time.sleep(left + 0.1)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def enable_two_factor(user) -> tuple[TOTPDevice, list[str]]:
    device = two_factor.totp_device_start(user=user)
    codes = two_factor.totp_device_confirm(device=device, code=code_for(device))
    device.refresh_from_db()
    return device, codes


def sign_in(client, email, password=PASSWORD, next_url="/"):
    return client.post(
        f"/accounts/login/?next={next_url}", {"username": email, "password": password}
    )


# --- Set-up ---------------------------------------------------------------------------------------


def test_set_up_shows_a_qr_code_and_the_key_then_turns_on_with_a_code(client_on, alpha, alice):
    client = client_on(alpha, alice)
    page = client.get("/accounts/two-factor/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "<path" in html  # the QR code, drawn by the app itself
    assert "http" not in html.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org", ""
    )  # nothing fetched from elsewhere
    device = TOTPDevice.objects.get(user=alice, confirmed=False)
    assert page.context["secret"].replace(" ", "") in html.replace(" ", "")

    response = client.post("/accounts/two-factor/", {"code": code_for(device)})

    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10 and all(code in response.content.decode() for code in codes)
    device.refresh_from_db()
    assert device.confirmed and two_factor.two_factor_enabled(alice)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_a_wrong_code_does_not_turn_it_on(client_on, alpha, alice):
    client = client_on(alpha, alice)
    client.get("/accounts/two-factor/")
    response = client.post("/accounts/two-factor/", {"code": "000000"})
    assert response.status_code == 200 and response.context["form"].errors
    assert not two_factor.two_factor_enabled(alice)


def test_the_account_menu_links_to_two_factor(client_on, alpha, alice):
    assert "/accounts/two-factor/" in client_on(alpha, alice).get("/").content.decode()


def test_the_key_is_offered_on_the_public_host_too(public_client, alice):
    public_client.force_login(alice)
    assert public_client.get("/accounts/two-factor/").status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(public_client):
    response = public_client.get("/accounts/two-factor/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_turning_off_needs_a_current_code(client_on, alpha, alice):
    device, _codes = enable_two_factor(alice)
    client = client_on(alpha, alice)
    client.post("/accounts/two-factor/", {"code": "123456", "action": "disable"})
    assert two_factor.two_factor_enabled(alice)
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code makes the next try wait a second
    client.post("/accounts/two-factor/", {"code": code_for(device, 1), "action": "disable"})
    assert not two_factor.two_factor_enabled(alice)


def test_new_recovery_codes_replace_the_old_ones(client_on, alpha, alice):
    device, old = enable_two_factor(alice)
    client = client_on(alpha, alice)
    response = client.post("/accounts/two-factor/", {"code": code_for(device, 1), "action": "x"})
    new = response.context["codes"]
    assert set(new).isdisjoint(old)
    assert set(StaticToken.objects.filter(device__user=alice).values_list("token", flat=True)) == (
        set(new)
    )


# --- Signing in -----------------------------------------------------------------------------------


def test_sign_in_asks_for_the_code_after_the_password(client_on, alpha, alice):
    device, _codes = enable_two_factor(alice)
    client = client_on(alpha)

    response = sign_in(client, "alice@alpha.test")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/code/?next=%2F"
    assert client.get("/").status_code == 302  # not signed in yet
    page = client.get(response["Location"])
    assert page.status_code == 200 and 'autocomplete="one-time-code"' in page.content.decode()

    done = client.post(response["Location"], {"code": code_for(device, 1), "next": "/"})

    assert done.status_code == 302 and done["Location"] == "/"
    assert client.get("/").status_code == 200
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_a_wrong_code_signs_nobody_in(client_on, alpha, alice):
    enable_two_factor(alice)
    client = client_on(alpha)
    sign_in(client, "alice@alpha.test")
    response = client.post("/accounts/login/code/", {"code": "000000"})
    assert response.status_code == 200 and response.context["form"].errors
    assert client.get("/").status_code == 302


def test_a_recovery_code_signs_in_once(client_on, alpha, alice):
    _device, codes = enable_two_factor(alice)
    client = client_on(alpha)
    sign_in(client, "alice@alpha.test")
    response = client.post("/accounts/login/code/", {"code": codes[0].upper(), "next": "/"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert two_factor.recovery_codes_left(alice) == 9

    again = client_on(alpha)
    sign_in(again, "alice@alpha.test")
    response = again.post("/accounts/login/code/", {"code": codes[0], "next": "/"})
    assert response.status_code == 200
    assert again.get("/").status_code == 302


def test_the_code_step_expires(client_on, alpha, alice):
    device, _codes = enable_two_factor(alice)
    client = client_on(alpha)
    sign_in(client, "alice@alpha.test")
    session = client.session
    session["two_factor_pending"]["at"] -= 301
    session.save()
    response = client.post("/accounts/login/code/", {"code": code_for(device, 1)})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.get("/").status_code == 302


def test_the_code_step_without_a_password_goes_back_to_sign_in(client_on, alpha):
    response = client_on(alpha).get("/accounts/login/code/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_without_two_factor_the_password_is_enough(client_on, alpha):
    client = client_on(alpha)
    assert sign_in(client, "alice@alpha.test")["Location"] == "/"


# --- A workspace that requires it -----------------------------------------------------------------


@pytest.fixture
def strict_alpha(alpha):
    alpha.require_two_factor = True
    alpha.save(update_fields=["require_two_factor"])
    return alpha


def test_a_member_without_two_factor_is_sent_to_set_it_up(client_on, strict_alpha, mia):
    client = client_on(strict_alpha, mia)
    response = client.get("/contacts/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/?next=%2Fcontacts%2F"
    page = client.get(response["Location"])
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=mia, confirmed=False)
    client.post("/accounts/two-factor/", {"code": code_for(device), "next": "/contacts/"})
    assert client.get("/contacts/").status_code == 200


def test_a_member_with_two_factor_confirms_an_old_session_with_a_code(client_on, strict_alpha, mia):
    device, _codes = enable_two_factor(mia)
    client = client_on(strict_alpha, mia)  # a session opened without a code
    response = client.get("/")
    assert response["Location"] == "/accounts/login/code/?next=%2F"
    client.post("/accounts/login/code/", {"code": code_for(device, 1)})
    assert client.get("/").status_code == 200


def test_htmx_requests_are_redirected_by_htmx(client_on, strict_alpha, mia):
    response = client_on(strict_alpha, mia).get("/contacts/", HTTP_HX_REQUEST="true")
    assert response.headers["HX-Redirect"].startswith("/accounts/two-factor/")


def test_strangers_still_get_404(client_on, strict_alpha, bob):
    assert client_on(strict_alpha, bob).get("/").status_code == 404


def test_signing_out_stays_possible(client_on, strict_alpha, mia):
    client = client_on(strict_alpha, mia)
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_other_workspaces_are_not_affected(client_on, strict_alpha, beta, bob):
    assert client_on(beta, bob).get("/").status_code == 200


def test_a_full_sign_in_on_a_strict_workspace(client_on, strict_alpha, alice):
    device, _codes = enable_two_factor(alice)
    client = client_on(strict_alpha)
    response = sign_in(client, "alice@alpha.test", next_url="/contacts/")
    client.post(response["Location"], {"code": code_for(device, 1), "next": "/contacts/"})
    assert client.get("/contacts/").status_code == 200


# --- The operators' admin -------------------------------------------------------------------------


@pytest.fixture
def operator(db):
    return User.objects.create_superuser("ops-2fa@carnet.test", "operator passphrase 1")


def test_an_operator_without_two_factor_is_sent_to_set_it_up(public_client, operator):
    public_client.force_login(operator)
    response = public_client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/two-factor/?next=%2Fadmin%2F"


def test_an_operator_signs_in_to_the_admin_with_a_code(public_client, operator):
    device, _codes = enable_two_factor(operator)
    response = public_client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/?next=/admin/")
    response = public_client.post(
        "/accounts/login/?next=/admin/",
        {"username": operator.email, "password": "operator passphrase 1"},
    )
    assert response["Location"] == "/accounts/login/code/?next=%2Fadmin%2F"
    assert public_client.get("/admin/").status_code == 302  # password alone is not enough
    public_client.post(response["Location"], {"code": code_for(device, 1), "next": "/admin/"})
    assert public_client.get("/admin/").status_code == 200


def test_a_verified_operator_uses_the_admin(public_client, operator):
    public_client.force_login(operator)
    confirm_two_factor(public_client, operator)
    assert public_client.get("/admin/").status_code == 200


def test_non_operators_never_reach_the_admin(public_client, alice):
    enable_two_factor(alice)
    public_client.force_login(alice)
    confirm_two_factor(public_client, alice)
    assert public_client.get("/admin/").status_code in (302, 403)
    assert public_client.get("/admin/login/").status_code == 403


def test_operators_can_remove_a_lost_device_in_the_admin(client_on, operator, alice):
    enable_two_factor(alice)
    admin = client_on(settings.BASE_DOMAIN, operator)
    confirm_two_factor(admin, operator)
    assert admin.get("/admin/otp_totp/totpdevice/").status_code == 200
