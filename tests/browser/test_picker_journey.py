"""A person creates an opportunity, choosing the organisation then one of two « Adam André » by
typing in the pickers, with the keyboard; and the same without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from contacts.models import Contact
from opportunities.models import Opportunity
from organisations.models import Organisation

pytestmark = pytest.mark.browser


@pytest.fixture
def homonyms(journey, django_db_blocker):
    with django_db_blocker.unblock(), journey.workspace:
        dupont = Organisation.objects.create(name="Dupont SAS", city="Lyon")
        martin = Organisation.objects.create(name="Martin et Fils", city="Brest")
        Contact.objects.create(
            first_name="Adam", last_name="André", email="a.andre@martin.fr", organisation=martin
        )
        adam = Contact.objects.create(
            first_name="Adam", last_name="André", email="adam@dupont.fr", organisation=dupont
        )
    return {"dupont": dupont, "adam": adam}


def created(journey, django_db_blocker, title):
    with django_db_blocker.unblock(), journey.workspace:
        return Opportunity.objects.select_related("contact", "organisation").get(title=title)


def test_choose_organisation_then_its_contact_with_the_keyboard(
    page, journey, homonyms, django_db_blocker
):
    journey.login(page, "/opportunities/new/")
    page.fill("input[name=title]", "Audit énergie")

    organisation = page.get_by_role("combobox", name="Organisation")
    organisation.click()
    organisation.press_sequentially("dupont")
    listbox = page.get_by_role("listbox")  # the open one (the others are hidden)
    option = listbox.get_by_role("option", name=re.compile("Dupont SAS"))
    expect(option).to_be_visible()
    expect(listbox.get_by_role("option")).to_have_count(1)
    organisation.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    organisation.press("Enter")
    expect(page.get_by_role("radio", name=re.compile("Dupont SAS"))).to_be_checked()
    expect(organisation).to_have_value("")
    expect(listbox).to_have_count(0)

    contact = page.get_by_role("combobox", name="Contact")
    contact.click()
    contact.press_sequentially("adam")
    options = listbox.get_by_role("option")
    expect(options).to_have_count(2)
    # The contact of the chosen organisation first; the second line tells them apart.
    expect(options.first).to_contain_text("adam@dupont.fr · Dupont SAS")
    expect(options.nth(1)).to_contain_text("a.andre@martin.fr · Martin et Fils")
    contact.press("Escape")
    expect(listbox).to_have_count(0)
    contact.press("ArrowDown")
    contact.press("Enter")
    expect(page.get_by_role("radio", name=re.compile("adam@dupont.fr"))).to_be_checked()

    page.get_by_role("button", name="Créer", exact=True).click()
    expect(page.get_by_role("heading", name="Audit énergie")).to_be_visible()
    opportunity = created(journey, django_db_blocker, "Audit énergie")
    assert opportunity.contact == homonyms["adam"]
    assert opportunity.organisation == homonyms["dupont"]


def test_the_same_without_javascript(browser, journey, homonyms, django_db_blocker):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    try:
        journey.login(page, "/opportunities/new/")
        page.fill("input[name=title]", "Audit sans JS")
        page.fill("input[name=contact_search]", "adam andré")
        page.get_by_role("button", name="Créer", exact=True).click()
        # Two « Adam André »: the form comes back with both to choose from, the rest kept.
        expect(page.get_by_text("Plusieurs fiches correspondent à « adam andré »")).to_be_visible()
        expect(page.locator("input[name=title]")).to_have_value("Audit sans JS")
        page.get_by_role("radio", name=re.compile("adam@dupont.fr")).check()
        page.get_by_role("button", name="Créer", exact=True).click()
        expect(page.get_by_role("heading", name="Audit sans JS")).to_be_visible()
        # Typing the organisation too names the one « Adam André » of it: saved at once.
        page.goto(journey.url("/opportunities/new/"))
        page.fill("input[name=title]", "Audit direct")
        page.fill("input[name=organisation_search]", "dupont sas")
        page.fill("input[name=contact_search]", "adam andré")
        page.get_by_role("button", name="Créer", exact=True).click()
        expect(page.get_by_role("heading", name="Audit direct")).to_be_visible()
    finally:
        context.close()
    for title in ("Audit sans JS", "Audit direct"):
        opportunity = created(journey, django_db_blocker, title)
        assert opportunity.contact == homonyms["adam"]
        assert opportunity.organisation == homonyms["dupont"]
