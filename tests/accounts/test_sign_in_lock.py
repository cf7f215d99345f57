"""Sign-in lock (django-axes): 5 failures lock an account and an IP address, on every host.

Before the lock, a delay: after the 3rd failure a try is refused for 5 s, after the 4th for
15 s. The lock is lifted by a password reset, by an operator, or 15 minutes after the last
try. Password-reset emails are limited per address and per IP address.
"""

import logging
import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.core import mail
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from accounts.sign_in_lock import delay_after
from tests.conftest import PASSWORD, confirm_two_factor

pytestmark = pytest.mark.django_db

LOCK_TEXT = "Connexion bloquée"


def wait_out_the_delay():
    """Move the recorded failures back in time by the longest delay, as if the person had
    waited before trying again (the delay is counted from the last failure)."""
    longest = max(delay_after(n) for n in range(settings.AXES_FAILURE_LIMIT))
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(seconds=longest))


def sign_in(client, email, password, **extra):
    """A try by a patient person, who waits out the delay before each one (see below for
    the delay itself)."""
    wait_out_the_delay()
    return try_now(client, email, password, **extra)


def try_now(client, email, password, **extra):
    return client.post("/accounts/login/", {"username": email, "password": password}, **extra)


def fail(client, email, times, **extra):
    return [sign_in(client, email, "wrong password", **extra) for _ in range(times)]


# --- The delay before the lock ---------------------------------------------------------------


def test_after_three_failures_the_next_try_waits_5_seconds(client_on, alpha, caplog):
    client = client_on(alpha)
    assert [r.status_code for r in fail(client, "alice@alpha.test", 3)] == [200] * 3
    with caplog.at_level(logging.INFO, logger="accounts.views"):
        response = try_now(client, "alice@alpha.test", PASSWORD)
    assert response.status_code == 429
    assert response["Retry-After"] in {"4", "5"}
    page = response.content.decode()
    assert "Trop d’échecs de connexion : réessayez dans" in page and "secondes" in page
    assert 'value="alice@alpha.test"' in page  # the address stays typed
    assert "s to wait" in caplog.text
    # A refused try is not a failure: the count stays at 3.
    assert AccessAttempt.objects.get(username="alice@alpha.test").failures_since_start == 3
    # Five seconds later, the right password signs in.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(seconds=5))
    assert try_now(client, "alice@alpha.test", PASSWORD).status_code == 302


def test_the_delay_grows_then_the_lock_comes(client_on, alpha):
    client = client_on(alpha)
    fail(client, "alice@alpha.test", 4)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(seconds=6))
    response = try_now(client, "alice@alpha.test", "wrong password")
    assert response.status_code == 429 and int(response["Retry-After"]) in range(8, 10)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(seconds=10))
    response = try_now(client, "alice@alpha.test", "wrong password")  # the 5th failure
    assert response.status_code == 429 and LOCK_TEXT in response.content.decode()
    assert "Retry-After" not in response


def test_the_delay_holds_per_ip_address_too(client_on, alpha):
    client = client_on(alpha)
    for n in range(3):
        sign_in(client, f"guess{n}@alpha.test", "wrong password")
    assert try_now(client, "alice@alpha.test", PASSWORD).status_code == 429
    other = client_on(alpha)
    assert try_now(other, "alice@alpha.test", PASSWORD, REMOTE_ADDR="10.1.2.3").status_code == 302


def test_the_first_failures_wait_for_nothing(client_on, alpha):
    client = client_on(alpha)
    responses = [try_now(client, "alice@alpha.test", "wrong password") for _ in range(3)]
    assert [r.status_code for r in responses] == [200] * 3
    assert [delay_after(n) for n in range(7)] == [0, 0, 0, 5, 15, 0, 0]


def test_the_delay_is_said_in_english_too(client_on, alpha):
    client = client_on(alpha)
    fail(client, "alice@alpha.test", 3)
    response = try_now(client, "alice@alpha.test", PASSWORD, HTTP_ACCEPT_LANGUAGE="en")
    assert "Too many failed sign-ins: try again in" in response.content.decode()


# --- The lock ---------------------------------------------------------------------------------


def test_five_failures_lock_the_account_even_with_the_right_password(client_on, alpha, caplog):
    client = client_on(alpha)
    with caplog.at_level(logging.INFO, logger="axes"):
        responses = fail(client, "alice@alpha.test", 5)
    assert [r.status_code for r in responses[:4]] == [200] * 4
    assert responses[4].status_code == 429
    assert LOCK_TEXT in responses[4].content.decode()
    assert "alice@alpha.test" in caplog.text  # each failure is logged with the address

    response = sign_in(client, "alice@alpha.test", PASSWORD)
    assert response.status_code == 429
    assert "15 minutes" in response.content.decode()
    assert client.get("/").status_code == 302  # still signed out
    assert AccessFailureLog.objects.filter(username="alice@alpha.test").count() >= 5


def test_four_failures_then_the_right_password_signs_in(client_on, alpha):
    client = client_on(alpha)
    fail(client, "alice@alpha.test", 4)
    assert sign_in(client, "alice@alpha.test", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="alice@alpha.test").exists()


def test_the_address_is_compared_without_case(client_on, alpha):
    client = client_on(alpha)
    fail(client, "Alice@Alpha.test", 3)
    fail(client, "ALICE@alpha.TEST", 2)
    assert sign_in(client, "alice@alpha.test", PASSWORD).status_code == 429


def test_failures_on_every_host_count_together(client_on, alpha, beta):
    fail(client_on(settings.BASE_DOMAIN), "alice@alpha.test", 2)
    fail(client_on(beta), "alice@alpha.test", 3)
    assert sign_in(client_on(alpha), "alice@alpha.test", PASSWORD).status_code == 429


def test_one_ip_address_trying_many_accounts_is_locked(client_on, alpha):
    client = client_on(alpha)
    for n in range(5):
        sign_in(client, f"guess{n}@alpha.test", "wrong password")
    assert sign_in(client, "alice@alpha.test", PASSWORD).status_code == 429
    # Another address signs in: the lock is on the first address's IP, not on alice's account.
    other = client_on(alpha)
    assert sign_in(other, "alice@alpha.test", PASSWORD, REMOTE_ADDR="10.1.2.3").status_code == 302


def test_the_admin_login_is_the_locked_public_login(client_on):
    public = client_on(settings.BASE_DOMAIN)
    response = public.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/admin/")
    User.objects.create_superuser("ops-lock@carnet.test", "operator passphrase")
    fail(public, "ops-lock@carnet.test", 5)
    assert sign_in(public, "ops-lock@carnet.test", "operator passphrase").status_code == 429


def test_the_lock_ends_15_minutes_after_the_last_try(client_on, alpha):
    client = client_on(alpha)
    fail(client, "alice@alpha.test", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert sign_in(client, "alice@alpha.test", PASSWORD).status_code == 302


def test_a_password_reset_unlocks_the_account(client_on, alpha):
    client = client_on(alpha)
    fail(client, "alice@alpha.test", 5)
    client.post("/accounts/password/reset/", {"email": "alice@alpha.test"})
    link = re.search(r"http://alpha\.localhost(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    form_page = client.get(link.group(1), follow=True)
    new = "a fresh passphrase after the lock"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert sign_in(client, "alice@alpha.test", new).status_code == 302


def test_an_operator_unlocks_an_account_from_the_admin(client_on, alpha, alice):
    fail(client_on(alpha), "alice@alpha.test", 5)
    operator = User.objects.create_superuser("ops-unlock@carnet.test", "x")
    admin = client_on(settings.BASE_DOMAIN, operator)
    confirm_two_factor(admin, operator)
    response = admin.post(
        "/admin/accounts/user/",
        {"action": "unlock_sign_in", "_selected_action": [alice.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert not AccessAttempt.objects.filter(username="alice@alpha.test").exists()
    assert sign_in(client_on(alpha), "alice@alpha.test", PASSWORD).status_code == 302


def test_operators_see_the_locks_in_the_admin(client_on, alpha):
    fail(client_on(alpha), "alice@alpha.test", 5)
    operator = User.objects.create_superuser("ops-see@carnet.test", "x")
    admin = client_on(settings.BASE_DOMAIN, operator)
    confirm_two_factor(admin, operator)
    page = admin.get("/admin/axes/accessattempt/").content.decode()
    assert "alice@alpha.test" in page


# --- Password reset ------------------------------------------------------------------------------


def test_at_most_three_reset_emails_per_address_an_hour(client_on, alpha):
    client = client_on(alpha)
    responses = [
        client.post("/accounts/password/reset/", {"email": "alice@alpha.test"}) for _ in range(5)
    ]
    assert len(mail.outbox) == 3
    # The page says the same whatever happened.
    assert {r.status_code for r in responses} == {302}
    assert {r["Location"] for r in responses} == {"/accounts/password/reset/sent/"}
    page = client.get("/accounts/password/reset/sent/").content.decode()
    assert "3" in page


def test_reset_requests_are_limited_per_ip_address(client_on, alpha):
    client = client_on(alpha)
    for n in range(settings.PASSWORD_RESET_LIMIT_PER_IP):
        client.post("/accounts/password/reset/", {"email": f"nobody{n}@x.test"})
    client.post("/accounts/password/reset/", {"email": "alice@alpha.test"})
    assert mail.outbox == []
    client.post("/accounts/password/reset/", {"email": "alice@alpha.test"}, REMOTE_ADDR="10.9.8.7")
    assert len(mail.outbox) == 1
