"""Click-to-edit of one field on a record page (records.inline_edit): the same form, services,
locking and history as the full edit form; writers only; ids of the workspace only."""

import re

import pytest

from activities.history_models import ContactEvent, ProspectEvent
from contacts.models import Contact
from contacts.services import contact_update
from labels.models import Label
from opportunities.models import Opportunity
from organisations.models import Organisation
from prospects.models import Prospect
from records.custom_field_services import custom_field_create
from records.custom_fields import FieldType
from tests.opportunities.factories import opportunity
from workspaces.object_settings_services import object_setting_update

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def ada(alpha):
    with alpha:
        return Contact.objects.create(
            first_name="Ada", last_name="Lovelace", email="ada@example.com", phone="0102030405"
        )


def opened(client, url: str) -> dict:
    """The hidden and text inputs of the one-field form, as the fragment gives them."""
    response = client.get(url, **HTMX)
    assert response.status_code == 200
    page = response.content.decode()
    # An input without a value attribute posts an empty value, as a browser does.
    fields = {
        name: value
        for name, value in re.findall(
            r'<input type="[a-z]+" name="([\w-]+)"(?: value="([^"]*)")?', page
        )
    }
    fields.pop("csrfmiddlewaretoken", None)
    return fields


def test_a_writer_sees_an_edit_affordance_per_field_that_works_without_javascript(
    client_on, alpha, mia, ada
):
    page = client_on(alpha, mia).get(f"/contacts/{ada.pk}/").content.decode()
    # Without JavaScript: a link to the full form, at the field; with it, the fragment.
    assert f'href="/contacts/{ada.pk}/edit/#id_phone"' in page
    assert f'hx-get="/contacts/{ada.pk}/field/phone/"' in page
    assert "Modifier « Téléphone »" in page  # the field's name, for screen readers
    response = client_on(alpha, mia).get(f"/contacts/{ada.pk}/field/phone/")
    assert response.status_code == 302
    assert response["Location"] == f"/contacts/{ada.pk}/edit/#id_phone"


def test_the_fragment_is_a_one_field_form_with_the_record_version(client_on, alpha, mia, ada):
    fields = opened(client_on(alpha, mia), f"/contacts/{ada.pk}/field/phone/")
    with alpha:
        version = Contact.objects.get(pk=ada.pk).version
    assert fields == {"version": version, "phone": "0102030405", "initial-phone": "0102030405"}


def test_enter_saves_the_field_through_the_service_and_the_history_says_record_page(
    client_on, alpha, mia, ada
):
    client = client_on(alpha, mia)
    url = f"/contacts/{ada.pk}/field/phone/"
    response = client.post(url, opened(client, url) | {"phone": "0611223344"}, **HTMX)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="field-phone"' in page and '<a href="tel:0611223344">' in page
    assert f'hx-get="{url}"' in page  # editable again
    assert "<form" not in page
    # The record page's timeline is told to show the new history line (it listens for it).
    assert "record-changed" in response["HX-Trigger"]
    record_page = client.get(f"/contacts/{ada.pk}/").content.decode()
    assert 'hx-trigger="record-changed from:body"' in record_page
    # The page's title and banner follow, out of band.
    banner = page.split('<div id="record-banner" class="record-banner" hx-swap-oob="true">')[1]
    assert '<a href="tel:0611223344">0611223344</a>' in banner
    assert '<h1 id="record-title" hx-swap-oob="true">Ada Lovelace</h1>' in page
    with alpha:
        saved = Contact.objects.get(pk=ada.pk)
        assert (saved.phone, saved.first_name, saved.email) == (
            "0611223344",
            "Ada",
            "ada@example.com",
        )
        event = ContactEvent.objects.filter(pgh_obj_id=ada.pk, pgh_label="update").get()
    assert event.pgh_context == {"user": mia.pk, "channel": "inline"}
    timeline = client.get(f"/contacts/{ada.pk}/?kind=history").content.decode()
    assert "Téléphone : 0102030405 → 0611223344" in timeline
    assert " · fiche · " in timeline  # the channel: « record page »


def test_saving_without_javascript_goes_back_to_the_record(client_on, alpha, mia, ada):
    client = client_on(alpha, mia)
    url = f"/contacts/{ada.pk}/field/job_title/"
    response = client.post(url, opened(client, url) | {"job_title": "Analyste"})
    assert response.status_code == 302 and response["Location"] == f"/contacts/{ada.pk}/"
    with alpha:
        assert Contact.objects.get(pk=ada.pk).job_title == "Analyste"


def test_invalid_input_shows_the_error_inline_and_saves_nothing(client_on, alpha, mia, ada):
    with alpha:
        Contact.objects.create(first_name="Other", email="taken@example.com")
    client = client_on(alpha, mia)
    url = f"/contacts/{ada.pk}/field/email/"
    for value, error in [
        ("not an email", "Saisissez une adresse de courriel valide."),
        ("taken@example.com", "Une autre fiche a déjà cette adresse e-mail."),
    ]:
        response = client.post(url, opened(client, url) | {"email": value}, **HTMX)
        page = response.content.decode()
        assert response.status_code == 200
        assert "<form" in page and "field--invalid" in page and error in page
        assert f'value="{value}"' in page  # what was typed stays in the box
    with alpha:
        assert Contact.objects.get(pk=ada.pk).email == "ada@example.com"


def test_a_rule_of_the_whole_form_applies_too(client_on, alpha, mia):
    with alpha:
        only_name = Contact.objects.create(last_name="Solo")
    client = client_on(alpha, mia)
    url = f"/contacts/{only_name.pk}/field/last_name/"
    response = client.post(url, opened(client, url) | {"last_name": ""}, **HTMX)
    assert response.status_code == 200
    assert "Indiquez un prénom, un nom ou une adresse e-mail." in response.content.decode()
    with alpha:
        assert Contact.objects.get(pk=only_name.pk).last_name == "Solo"


def test_cancel_shows_the_value_again(client_on, alpha, mia, ada):
    response = client_on(alpha, mia).get(f"/contacts/{ada.pk}/field/phone/?cancel=1", **HTMX)
    page = response.content.decode()
    assert response.status_code == 200 and 'id="field-phone"' in page and "<form" not in page
    assert "hx-swap-oob" not in page


def test_a_save_over_a_newer_change_of_the_field_shows_theirs_and_overwrites_nothing(
    client_on, alpha, mia, ada
):
    client = client_on(alpha, mia)
    url = f"/contacts/{ada.pk}/field/phone/"
    mine = opened(client, url) | {"phone": "0700000000"}
    with alpha:  # meanwhile, a colleague changes the phone
        contact_update(contact=Contact.objects.get(pk=ada.pk), data={"phone": "0611223344"})
    response = client.post(url, mine, **HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert "a modifié ce champ" in page and "0611223344" in page  # theirs
    assert 'value="0700000000"' in page  # mine, still in the box
    with alpha:
        assert Contact.objects.get(pk=ada.pk).phone == "0611223344"
    # Saving again, knowingly (the fragment now carries their version), replaces it.
    again = dict(re.findall(r'name="(version|initial-phone)" value="([^"]*)"', page))
    with alpha:
        assert again["version"] == Contact.objects.get(pk=ada.pk).version
    response = client.post(url, mine | again, **HTMX)
    assert "<form" not in response.content.decode()
    with alpha:
        assert Contact.objects.get(pk=ada.pk).phone == "0700000000"


def test_a_newer_change_of_another_field_does_not_stand_in_the_way(client_on, alpha, mia, ada):
    client = client_on(alpha, mia)
    phone_url = f"/contacts/{ada.pk}/field/phone/"
    city_url = f"/contacts/{ada.pk}/field/city/"
    phone = opened(client, phone_url) | {"phone": "0700000000"}
    city = opened(client, city_url) | {"city": "Lyon"}  # two fields open at once
    assert client.post(phone_url, phone, **HTMX).status_code == 200
    response = client.post(city_url, city, **HTMX)
    assert "<form" not in response.content.decode()
    with alpha:
        saved = Contact.objects.get(pk=ada.pk)
        assert (saved.phone, saved.city) == ("0700000000", "Lyon")


def test_a_viewer_sees_no_affordance_and_is_refused(client_on, alpha, val, ada):
    client = client_on(alpha, val)
    page = client.get(f"/contacts/{ada.pk}/").content.decode()
    assert "data-inline-open" not in page and "/field/" not in page
    assert client.get(f"/contacts/{ada.pk}/field/phone/", **HTMX).status_code == 403
    assert client.post(f"/contacts/{ada.pk}/field/phone/", {"phone": "1"}).status_code == 403
    with alpha:
        assert Contact.objects.get(pk=ada.pk).phone == "0102030405"


def test_foreign_ids_and_fields_that_cannot_be_changed_here_are_404(
    client_on, alpha, beta, mia, ada
):
    with beta:
        stranger = Contact.objects.create(first_name="Bruno")
    with alpha:
        Contact.objects.filter(pk=stranger.pk).delete()  # ids may coincide across schemas
        offer = opportunity(title="Audit")
    client = client_on(alpha, mia)
    assert client.get(f"/contacts/{stranger.pk}/field/phone/", **HTMX).status_code == 404
    assert client.post(f"/contacts/{stranger.pk}/field/phone/", {"phone": "1"}).status_code == 404
    for name in ["labels", "created", "nope", "version", "custom_zzz"]:
        assert client.get(f"/contacts/{ada.pk}/field/{name}/", **HTMX).status_code == 404
    # The workflow changes with a stage, in the full form.
    assert client.get(f"/opportunities/{offer.pk}/field/workflow/", **HTMX).status_code == 404
    # A hidden field, a link to a disabled object, a disabled object.
    object_setting_update(workspace=alpha, key="contact", hidden_fields=["phone"])
    assert client.get(f"/contacts/{ada.pk}/field/phone/", **HTMX).status_code == 404
    object_setting_update(workspace=alpha, key="organisation", enabled=False)
    assert client.get(f"/contacts/{ada.pk}/field/organisation/", **HTMX).status_code == 404
    object_setting_update(workspace=alpha, key="contact", enabled=False)
    assert client.get(f"/contacts/{ada.pk}/field/email/", **HTMX).status_code == 404


def test_a_link_field_and_another_object(client_on, alpha, mia):
    with alpha:
        dupont = Organisation.objects.create(name="Dupont SAS", city="Paris")
        offer = opportunity(title="Audit")
    client = client_on(alpha, mia)
    url = f"/opportunities/{offer.pk}/field/organisation/"
    data = opened(client, url) | {"organisation": str(dupont.pk)}
    response = client.post(url, data, **HTMX)
    assert response.status_code == 200 and "Dupont SAS" in response.content.decode()
    url = f"/organisations/{dupont.pk}/field/city/"
    response = client.post(url, opened(client, url) | {"city": "Lyon"}, **HTMX)
    assert "<form" not in response.content.decode()
    with alpha:
        assert Opportunity.objects.get(pk=offer.pk).organisation_id == dupont.pk
        assert Organisation.objects.get(pk=dupont.pk).city == "Lyon"


def test_a_custom_field_is_changed_in_place_and_values_are_escaped(client_on, alpha, mia):
    with alpha:
        motto = custom_field_create(
            object_key="contact", label="Devise", field_type=FieldType.TEXT
        ).field
        size = custom_field_create(
            object_key="contact", label="Effectif", field_type=FieldType.INTEGER
        ).field
        ada = Contact.objects.create(first_name="Ada")
    client = client_on(alpha, mia)
    page = client.get(f"/contacts/{ada.pk}/").content.decode()
    assert f'hx-get="/contacts/{ada.pk}/field/{motto.form_name}/"' in page
    url = f"/contacts/{ada.pk}/field/{motto.form_name}/"
    response = client.post(url, opened(client, url) | {motto.form_name: "<b>Toujours</b>"}, **HTMX)
    page = response.content.decode()
    assert "&lt;b&gt;Toujours&lt;/b&gt;" in page and "<b>Toujours" not in page
    url = f"/contacts/{ada.pk}/field/{size.form_name}/"
    response = client.post(url, opened(client, url) | {size.form_name: "beaucoup"}, **HTMX)
    assert "field--invalid" in response.content.decode()
    with alpha:
        custom = Contact.objects.get(pk=ada.pk).custom
    assert custom == {motto.key: "<b>Toujours</b>"}


def test_the_record_page_costs_no_more_queries_for_its_affordances(
    client_on, alpha, mia, ada, django_assert_max_num_queries
):
    client = client_on(alpha, mia)
    client.get(f"/contacts/{ada.pk}/")
    with django_assert_max_num_queries(30):
        page = client.get(f"/contacts/{ada.pk}/").content.decode()
    assert page.count("data-inline-open") >= 5


def test_a_prospect_field_and_its_history(client_on, alpha, mia):
    with alpha:
        lead = Prospect.objects.create(first_name="Léa", company_name="Ancienne SARL")
    client = client_on(alpha, mia)
    url = f"/prospects/{lead.pk}/field/company_name/"
    response = client.post(url, opened(client, url) | {"company_name": "Nouvelle SAS"}, **HTMX)
    assert "Nouvelle SAS" in response.content.decode()
    with alpha:
        assert Prospect.objects.get(pk=lead.pk).company_name == "Nouvelle SAS"
        event = ProspectEvent.objects.filter(pgh_obj_id=lead.pk, pgh_label="update").get()
    assert event.pgh_context == {"user": mia.pk, "channel": "inline"}


def test_odd_input_never_gives_a_server_error(client_on, alpha, mia, ada):
    client = client_on(alpha, mia)
    url = f"/contacts/{ada.pk}/field/phone/"
    for data in [
        {},
        {"phone": "\x00"},
        {"phone": "0" * 5000, "version": "x" * 100},
        {"phone": "0600000000", "version": "not a version"},
        {"phone": "0600000000", "version": "1"},  # stale, without the opened value
        {"organisation": "99999999", "organisation_search": "\x00"},
    ]:
        response = client.post(url, data, **HTMX)
        assert response.status_code == 200, data
    url = f"/contacts/{ada.pk}/field/organisation/"
    response = client.post(url, {"organisation": "99999999", "version": "1"}, **HTMX)
    assert response.status_code == 200 and "field--invalid" in response.content.decode()
    with alpha:
        assert Contact.objects.get(pk=ada.pk).phone == "0102030405"


def test_a_label_added_on_the_record_page_tells_the_timeline(client_on, alpha, mia, ada):
    with alpha:
        label = Label.objects.create(name="Client")
    client = client_on(alpha, mia)
    response = client.post(f"/contacts/{ada.pk}/labels/", {"label": label.pk}, **HTMX)
    assert response.status_code == 200
    assert "record-changed" in response["HX-Trigger"]
    with alpha:
        assert list(Contact.objects.get(pk=ada.pk).labels.all()) == [label]
