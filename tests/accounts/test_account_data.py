"""A person's own account data (GDPR art. 15, 20): the page and the JSON download."""

import json

import pytest
from django.conf import settings

from activities.models import Note
from contacts.models import Contact
from tests.conftest import PASSWORD, confirm_two_factor

pytestmark = pytest.mark.django_db


def download(client) -> dict:
    response = client.get("/accounts/data/export.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    return json.loads(response.content)


def test_the_account_data_on_the_public_host(client_on, alice):
    client = client_on(settings.BASE_DOMAIN, alice)
    client_on(settings.BASE_DOMAIN).post(
        "/accounts/login/", {"username": "alice@alpha.test", "password": "not it"}
    )
    data = download(client)
    assert data["format"] == "carnet-account-data/1"
    assert data["profile"]["email"] == "alice@alpha.test"
    assert [w["name"] for w in data["workspaces"]] == ["Alpha Conseil"]
    assert data["workspaces"][0]["address"] == "alpha." + settings.BASE_DOMAIN
    assert data["two_factor"] == {"enabled": False, "authenticators": [], "recovery_codes_left": 0}
    assert len(data["sign_in_failures"]) == 1 and data["recent_sign_in_failures"] == 1
    assert data["this_workspace"] is None
    assert PASSWORD not in json.dumps(data) and "password" not in data["profile"]
    # Nobody else's data.
    assert "mia@alpha.test" not in json.dumps(data) and "bob@beta.test" not in json.dumps(data)
    page = client.get("/accounts/data/")
    assert page.status_code == 200
    assert "Alpha Conseil" in page.content.decode() and "Vos données" in page.content.decode()


def test_on_a_workspace_host_it_counts_what_points_at_the_person(client_on, alpha, alice):
    with alpha:
        contact = Contact.objects.create(first_name="Ada", owner=alice)
        Contact.objects.create(first_name="Léon", owner=alice)
        Note.objects.create(contact=contact, text="Vue au salon", author=alice)
    client = client_on(alpha, alice)
    data = download(client)
    links = {
        (link["table"], link["field"]): link["count"] for link in data["this_workspace"]["links"]
    }
    assert links.get(("contacts", "responsable")) == 2, links
    assert links[("notes", "auteur")] == 1
    assert data["this_workspace"]["name"] == "Alpha Conseil"
    assert "Vue au salon" not in json.dumps(data)  # counts, not the workspace's records
    page = client.get("/accounts/data/").content.decode()
    assert "Contacts (responsable) : 2" in page


def test_two_factor_status_is_in_it(client_on, alice):
    client = client_on(settings.BASE_DOMAIN, alice)
    confirm_two_factor(client, alice)
    data = download(client)
    assert data["two_factor"]["enabled"] is True
    assert data["two_factor"]["authenticators"][0]["name"] == "Authenticator"


def test_the_account_menu_links_to_it_and_strangers_get_nothing(client_on, alpha, alice, bob):
    assert 'href="/accounts/data/"' in client_on(alpha, alice).get("/").content.decode()
    assert client_on(alpha, bob).get("/accounts/data/export.json").status_code == 404
    anonymous = client_on(settings.BASE_DOMAIN).get("/accounts/data/export.json")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
