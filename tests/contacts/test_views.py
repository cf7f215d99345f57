"""Contact pages through HTTP: permissions, isolation, HTMX fragments, query counts, CSV."""

import csv
import io

import pytest

from contacts.models import Contact
from labels.models import Label
from organisations.models import Organisation


@pytest.fixture
def dupont(alpha):
    with alpha:
        org = Organisation.objects.create(name="Dupont SAS", city="Lyon")
        elise = Contact.objects.create(
            first_name="Élise", last_name="Müller", email="elise@dupont.fr", organisation=org
        )
        vip = Label.objects.create(name="VIP", colour="red")
        elise.labels.add(vip)
    return {"org": org, "elise": elise, "vip": vip}


def test_member_sees_the_list_and_the_record(client_on, alpha, alice, dupont):
    client = client_on(alpha, alice)
    response = client.get("/contacts/")
    assert response.status_code == 200
    assert "Müller" in response.content.decode()
    response = client.get(f"/contacts/{dupont['elise'].pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "mailto:elise@dupont.fr" in page
    assert "Dupont SAS" in page


def test_search_ignores_accents_and_case(client_on, alpha, alice, dupont):
    client = client_on(alpha, alice)
    assert "Müller" in client.get("/contacts/?q=muller").content.decode()
    assert "Müller" in client.get("/contacts/?q=ELISE mul").content.decode()
    assert "Müller" not in client.get("/contacts/?q=durand").content.decode()


def test_htmx_gets_the_results_fragment_only(client_on, alpha, alice, dupont):
    client = client_on(alpha, alice)
    response = client.get("/contacts/?q=elise", HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert 'id="results"' in page
    assert "<html" not in page
    assert "<html" in client.get("/contacts/?q=elise").content.decode()


def test_sorting_by_a_header_is_kept_by_the_next_search(client_on, alpha, alice, dupont):
    client = client_on(alpha, alice)
    fragment = client.get("/contacts/?sort=-email", HTTP_HX_REQUEST="true").content.decode()
    # The fragment carries the new sort out of band into the search form's hidden field.
    assert 'id="list-sort" value="-email" hx-swap-oob="true"' in fragment
    page = client.get("/contacts/?sort=-email").content.decode()
    assert page.count('id="list-sort"') == 1 and 'value="-email"' in page


def test_create_and_edit_a_contact(client_on, alpha, mia, dupont):
    client = client_on(alpha, mia)
    response = client.post(
        "/contacts/new/",
        {"first_name": "Jean", "last_name": "Durand", "organisation": dupont["org"].pk},
    )
    assert response.status_code == 302, response.content.decode()
    with alpha:
        jean = Contact.objects.get(last_name="Durand")
        assert jean.organisation == dupont["org"]
    response = client.post(
        f"/contacts/{jean.pk}/edit/", {"first_name": "Jean", "last_name": "Dupuis"}
    )
    assert response.status_code == 302
    with alpha:
        jean.refresh_from_db()
        assert jean.last_name == "Dupuis"


def test_csv(client_on, alpha, alice, dupont):
    client = client_on(alpha, alice)
    response = client.get("/contacts/export/?q=elise")
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[1][:3] == ["Élise", "Müller", "elise@dupont.fr"]
