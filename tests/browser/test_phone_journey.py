"""A newcomer on a phone (390 px): signs up, lands in the new workspace signed in, adds a contact
choosing its organisation with the picker, and moves an opportunity on the board with the stage
switcher. No page is ever wider than the screen."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def fits(page, where: str) -> None:
    wide, screen = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert wide <= screen, f"{where}: the page is {wide} px wide on a {screen} px screen"


def test_sign_up_add_a_contact_and_move_an_opportunity_on_a_phone(browser, server_port):
    context = browser.new_context(viewport=PHONE, locale="fr-FR")
    page = context.new_page()
    public = f"http://{settings.BASE_DOMAIN}:{server_port}"
    slug = f"phone-{server_port}"
    home = f"http://{slug}.{settings.BASE_DOMAIN}:{server_port}/"
    try:
        page.goto(public + "/signup/")
        fits(page, "sign-up")
        page.fill("input[name=workspace_name]", "Atelier Mobile")
        page.fill("input[name=slug]", slug)
        page.fill("input[name=email]", f"owner@{slug}.test")
        page.fill("input[name=password]", "a long enough passphrase 2026")
        page.locator("main form button[type=submit]").click()

        # In the workspace, signed in, without a second password.
        expect(page).to_have_url(re.compile("^" + re.escape(home) + "$"))
        expect(page.locator("input[name=password]")).to_have_count(0)
        fits(page, "dashboard")

        page.goto(home + "organisations/new/")
        page.fill("input[name=name]", "Dupont SAS")
        page.get_by_role("button", name="Créer", exact=True).click()
        expect(page.get_by_role("heading", name="Dupont SAS")).to_be_visible()

        # The contact's organisation, chosen by typing in the picker.
        page.goto(home + "contacts/new/")
        fits(page, "contact form")
        page.fill("input[name=first_name]", "Adam")
        page.fill("input[name=last_name]", "André")
        organisation = page.get_by_role("combobox", name="Organisation")
        organisation.click()
        organisation.press_sequentially("dupont")
        option = page.get_by_role("listbox").get_by_role("option", name=re.compile("Dupont SAS"))
        expect(option).to_be_visible()
        organisation.press("ArrowDown")
        organisation.press("Enter")
        expect(page.get_by_role("radio", name=re.compile("Dupont SAS"))).to_be_checked()
        page.get_by_role("button", name="Créer", exact=True).click()
        expect(page.get_by_role("heading", name="Adam André")).to_be_visible()
        expect(page.locator("main")).to_contain_text("Dupont SAS")
        fits(page, "contact page")

        page.goto(home + "opportunities/new/")
        page.fill("input[name=title]", "Audit énergie")
        page.get_by_role("button", name="Créer", exact=True).click()
        expect(page.get_by_role("heading", name="Audit énergie")).to_be_visible()

        # On the board, one column per screen: move the card with its select, then follow it
        # with the stage switcher.
        page.goto(home + "opportunities/board/")
        fits(page, "board")
        select = page.get_by_label("Déplacer « Audit énergie » vers")
        target = select.locator("option").nth(1)
        stage_id = target.get_attribute("value")
        select.select_option(stage_id)
        card = "#opp-" + select.get_attribute("id").removeprefix("move-")
        page.locator(card).get_by_role("button", name="Déplacer").click()
        moved = page.locator(f"#column-{stage_id} .opp-card", has_text="Audit énergie")
        expect(moved).to_have_count(1)
        switcher = page.locator(f".stage-switcher__item[data-stage='{stage_id}']")
        switcher.click()
        expect(moved).to_be_in_viewport()
        expect(switcher).to_have_attribute("aria-current", "true")
        fits(page, "board after the move")
    finally:
        context.close()
