"""Security headers on every kind of response: pages, fragments, errors, both hosts, the admin."""

import pytest
from django.conf import settings
from django.test import Client

from contacts.models import Contact
from tests.conftest import confirm_two_factor

pytestmark = pytest.mark.django_db

STRICT_DIRECTIVES = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self' localhost:* *.localhost:*",
]


def assert_secure_headers(response):
    policy = response.get("Content-Security-Policy", "")
    for directive in STRICT_DIRECTIVES:
        assert directive in policy, (directive, policy)
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "camera=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def assert_not_cached(response):
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives, response["Cache-Control"]


def test_full_page_of_a_workspace(client_on, alpha, alice):
    response = client_on(alpha, alice).get("/")
    assert response.status_code == 200
    assert_secure_headers(response)
    assert_not_cached(response)


def test_htmx_fragment(client_on, alpha, alice):
    response = client_on(alpha, alice).get("/contacts/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert_secure_headers(response)
    assert_not_cached(response)


def test_csv_export_is_never_cached(client_on, alpha, alice):
    with alpha:
        Contact.objects.create(first_name="Ada", last_name="Lovelace")
    response = client_on(alpha, alice).get("/contacts/export/")
    assert response.status_code == 200
    assert_secure_headers(response)
    assert_not_cached(response)


def test_not_found_in_a_workspace(client_on, alpha, alice):
    response = client_on(alpha, alice).get("/contacts/999999/")
    assert response.status_code == 404
    assert_secure_headers(response)
    assert_not_cached(response)


def test_not_found_for_an_unknown_host(client_on):
    response = client_on(f"nowhere.{settings.BASE_DOMAIN}").get("/")
    assert response.status_code == 404
    assert_secure_headers(response)


def test_forbidden(client_on, alpha, val):
    response = client_on(alpha, val).post("/contacts/new/", {"first_name": "X"})
    assert response.status_code == 403
    assert_secure_headers(response)


def test_server_error(client_on, alpha, alice, monkeypatch):
    def broken(request):
        raise RuntimeError("boom")

    monkeypatch.setattr("workspaces.views.dashboard_context", broken)
    client = client_on(alpha, alice)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert b"style=" not in response.content
    assert_secure_headers(response)


def test_public_host_pages(public_client):
    for path in ["/", "/signup/", "/accounts/login/", "/accounts/password/reset/"]:
        response = public_client.get(path)
        assert response.status_code == 200, path
        assert_secure_headers(response)


def test_anonymous_pages_are_not_marked_private(public_client):
    response = public_client.get("/signup/")
    assert "private" not in response.get("Cache-Control", "")


def test_admin(db):
    from accounts.models import User

    operator = User.objects.create_superuser("op-headers@example.com", "pw")
    client = Client(HTTP_HOST=settings.BASE_DOMAIN)
    assert_secure_headers(client.get("/admin/login/"))
    client.force_login(operator)
    confirm_two_factor(client, operator)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert_secure_headers(response)
    assert_not_cached(response)


def test_pages_carry_no_inline_script_or_style(client_on, alpha, alice):
    client = client_on(alpha, alice)
    for path in ["/", "/contacts/", "/organisations/", "/opportunities/board/", "/settings/"]:
        page = client.get(path).content.decode()
        assert "<script>" not in page and "style=" not in page and "<style" not in page, path
        assert 'name="htmx-config"' in page


def test_locked_sign_in_page(client_on, alpha):
    client = client_on(alpha)
    for _ in range(5):
        response = client.post(
            "/accounts/login/", {"username": "alice@alpha.test", "password": "x"}
        )
    assert response.status_code == 429
    assert_secure_headers(response)
