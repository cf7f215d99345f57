"""An admin renames Organisation to « Association », switches Prospects off, then on again."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_rename_an_object_and_switch_another_off_and_on(page, journey):
    journey.login(page, "/settings/")
    expect(page.get_by_role("heading", name="Paramètres")).to_be_visible()
    menu = page.locator("#mainnav")
    expect(menu.get_by_role("link", name="Prospects")).to_be_visible()

    # Rename: the preview reads the name as it is typed, before anything is saved.
    card = page.locator("#object-organisation")
    card.get_by_label("Nom au singulier").fill("Association")
    card.get_by_label("Nom au pluriel").fill("Associations")
    card.get_by_label("féminin").check()
    preview = card.locator(".name-preview")
    expect(preview).to_contain_text("Nouvelle association")
    expect(preview).to_contain_text("Aucune association")
    card.get_by_role("button", name="Enregistrer").click()

    # Saved: the card and the menu use the new name at once (HTMX), and so does every page.
    expect(page.locator("#object-organisation h2")).to_have_text("Associations")
    expect(page.locator("#messages")).to_contain_text("Associations")
    expect(menu.get_by_role("link", name="Associations")).to_be_visible()
    menu.get_by_role("link", name="Associations").click()
    expect(page).to_have_title(re.compile(r"^Associations · "))
    expect(page.get_by_role("heading", level=1)).to_have_text("Associations")

    # Switch Prospects off: gone from the menu, its pages answer 404.
    page.goto(journey.url("/settings/"))
    prospects = page.locator("#object-prospect")
    prospects.get_by_label("Activé").uncheck()
    expect(prospects.locator(".badge")).to_have_text("désactivé")
    expect(menu.get_by_role("link", name="Prospects")).to_have_count(0)
    response = page.goto(journey.url("/prospects/"))
    assert response.status == 404
    page.goto(journey.url("/"))
    expect(menu.get_by_role("link", name="Prospects")).to_have_count(0)

    # Switch them on again: back in the menu, their list opens.
    page.goto(journey.url("/settings/"))
    page.locator("#object-prospect").get_by_label("Activé").check()
    expect(page.locator("#object-prospect .badge")).to_have_count(0)
    expect(menu.get_by_role("link", name="Prospects")).to_be_visible()
    menu.get_by_role("link", name="Prospects").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Prospects")

    # The settings were saved for good: a fresh page shows the same.
    page.goto(journey.url("/settings/"))
    expect(page.locator("#id_organisation-singular")).to_have_value("Association")
    expect(page.locator("#id_organisation-gender_1")).to_be_checked()
    expect(page.locator("#id_prospect-enabled")).to_be_checked()
