"""A person turns two-factor authentication on with the key shown on the page, signs out, and
signs in again with a code; an operator does the same to reach the admin. No CSP violation."""

import base64
import re
import time

import pytest
from django.conf import settings
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, ViolationWatch

pytestmark = pytest.mark.browser


def code_from_secret(secret: str, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for the key typed from the page (or a later code)."""
    key = secret.replace(" ", "").upper()
    generator = TOTP(base64.b32decode(key + "=" * (-len(key) % 8)), step=30)
    wait_clear_of_a_step_change()
    generator.time = time.time() + steps_ahead * 30
    return f"{generator.token():06d}"


def wait_clear_of_a_step_change(margin: float = 3.0) -> None:
    """Codes change every 30 s; a code typed as it changes is checked one step late, and the
    server then remembers the phone as late (django-otp's drift): start clear of a change."""
    left = 30 - time.time() % 30
    if left < margin:
        time.sleep(left + 0.1)


def set_up_two_factor(page) -> str:
    """On the two-factor page: read the key, confirm with a code, keep the recovery codes."""
    expect(page.get_by_role("heading", name="Double authentification")).to_be_visible()
    expect(page.locator(".two-factor__qr svg")).to_be_visible()
    secret = page.locator("#totp-secret").inner_text()
    page.fill("input[name=code]", code_from_secret(secret))
    page.get_by_role("button", name="Activer").click()
    expect(page.get_by_role("heading", name="Vos codes de secours")).to_be_visible()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    return secret


def test_turn_on_two_factor_sign_out_and_sign_in_with_a_code(page, journey):
    watch = ViolationWatch(page)
    journey.login(page)
    expect(page.get_by_role("heading", name="Tableau de bord")).to_be_visible()

    page.locator("summary.menu__toggle", has_text="Agnès").click()
    page.get_by_role("link", name="Double authentification").click()
    secret = set_up_two_factor(page)
    page.get_by_role("link", name="Je les ai enregistrés").click()
    expect(page.get_by_role("heading", name="Tableau de bord")).to_be_visible()

    page.locator("summary.menu__toggle", has_text="Agnès").click()
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("heading", name="Se connecter")).to_be_visible()

    journey.login(page)
    expect(page.get_by_role("heading", name="Confirmez que c'est vous")).to_be_visible()
    page.fill("input[name=code]", code_from_secret(secret, steps_ahead=1))
    page.get_by_role("button", name="Confirmer").click()
    expect(page.get_by_role("heading", name="Tableau de bord")).to_be_visible()
    watch.assert_none("two-factor journey")


def test_an_operator_sets_up_two_factor_and_uses_the_admin(page, server_port, django_db_blocker):
    from accounts.models import User

    email = f"ops-{server_port}-{int(time.time())}@journey.test"
    with django_db_blocker.unblock():
        User.objects.create_superuser(email, PASSWORD)
    watch = ViolationWatch(page)
    base = f"http://{settings.BASE_DOMAIN}:{server_port}"

    page.goto(base + "/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/admin/"))
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    # No authenticator yet: the admin sends the operator to set one up first.
    set_up_two_factor(page)
    page.get_by_role("link", name="Je les ai enregistrés").click()
    expect(page).to_have_url(base + "/admin/")
    admin_pages = [
        "/admin/",
        "/admin/workspaces/workspace/",
        "/admin/workspaces/workspace/add/",
        "/admin/accounts/user/",
        "/admin/accounts/user/add/",
        "/admin/axes/accessattempt/",
        "/admin/otp_totp/totpdevice/",
    ]
    for path in admin_pages:
        page.goto(base + path)
        expect(page.locator("#content")).to_be_visible()
        watch.assert_none(path)
