"""Two people editing one record never silently undo each other; simultaneous creates of one
email or SIREN give the loser a form error, not a 500."""

import re

import pytest

from contacts.forms import ContactForm
from contacts.models import Contact
from contacts.services import contact_update
from opportunities.models import Opportunity
from opportunities.services import opportunity_update
from organisations.forms import OrganisationForm
from organisations.models import Organisation
from organisations.services import organisation_update
from tests.opportunities.factories import opportunity

pytestmark = pytest.mark.django_db


def opened_form(client, url: str) -> dict:
    """The edit form's fields as the page gives them (the version included)."""
    page = client.get(url).content.decode()
    fields = dict(
        re.findall(
            r'<input type="(?:text|hidden|email|tel|url|number|date)" name="(\w+)" value="([^"]*)"',
            page,
        )
    )
    fields.pop("csrfmiddlewaretoken", None)
    assert "version" in fields
    return fields


def test_a_stale_contact_edit_shows_the_other_change_and_keeps_it(client_on, alpha, alice):
    with alpha:
        contact = Contact.objects.create(first_name="Ada", last_name="Lovelace", phone="0102030405")
    client = client_on(alpha, alice)
    url = f"/contacts/{contact.pk}/edit/"
    mine = opened_form(client, url) | {"job_title": "Ingénieure"}
    with alpha:  # meanwhile, a colleague changes the phone
        contact_update(contact=Contact.objects.get(pk=contact.pk), data={"phone": "0611223344"})
    response = client.post(url, mine)
    page = response.content.decode()
    assert response.status_code == 200
    assert "0611223344" in page and "0102030405" in page  # theirs beside yours
    with alpha:
        saved = Contact.objects.get(pk=contact.pk)
        assert saved.phone == "0611223344" and saved.job_title == ""
    # Saving again, knowingly, keeps the values of the form.
    again = dict(re.findall(r'name="(version)" value="([^"]*)"', page))
    response = client.post(url, mine | again)
    assert response.status_code == 302
    with alpha:
        saved = Contact.objects.get(pk=contact.pk)
        assert saved.phone == "0102030405" and saved.job_title == "Ingénieure"


def test_a_stale_organisation_edit_is_refused(client_on, alpha, alice):
    with alpha:
        organisation = Organisation.objects.create(name="Dupont", city="Lyon")
    client = client_on(alpha, alice)
    url = f"/organisations/{organisation.pk}/edit/"
    mine = opened_form(client, url) | {"name": "Dupont SAS"}
    with alpha:
        organisation_update(
            organisation=Organisation.objects.get(pk=organisation.pk), data={"city": "Paris"}
        )
    assert client.post(url, mine).status_code == 200
    with alpha:
        saved = Organisation.objects.get(pk=organisation.pk)
        assert (saved.name, saved.city) == ("Dupont", "Paris")


def test_a_stale_opportunity_edit_keeps_the_other_amount(client_on, alpha, alice):
    with alpha:
        offer = opportunity(title="Audit", amount="1000")
    client = client_on(alpha, alice)
    url = f"/opportunities/{offer.pk}/edit/"
    page = client.get(url).content.decode()
    version = re.search(r'name="version" value="([^"]*)"', page).group(1)
    with alpha:
        opportunity_update(opportunity=Opportunity.objects.get(pk=offer.pk), data={"amount": 2500})
    response = client.post(
        url,
        {
            "title": "Audit 2027",
            "workflow": offer.workflow_id,
            "stage": offer.stage_id,
            "amount": "1000",
            "version": version,
        },
    )
    assert response.status_code == 200 and "Audit 2027" in response.content.decode()
    with alpha:
        saved = Opportunity.objects.get(pk=offer.pk)
        assert (saved.title, saved.amount) == ("Audit", 2500)


def test_an_edit_of_a_record_nobody_touched_saves_at_once(client_on, alpha, alice):
    with alpha:
        contact = Contact.objects.create(first_name="Ada")
    client = client_on(alpha, alice)
    url = f"/contacts/{contact.pk}/edit/"
    assert client.post(url, opened_form(client, url) | {"last_name": "Byron"}).status_code == 302
    with alpha:
        assert Contact.objects.get(pk=contact.pk).last_name == "Byron"


def test_a_create_that_loses_the_race_for_an_email_gets_a_form_error(
    client_on, alpha, alice, monkeypatch
):
    # Both requests passed the form's check; the other one wrote first.
    monkeypatch.setattr(ContactForm, "clean_email", lambda form: form.cleaned_data["email"])
    with alpha:
        Contact.objects.create(first_name="First", email="ada@example.com")
    response = client_on(alpha, alice).post(
        "/contacts/new/",
        {"first_name": "Ada", "email": "ADA@example.com", "confirm_duplicate": "yes"},
    )
    assert response.status_code == 200
    assert (
        "field__errors" in response.content.decode() or "form-errors" in response.content.decode()
    )
    with alpha:
        assert Contact.objects.filter(email__iexact="ada@example.com").count() == 1


def test_a_create_that_loses_the_race_for_a_siren_gets_a_form_error(
    client_on, alpha, alice, monkeypatch
):
    monkeypatch.setattr(OrganisationForm, "clean_siren", lambda form: form.cleaned_data["siren"])
    with alpha:
        Organisation.objects.create(name="First", siren="732829320")
    response = client_on(alpha, alice).post(
        "/organisations/new/", {"name": "Other", "siren": "732829320", "confirm_duplicate": "yes"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "organisations_organisation_siren_unique" not in page
    with alpha:
        assert Organisation.objects.filter(siren="732829320").count() == 1


def test_constraint_names_never_reach_the_page_and_siren_digits_are_ascii(client_on, alpha, alice):
    response = client_on(alpha, alice).post(
        "/organisations/new/", {"name": "Wide", "siren": "７３２８２９３２０"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "siren_valid" not in page and "contrainte" not in page.lower()
    with alpha:
        assert not Organisation.objects.filter(name="Wide").exists()
