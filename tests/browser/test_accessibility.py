"""axe-core (the axe-playwright-python package ships it) finds no critical or serious
accessibility violation on any main page, at 1440 px, in a workspace filled with the demo data;
the public pages (sign-in, sign-up) too."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.pages import make_demo_workspace

pytestmark = pytest.mark.browser

BLOCKING = {"critical", "serious"}


@pytest.fixture(scope="module")
def demo_workspace(server_port, django_db_blocker):
    return make_demo_workspace(server_port, django_db_blocker)


def violations(axe, page) -> list[str]:
    found = axe.run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"][:4])
        for v in found
        if v["impact"] in BLOCKING
    ]


@pytest.fixture
def wide_page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="fr-FR")
    yield context.new_page()
    context.close()


def test_no_serious_violation_on_the_main_pages(wide_page, demo_workspace):
    axe = Axe()
    problems = []
    page = wide_page
    for path in ["/accounts/login/", "/signup/"]:
        page.goto(demo_workspace.public_url(path))
        problems += [(path, v) for v in violations(axe, page)]
    demo_workspace.login(page)
    for path in demo_workspace.pages():
        page.goto(demo_workspace.url(path))
        problems += [(path, v) for v in violations(axe, page)]
    # The menus open: their panels are checked too.
    page.goto(demo_workspace.url("/contacts/"))
    for menu in page.locator("details.menu > summary").all():
        if menu.is_visible():
            menu.click()
    problems += [("/contacts/ (menus open)", v) for v in violations(axe, page)]
    assert not problems, "\n".join(map(str, problems))


def test_no_serious_violation_on_a_phone(browser, demo_workspace):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    page = context.new_page()
    demo_workspace.login(page)
    page.locator(".navmenu > summary").click()
    problems = violations(Axe(), page)
    context.close()
    assert not problems, "\n".join(problems)
