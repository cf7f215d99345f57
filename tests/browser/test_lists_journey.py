"""Lists and the board on a phone (390 px) and a wide screen (1440 px): no page wider than the
screen, cards on a phone, filters in a popover (a drawer on a phone) with chips, pagination that
lands at the top of the list, the record preview, and the board's stage switcher."""

import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from contacts.models import Contact
from labels.models import Label
from opportunities import services as opportunity_services
from opportunities.models import Workflow
from organisations.models import Organisation
from prospects.models import Prospect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1440, "height": 900}
SHOTS = Path(os.environ.get("CARNET_SHOTS", ".test-output/screenshots"))

# The page is no wider than the screen, and nothing in its content sticks out (the board and
# its switcher scroll inside themselves).
WIDTH_OK = """(() => { const main = document.getElementById('main');
  return document.documentElement.scrollWidth <= innerWidth
    && main.scrollWidth <= main.clientWidth && main.getBoundingClientRect().right <= innerWidth
    && [...main.querySelectorAll('*')].every(e => e.closest('.board, .stage-switcher')
       || e.getBoundingClientRect().right <= innerWidth + 0.5); })()"""
# What sticks out, to say so when the page is too wide.
WIDER = """[...document.querySelectorAll('main *')].filter(e => {
  const r = e.getBoundingClientRect(); return r.width && r.right > window.innerWidth + 0.5;
}).slice(0, 8)
  .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


@pytest.fixture
def crowd(journey, django_db_blocker):
    """60 contacts (two pages), a few organisations, prospects and opportunities."""
    with django_db_blocker.unblock(), journey.workspace:
        vip = Label.objects.create(name="Client fidèle", colour="green")
        org = Organisation.objects.create(
            name="Société des Établissements Lointains", city="Saint-Étienne", phone="0477123456"
        )
        for n in range(60):
            contact = Contact.objects.create(
                first_name=f"Prénom{n:02d}",
                last_name=f"Nom-très-long-{n:02d}",
                email=f"personne.{n:02d}@un-domaine-assez-long.example",
                phone="0123456789",
                city="Saint-Rémy-de-Provence",
                organisation=org,
            )
            if n % 3 == 0:
                contact.labels.add(vip)
        for n in range(5):
            Prospect.objects.create(
                first_name=f"Lead{n}", last_name="Durand", company_name="Durand & fils"
            )
        workflow = Workflow.objects.get(is_default=True)
        stages = list(workflow.stages.order_by("position"))
        for n in range(4):
            opportunity_services.opportunity_create(
                data={
                    "title": f"Affaire {n}",
                    "stage": stages[0],
                    "amount": Decimal("1602900"),
                    "organisation": org,
                },
                labels=None,
            )
        first = Contact.objects.order_by("last_name").first()
    return {"stages": stages, "first": first, "vip": vip}


def no_overflow(page, where):
    assert page.evaluate(WIDTH_OK), (
        where,
        page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]"),
        page.evaluate(WIDER),
    )


LISTS = ["/contacts/", "/organisations/", "/prospects/", "/opportunities/"]


@pytest.mark.parametrize("path", LISTS)
def test_lists_fit_a_phone_as_cards(page, journey, crowd, path):
    page.set_viewport_size(PHONE)
    journey.login(page, path)
    expect(page.locator("#results")).to_be_visible()
    no_overflow(page, path)
    row = page.locator("table.records tbody tr").first
    # A card: the header row is hidden, the row is a box with its title in bold.
    expect(page.locator("table.records thead")).not_to_be_in_viewport()
    assert row.evaluate("r => getComputedStyle(r).display") == "grid"
    title = row.locator("td.cell--title")
    assert int(title.evaluate("c => getComputedStyle(c).fontWeight")) >= 600
    # The filters are a drawer the height of the screen, that closes again.
    page.locator("summary.filter-popover__toggle").click()
    panel = page.locator(".filter-popover__panel")
    expect(panel).to_be_visible()
    box = panel.bounding_box()
    assert box["height"] >= PHONE["height"] - 1 and box["x"] >= 0
    no_overflow(page, path + " drawer")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"list-drawer-390-{path.strip('/')}.png"))
    page.get_by_role("button", name="Fermer").click()
    expect(panel).to_be_hidden()
    row.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"list-390-{path.strip('/')}.png"))


def test_filters_chips_pagination_and_preview_on_a_wide_screen(page, journey, crowd):
    page.set_viewport_size(WIDE)
    journey.login(page, "/contacts/")
    for path in [*LISTS[1:], "/contacts/"]:
        page.goto(journey.url(path))
        no_overflow(page, path + " 1440")
        # The table uses the width it has: no column hidden behind a sideways scrollbar.
        wrap = page.locator(".table-wrap")
        assert wrap.evaluate("w => w.scrollWidth <= w.clientWidth"), path
    # Localised values: French dates and phone numbers, on one line.
    cell = page.locator("table.records tbody tr").first
    expect(cell.locator("a[href^='tel:']")).to_have_text("01 23 45 67 89")
    expect(cell.locator("time")).to_have_text(re.compile(r"^\d\d/\d\d/\d{4}$"))

    # A label filter from the popover: the URL has no empty parameter; a chip removes it.
    page.locator("summary.filter-popover__toggle").click()
    page.get_by_label("Client fidèle").check()
    expect(page.locator(".filter-chip")).to_have_count(1)
    expect(page.locator(".results__count")).to_have_text(re.compile("20 résultats"))
    page.get_by_role("button", name="Appliquer les filtres").click()
    expect(page.locator(".filter-popover__panel")).to_be_hidden()
    assert page.url.endswith(f"/contacts/?label={crowd['vip'].pk}"), page.url
    page.locator(".filter-chip").click()
    expect(page.locator(".results__count")).to_have_text(re.compile("60 résultats"))
    expect(page.locator(".filter-chip")).to_have_count(0)

    # « Suivante » lands at the top of the list, page 2, with the sort kept.
    page.get_by_role("link", name=re.compile("^Nom")).first.click()
    expect(page).to_have_url(re.compile(r"sort=-?name"))
    page.get_by_role("link", name="Suivante").scroll_into_view_if_needed()
    page.get_by_role("link", name="Suivante").click()
    expect(page.locator(".pagination")).to_contain_text("Page 2 sur 2")
    expect(page).to_have_url(re.compile(r"sort=-?name.*page=2|page=2.*sort=-?name"))
    top = page.locator("#results").bounding_box()["y"]
    # At the top of the screen, or as close as a short last page lets the window scroll.
    bottom = page.evaluate(
        "Math.ceil(scrollY + innerHeight) >= document.documentElement.scrollHeight - 1"
    )
    assert -2 <= top <= 60 or (bottom and page.evaluate("scrollY") > 0 and top < 200), top
    expect(page.locator("#results")).to_be_focused()

    # The preview: a row's name opens it beside the list; Escape closes it.
    name = page.locator("table.records tbody td.cell--title a").first
    text = name.inner_text()
    name.click()
    preview = page.locator("#preview")
    expect(preview).to_be_visible()
    expect(preview.get_by_role("heading", name=text)).to_be_visible()
    expect(preview.get_by_role("link", name="Ouvrir la fiche")).to_be_visible()
    assert "/contacts/" in page.url and not re.search(r"/contacts/\d+/", page.url)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "list-preview-1440.png"))
    page.keyboard.press("Escape")
    expect(preview).to_be_hidden()
    expect(name).to_be_focused()


def test_board_on_a_phone_moves_a_card_with_the_stage_switcher(page, journey, crowd):
    page.set_viewport_size(PHONE)
    journey.login(page, "/opportunities/board/")
    expect(page.locator(".board-column").first).to_be_visible()
    no_overflow(page, "board 390")
    # One column fills the board's width; the switcher lists the stages with their counts.
    board = page.locator("#board")
    first = page.locator(".board-column").first
    assert abs(first.bounding_box()["width"] - board.bounding_box()["width"]) < 2
    stages = crowd["stages"]
    switcher = page.locator(".stage-switcher")
    expect(switcher).to_be_visible()
    expect(switcher.locator(".stage-switcher__item")).to_have_count(len(stages))
    expect(switcher.locator(".stage-switcher__item").first).to_contain_text("4")

    # Move a card without dragging: its « Déplacer vers… » select.
    target = stages[1]
    select = page.get_by_label("Déplacer « Affaire 0 » vers")
    select.select_option(str(target.pk))
    page.locator("#opp-" + select.get_attribute("id").removeprefix("move-")).get_by_role(
        "button", name="Déplacer"
    ).click()
    moved = page.locator(f"#column-{target.pk} .opp-card", has_text="Affaire 0")
    expect(moved).to_have_count(1)
    item = switcher.locator(f".stage-switcher__item[data-stage='{target.pk}']")
    expect(item).to_contain_text("1")

    # The switcher brings that column into view (the board scrolls, not the page).
    item.click()
    page.wait_for_function(
        "id => { const b = document.getElementById('board'), c = document.getElementById(id);"
        " return Math.abs(c.getBoundingClientRect().left - b.getBoundingClientRect().left) < 4; }",
        arg=f"column-{target.pk}",
    )
    expect(moved).to_be_in_viewport()
    no_overflow(page, "board 390 after the switch")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "board-390.png"))
    expect(item).to_have_attribute("aria-current", "true")


def test_board_on_a_wide_screen_is_unchanged(page, journey, crowd):
    page.set_viewport_size(WIDE)
    journey.login(page, "/opportunities/board/")
    expect(page.locator(".board-column").first).to_be_visible()
    no_overflow(page, "board 1440")
    expect(page.locator(".stage-switcher")).to_be_hidden()
    # Columns side by side, and the amounts in French on one line.
    columns = page.locator(".board-column")
    assert columns.nth(1).bounding_box()["x"] > columns.nth(0).bounding_box()["x"] + 100
    expect(page.locator(".opp-card__amount").first).to_have_text(re.compile(r"^1\s602\s900\s€$"))
    page.screenshot(path=str(SHOTS / "board-1440.png"))
