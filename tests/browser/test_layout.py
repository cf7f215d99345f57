"""No page is wider than the screen, and the top bar stays on one line, in French and English.

Every main page of a workspace filled with the demo data is opened at a phone's width (390 px)
and at two desktop widths (1280 and 1440 px); the objects are renamed to long names too, since
a workspace chooses its own.
"""

import pytest

from contacts.models import Contact
from tests.browser.pages import make_demo_workspace
from workspaces.object_settings_services import object_setting_update

pytestmark = pytest.mark.browser

MEASURE = """() => {
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden";
  };
  const bar = document.querySelector(".topbar");
  const items = bar
    ? [...bar.querySelectorAll(":scope > *, .mainnav__list > li")].filter(shown)
    : [];
  const middles = items.map((el) => {
    const r = el.getBoundingClientRect();
    return r.top + r.height / 2;
  });
  // Menu entries must not be cut by the edge of the bar's list.
  const list = bar && bar.querySelector(".mainnav__list");
  const edge = list ? list.getBoundingClientRect().right + 1 : 0;
  const cut = list
    ? [...list.children]
        .filter((li) => shown(li) && li.getBoundingClientRect().right > edge)
        .map((li) => li.textContent.trim())
    : [];
  const wide = [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > innerWidth + 1 && shown(el))
    .slice(0, 5)
    .map((el) => el.tagName.toLowerCase() + "." + el.className);
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: innerWidth,
    barHeight: bar ? bar.getBoundingClientRect().height : 0,
    spread: middles.length ? Math.max(...middles) - Math.min(...middles) : 0,
    wide: wide,
    cut: cut,
  };
}"""

# One row of the top bar: its controls are about 2.3 rem high, plus the bar's padding.
ONE_ROW = 64


# A workspace may choose long names for its objects (40 characters at most).
LONG_NAMES = {
    "organisation": ("Établissement partenaire", "Établissements partenaires", "m"),
    "contact": ("Interlocutrice régionale", "Interlocutrices régionales", "f"),
    "opportunity": ("Projet de rénovation", "Projets de rénovation", "m"),
}


@pytest.fixture(scope="module")
def demo_workspace(server_port, django_db_blocker):
    return make_demo_workspace(server_port, django_db_blocker)


@pytest.fixture(scope="module")
def renamed_workspace(server_port, django_db_blocker):
    found = make_demo_workspace(
        server_port, django_db_blocker, name="Fédération des ateliers de Haute-Savoie"
    )
    with django_db_blocker.unblock():
        for key, (singular, plural, gender) in LONG_NAMES.items():
            object_setting_update(
                workspace=found.workspace, key=key, singular=singular, plural=plural, gender=gender
            )
    return found


def check_pages(page, demo_workspace, paths):
    problems = []
    for path in paths:
        page.goto(demo_workspace.url(path))
        found = page.evaluate(MEASURE)
        if found["scrollWidth"] > found["innerWidth"]:
            problems.append((path, "wider than the screen", found))
        if found["cut"]:
            problems.append((path, "menu entries cut off", found))
        if found["barHeight"] > ONE_ROW or found["spread"] > 8:
            problems.append((path, "top bar on more than one line", found))
    return problems


@pytest.mark.parametrize("width", [390, 1280, 1440])
def test_no_page_is_wider_than_the_screen_and_the_top_bar_is_one_line(
    browser, demo_workspace, width
):
    problems = []
    for locale in ["fr-FR", "en-GB"]:
        context = browser.new_context(viewport={"width": width, "height": 900}, locale=locale)
        page = context.new_page()
        demo_workspace.login(page)
        assert page.locator("html").get_attribute("lang") == locale[:2]
        problems += [
            (locale, *p) for p in check_pages(page, demo_workspace, demo_workspace.pages())
        ]
        context.close()
    assert not problems, "\n".join(map(str, problems))


@pytest.mark.parametrize("width", [390, 1280, 1440])
def test_long_object_names_keep_the_top_bar_on_one_line(browser, renamed_workspace, width):
    problems = []
    for locale in ["fr-FR", "en-GB"]:
        context = browser.new_context(viewport={"width": width, "height": 900}, locale=locale)
        page = context.new_page()
        renamed_workspace.login(page)
        paths = ["/", "/organisations/", renamed_workspace.record_paths["contact"], "/settings/"]
        problems += [(locale, *p) for p in check_pages(page, renamed_workspace, paths)]
        # Every object stays reachable: in the bar, or in its « More » menu.
        if width >= 900:
            for _singular, plural, _gender in LONG_NAMES.values():
                nav = page.locator("#mainnav")
                if not nav.get_by_role("link", name=plural).is_visible():
                    nav.locator(".mainnav__more > summary").click()
                    if not nav.get_by_role("link", name=plural).is_visible():
                        problems.append((locale, plural, "in neither the bar nor its menu"))
                    page.keyboard.press("Escape")
        context.close()
    assert not problems, "\n".join(map(str, problems))


@pytest.mark.parametrize("width", [1280, 1440])
def test_without_javascript_the_bar_is_one_line_and_cuts_no_entry(
    browser, renamed_workspace, width
):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="fr-FR", java_script_enabled=False
    )
    page = context.new_page()
    renamed_workspace.login(page)
    problems = check_pages(page, renamed_workspace, ["/", "/settings/"])
    nav = page.locator("#mainnav")
    nav.locator(".mainnav__more > summary").click()
    for _singular, plural, _gender in LONG_NAMES.values():
        if nav.get_by_role("link", name=plural).count() == 0:
            problems.append((plural, "in neither the bar nor its menu"))
    context.close()
    assert not problems, "\n".join(map(str, problems))


WRAPPED = """() => {
  // Names (a row's first cell) and emails of a wide list: each on one line; a value cut
  // with an ellipsis carries the whole of it in its title.
  const problems = [];
  const cells = [...document.querySelectorAll("table.records tbody td.cell--title a")];
  const emails = [...document.querySelectorAll('table.records tbody td a[href^="mailto:"]')];
  for (const el of [...cells, ...emails]) {
    const text = el.textContent.trim();
    const lineHeight = parseFloat(getComputedStyle(el).lineHeight) || 24;
    if (el.getClientRects().length > 1 || el.getBoundingClientRect().height > lineHeight * 1.5)
      problems.push(["wrapped", text]);
    if (el.scrollWidth > el.clientWidth + 1 && el.title !== text)
      problems.push(["cut without a title", text]);
  }
  return { problems: problems.slice(0, 5), names: cells.length, emails: emails.length };
}"""


@pytest.mark.parametrize("width", [1280, 1440])
def test_names_and_emails_of_wide_lists_stay_on_one_line(
    browser, renamed_workspace, django_db_blocker, width
):
    with django_db_blocker.unblock(), renamed_workspace.workspace:
        # A long name and a long address at the top of the list (sorted by name).
        Contact.objects.get_or_create(
            first_name="Aaron-Maximilien",
            last_name="de La Tour d’Auvergne-Lauraguais",
            email="aaron-maximilien.delatourdauvergne@federation-des-ateliers.example",
        )
    problems = []
    for locale in ["fr-FR", "en-GB"]:
        context = browser.new_context(viewport={"width": width, "height": 900}, locale=locale)
        page = context.new_page()
        renamed_workspace.login(page)
        for path in ["/contacts/?sort=name", "/organisations/", "/prospects/", "/opportunities/"]:
            page.goto(renamed_workspace.url(path))
            found = page.evaluate(WRAPPED)
            assert found["names"], path  # the check saw the list
            problems += [(locale, path, *p) for p in found["problems"]]
        context.close()
    assert not problems, "\n".join(map(str, problems))
