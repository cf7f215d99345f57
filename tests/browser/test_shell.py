"""The page shell without JavaScript and under the pointer: menus open, the top bar's « Plus »
menu and the narrow screens' menu button work, hidden controls stay hidden, red buttons stay
red when hovered."""

import pytest
from playwright.sync_api import expect

from tests.browser.pages import make_demo_workspace

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_workspace(server_port, django_db_blocker):
    return make_demo_workspace(server_port, django_db_blocker)


def open_page(browser, demo_workspace, *, width=1440, javascript=True):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="fr-FR", java_script_enabled=javascript
    )
    page = context.new_page()
    demo_workspace.login(page)
    return context, page


def test_without_javascript_the_menus_open_and_nothing_hidden_shows(browser, demo_workspace):
    context, page = open_page(browser, demo_workspace, width=1280, javascript=False)
    # The board's « Replier » buttons need JavaScript: without it they stay hidden.
    page.goto(demo_workspace.url("/opportunities/board/"))
    toggles = page.locator(".board-column__toggle")
    assert toggles.count() > 0
    for toggle in toggles.all():
        expect(toggle).to_be_hidden()
    # At 1280 px some entries are in « Plus », which opens without JavaScript.
    nav = page.locator("#mainnav")
    settings = nav.get_by_role("link", name="Paramètres")
    expect(settings).to_be_hidden()
    nav.locator(".mainnav__more > summary").click()
    expect(settings).to_be_visible()
    # The user menu's name is its visible text (axe: label-in-name).
    account = page.locator(".user-menu > summary")
    expect(account).to_have_accessible_name("Claire")
    context.close()


def test_on_a_phone_the_menu_button_holds_the_whole_navigation(browser, demo_workspace):
    context, page = open_page(browser, demo_workspace, width=390, javascript=False)
    page.goto(demo_workspace.url("/contacts/"))
    expect(page.locator("#mainnav")).to_be_hidden()
    menu = page.locator(".navmenu")
    menu.locator("summary").click()
    for name in ["Tableau de bord", "Organisations", "Opportunités", "Mes tâches", "Paramètres"]:
        expect(menu.get_by_role("link", name=name)).to_be_visible()
    menu.get_by_role("searchbox").fill("mar")
    menu.get_by_role("searchbox").press("Enter")
    expect(page).to_have_url(demo_workspace.url("/search/?q=mar"))
    context.close()


def test_red_buttons_stay_red_under_the_pointer(browser, demo_workspace):
    context, page = open_page(browser, demo_workspace)
    page.goto(demo_workspace.url(demo_workspace.record_paths["contact"]))
    delete = page.locator("main .button--danger").first
    before = delete.evaluate("b => getComputedStyle(b).backgroundColor")
    delete.hover()
    page.wait_for_timeout(100)
    background, colour = delete.evaluate(
        "b => [getComputedStyle(b).backgroundColor, getComputedStyle(b).color]"
    )
    red, green, blue = (int(x) for x in background[4:-1].split(",")[:3])
    assert red > 120 and green < 60 and blue < 60, (before, background)
    assert colour == "rgb(255, 255, 255)"
    context.close()
