"""A person opens their workspace, signs in, sees the dashboard and switches language."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_sign_in_see_the_dashboard_and_switch_language(page, journey):
    page.goto(journey.url("/"))
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.get_by_role("heading", name="Se connecter")).to_be_visible()

    journey.login(page)

    expect(page.get_by_role("heading", name="Tableau de bord")).to_be_visible()
    expect(page.locator(".workspace-name")).to_have_text("Atelier Journey")

    page.get_by_role("button", name="EN").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.reload()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()

    page.get_by_role("button", name="FR").click()
    expect(page.get_by_role("heading", name="Tableau de bord")).to_be_visible()
