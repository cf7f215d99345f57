"""The README's screenshots: the dashboard, a list, a record page and the board, at 1440 px and
at 390 px, in a workspace filled with the demo data.

`make screenshots` writes them into docs/screenshots/; an ordinary test run writes them under
.test-output/ instead, so that running the tests leaves the checkout as it was.
"""

import os
from pathlib import Path

import pytest

from tests.browser.pages import make_demo_workspace

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": (1440, 900), "phone": (390, 844)}


@pytest.fixture(scope="module")
def demo_workspace(server_port, django_db_blocker):
    return make_demo_workspace(server_port, django_db_blocker, name="Atelier Lumière")


def shots(demo_workspace) -> dict[str, str]:
    return {
        "dashboard": "/",
        "list": "/contacts/",
        "record": demo_workspace.record_paths["opportunity"],
        "board": "/opportunities/board/",
    }


@pytest.mark.parametrize("device", list(WIDTHS))
def test_screenshots_of_the_main_pages(browser, demo_workspace, device):
    folder = Path(os.environ.get("CARNET_SCREENSHOTS") or ".test-output/screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    width, height = WIDTHS[device]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
    page = context.new_page()
    demo_workspace.login(page)
    for name, path in shots(demo_workspace).items():
        page.goto(demo_workspace.url(path))
        page.wait_for_load_state("networkidle")
        target = folder / f"{name}-{device}.png"
        page.screenshot(path=target)
        assert 5_000 < target.stat().st_size < 400_000, target
    context.close()
