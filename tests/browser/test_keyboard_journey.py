"""Faster everyday work from the keyboard: change a field in place on a record page (Enter
saves, Escape cancels), jump to a record with the command palette (Ctrl-K), the `?` help and
the `g` shortcuts; no Content-Security-Policy violation on the way."""

import re

import pytest
from playwright.sync_api import expect

from contacts.models import Contact
from organisations.models import Organisation

from .conftest import ViolationWatch

pytestmark = pytest.mark.browser


@pytest.fixture
def records(journey, django_db_blocker):
    with django_db_blocker.unblock(), journey.workspace:
        dupont = Organisation.objects.create(name="Dupont SAS", city="Lyon")
        helene = Contact.objects.create(
            first_name="Hélène", last_name="Noël", phone="0102030405", organisation=dupont
        )
        Contact.objects.create(first_name="Paul", email="paul@dupont.test")
        Organisation.objects.create(name="Atelier Martin", city="Nantes")
    return {"dupont": dupont, "helene": helene}


def expect_focused(page, locator):
    """expect(locator).to_be_focused() on the page in front, as a person's tab is (Playwright's
    check also needs document.hasFocus(), which a browser shared by many journeys sometimes
    denies a page), saying on failure where the focus is and whether the page has it."""
    page.bring_to_front()
    try:
        expect(locator).to_be_focused()
    except AssertionError as error:
        where = page.evaluate(
            "[document.activeElement && document.activeElement.outerHTML.slice(0, 160), "
            "document.hasFocus()]"
        )
        message = f"{error}\nfocus on: {where[0]}; page has focus: {where[1]}"
        raise AssertionError(message) from error


def test_edit_a_field_in_place_with_enter_and_cancel_with_escape(page, journey, records):
    watch = ViolationWatch(page)
    helene = records["helene"]
    journey.login(page, f"/contacts/{helene.pk}/")
    phone = page.locator("#field-phone")
    expect(phone).to_contain_text("01 02 03 04 05")  # shown in the French format

    # The pencil, named for screen readers, opens the one-field form, focused.
    phone.get_by_role("link", name="Modifier « Téléphone »").click()
    box = phone.get_by_label("Téléphone")
    expect(box).to_be_focused()
    box.fill("06 11 22 33 44")
    box.press("Enter")
    expect(phone.locator("form")).to_have_count(0)
    expect(phone).to_contain_text("06 11 22 33 44")
    expect(phone.get_by_role("status")).to_have_text("Enregistré")
    expect(page.locator(".banner")).to_contain_text("06 11 22 33 44")  # the banner follows
    with journey.workspace:
        assert Contact.objects.get(pk=helene.pk).phone == "06 11 22 33 44"
    # The timeline reloads itself with the new history line (the save's HX-Trigger): wait
    # for it, so that its swap never lands in the middle of the next field's focus checks.
    expect(page.locator("#timeline")).to_contain_text("0102030405 → 06 11 22 33 44")

    # Clicking the value opens it too; Escape puts the value back, unchanged.
    city = page.locator("#field-city")
    city.locator("[data-inline-value]").click()
    city.get_by_label("Ville").fill("Grenoble")
    city.get_by_label("Ville").press("Escape")
    expect(city.locator("form")).to_have_count(0)
    expect_focused(page, city.get_by_role("link", name="Modifier « Ville »"))
    with journey.workspace:
        assert Contact.objects.get(pk=helene.pk).city == ""

    # A bad value: the error shows in place and nothing is saved.
    email = page.locator("#field-email")
    email.get_by_role("link", name="Modifier « E-mail »").click()
    email.get_by_label("E-mail").fill("paul@dupont.test")  # Paul's
    email.get_by_role("button", name="Enregistrer").click()
    expect(email.get_by_role("alert")).to_contain_text("Une autre fiche a déjà cette adresse")
    email.get_by_role("link", name="Annuler").click()
    expect(email.locator("form")).to_have_count(0)

    # A link field: its picker works in place too.
    organisation = page.locator("#field-organisation")
    organisation.get_by_role("link", name="Modifier « Organisation »").click()
    search = organisation.get_by_role("combobox")
    expect(search).to_be_focused()
    search.press_sequentially("atelier")
    expect(organisation.locator(".picker__result", has_text="Atelier Martin")).to_be_visible()
    search.press("ArrowDown")
    search.press("Enter")
    organisation.get_by_role("button", name="Enregistrer").click()
    expect(organisation.locator("form")).to_have_count(0)
    expect(organisation.get_by_role("link", name="Atelier Martin")).to_be_visible()
    expect(page.locator(".banner")).to_contain_text("Atelier Martin")

    # The timeline shows the new history line at once (the save's HX-Trigger), no reload.
    expect(page.locator("#timeline")).to_contain_text("0102030405 → 06 11 22 33 44")
    expect(phone).to_contain_text("06 11 22 33 44")  # and the field stays as saved

    # The change is in the record's history, as made on the record page.
    page.reload()
    expect(page.locator("#timeline")).to_contain_text("0102030405 → 06 11 22 33 44")
    expect(page.locator("#timeline")).to_contain_text(" · fiche · ")
    watch.assert_none("record page")


def test_command_palette_help_and_go_shortcuts(page, journey, records):
    watch = ViolationWatch(page)
    journey.login(page, "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    # `?` shows the help, in the workspace's words.
    page.locator("body").press("?")
    help_dialog = page.locator("#shortcuts-help")
    expect(help_dialog).to_be_visible()
    expect(help_dialog).to_contain_text("Raccourcis clavier")
    expect(help_dialog.locator('[data-go-key="c"]')).to_contain_text("Contacts")
    page.keyboard.press("Escape")
    expect(help_dialog).to_be_hidden()

    # Ctrl-K, a name, Enter: the record.
    page.keyboard.press("Control+k")
    palette = page.locator("#command-palette")
    expect(palette).to_be_visible()
    box = palette.get_by_role("combobox")
    expect(box).to_be_focused()
    expect(palette.get_by_role("option", name="Nouveau contact")).to_be_visible()
    box.press_sequentially("helene noel")
    first = palette.get_by_role("option").first
    expect(first).to_have_text(re.compile("Hélène Noël"))
    expect(first).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    expect(page).to_have_url(journey.url(f"/contacts/{records['helene'].pk}/"))
    expect(page.get_by_role("heading", name="Hélène Noël")).to_be_visible()

    # Arrow keys choose among the results.
    page.keyboard.press("Control+k")
    box.press_sequentially("dupont")
    expect(palette.get_by_role("option", name=re.compile("Dupont SAS"))).to_be_visible()
    chosen = palette.locator("[role=option][aria-selected=true]")
    expect(chosen).to_have_text(re.compile("Dupont SAS"))
    box.press("ArrowDown")
    expect(chosen).to_have_text("Paul · paul@dupont.test")
    expect(box).to_have_attribute("aria-activedescendant", chosen.get_attribute("id"))
    box.press("ArrowUp")
    expect(chosen).to_have_text(re.compile("Dupont SAS"))
    box.press("Enter")
    expect(page).to_have_url(journey.url(f"/organisations/{records['dupont'].pk}/"))

    # `g` then `o`: the organisations; `/` the list's search box; `n` a new one.
    page.locator("body").press("g")
    page.locator("body").press("o")
    expect(page).to_have_url(journey.url("/organisations/"))
    page.locator("body").press("/")
    expect(page.locator("main input[type=search][name=q]")).to_be_focused()
    page.locator("main input[type=search][name=q]").press("Escape")
    page.locator("main input[type=search][name=q]").evaluate("box => box.blur()")
    page.locator("body").press("n")
    expect(page).to_have_url(journey.url("/organisations/new/"))
    # Typing in a form is typing, not a shortcut.
    page.fill("input[name=name]", "gn?")
    expect(page).to_have_url(journey.url("/organisations/new/"))
    expect(page.locator("#shortcuts-help")).to_be_hidden()
    watch.assert_none("palette and shortcuts")
