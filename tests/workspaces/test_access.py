"""Who sees what: the one access check every workspace-host view goes through."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_member_sees_their_workspace_dashboard(client_on, alpha, alice):
    response = client_on(alpha, alice).get("/")
    assert response.status_code == 200
    assert "Alpha Conseil" in response.content.decode()


def test_anonymous_visitor_is_sent_to_the_login_page_of_that_host(client_on, alpha):
    response = client_on(alpha).get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_anonymous_htmx_request_is_redirected_by_htmx(client_on, alpha):
    response = client_on(alpha).get("/", HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == "/accounts/login/?next=/"


def test_member_of_another_workspace_gets_404_without_a_hint(client_on, alpha, bob):
    response = client_on(alpha, bob).get("/")
    assert response.status_code == 404
    assert "Alpha" not in response.content.decode()


def test_non_member_404_is_the_same_page_as_an_unknown_host(client_on, alpha, bob):
    stranger = client_on(alpha, bob).get("/").content
    unknown = client_on("nowhere.localhost", bob).get("/").content
    assert stranger == unknown


def test_unknown_host_is_a_plain_404_never_a_500(client_on):
    response = client_on("does-not-exist.localhost").get("/accounts/login/")
    assert response.status_code == 404


def test_viewer_can_read_but_not_write(client_on, alpha, val):
    client = client_on(alpha, val)
    assert client.get("/").status_code == 200
    assert client.post("/").status_code == 403


def test_viewer_may_still_change_their_own_password_and_sign_out(client_on, alpha, val):
    client = client_on(alpha, val)
    response = client.post(
        "/accounts/password/change/",
        {"old_password": "wrong", "new_password1": "x", "new_password2": "x"},
    )
    assert response.status_code == 200  # the form answers (with errors), not a 403
    assert client.post("/accounts/logout/").status_code == 302


def test_each_workspace_shows_only_its_own_name(client_on, alpha, beta, alice, bob):
    alpha_page = client_on(alpha, alice).get("/").content.decode()
    beta_page = client_on(beta, bob).get("/").content.decode()
    assert "Alpha Conseil" in alpha_page and "Beta Studio" not in alpha_page
    assert "Beta Studio" in beta_page and "Alpha Conseil" not in beta_page


def test_workspace_switcher_lists_only_the_persons_workspaces(client_on, alpha, beta, alice):
    page = client_on(alpha, alice).get("/").content.decode()
    assert "Alpha Conseil" in page
    assert "Beta Studio" not in page and "/workspaces/beta/" not in page


def test_each_workspace_has_its_own_schema_with_its_own_tables(alpha, beta):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema FROM information_schema.tables "
            "WHERE table_name = 'django_migrations' AND table_schema IN ('alpha', 'beta')"
        )
        assert sorted(row[0] for row in cursor.fetchall()) == ["alpha", "beta"]


def test_rows_written_in_one_schema_are_invisible_from_the_other(alpha, beta):
    # Until the CRM objects land, django_content_type is a tenant table present in both schemas.
    from django.contrib.contenttypes.models import ContentType

    with alpha:
        ContentType.objects.create(app_label="isolation", model="onlyinalpha")
    with beta:
        assert not ContentType.objects.filter(app_label="isolation").exists()
    with alpha:
        assert ContentType.objects.filter(app_label="isolation").exists()
