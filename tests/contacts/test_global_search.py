"""The global search page: enabled objects only, accent-blind, bounded."""

from contacts.models import Contact
from organisations.models import Organisation
from workspaces.models import ObjectSetting


def test_search_finds_contacts_and_organisations_without_accents(client_on, alpha, alice):
    with alpha:
        Organisation.objects.create(name="Études Hélène")
        Contact.objects.create(first_name="Hélène", last_name="Noël")
    page = client_on(alpha, alice).get("/search/?q=helene").content.decode()
    assert "Études Hélène" in page
    assert "Hélène Noël" in page


def test_search_leaves_out_disabled_objects(client_on, alpha, alice):
    with alpha:
        Organisation.objects.create(name="Hélène Conseil")
        Contact.objects.create(first_name="Hélène", last_name="Noël")
    ObjectSetting.objects.update_or_create(
        workspace=alpha, object="organisation", defaults={"enabled": False}
    )
    page = client_on(alpha, alice).get("/search/?q=helene").content.decode()
    assert "Hélène Conseil" not in page
    assert "Hélène Noël" in page


def test_search_queries_are_bounded(client_on, alpha, alice, django_assert_max_num_queries):
    with alpha:
        Contact.objects.bulk_create(Contact(first_name=f"Hélène {i}") for i in range(30))
    client = client_on(alpha, alice)
    with django_assert_max_num_queries(
        14
    ):  # +1: the menu counts due tasks; +1: the notifications bell
        response = client.get("/search/?q=helene")
    assert response.content.decode().count("Hélène ") >= 10


def test_htmx_search_returns_the_results_fragment(client_on, alpha, alice):
    response = client_on(alpha, alice).get("/search/?q=x", HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()
    assert 'id="search-results"' in response.content.decode()


def test_search_never_shows_another_workspaces_records(client_on, alpha, beta, alice, bob):
    with beta:
        Organisation.objects.create(name="Secret Bêta SARL")
        Contact.objects.create(first_name="Zoé", last_name="Secrète", email="zoe@beta.test")
    for q in ("secret", "zoe@beta.test"):
        assert "Secr" not in client_on(alpha, alice).get(f"/search/?q={q}").content.decode()
    assert "Secret Bêta SARL" in client_on(beta, bob).get("/search/?q=secret").content.decode()
