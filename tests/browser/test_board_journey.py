"""A salesperson creates an opportunity, drags it along the board, then moves it by keyboard."""

import re

import pytest
from playwright.sync_api import expect

from opportunities.models import Stage

pytestmark = pytest.mark.browser


def column(page, name):
    return page.locator(".board-column", has=page.locator(".board-column__title", has_text=name))


def total(page, name):
    return column(page, name).locator("[data-total]")


def test_create_drag_reload_then_move_with_the_keyboard(page, journey, django_db_blocker):
    with django_db_blocker.unblock(), journey.workspace:
        stage_ids = dict(Stage.objects.values_list("name", "pk"))

    journey.login(page, "/opportunities/new/")
    page.get_by_label("Titre").fill("Refonte du site")
    page.get_by_label("Montant (€)").fill("12500")
    page.get_by_label("Étape").select_option(str(stage_ids["Découverte"]))
    page.get_by_role("button", name="Créer").click()
    expect(page.get_by_role("heading", name="Refonte du site")).to_be_visible()

    page.goto(journey.url("/opportunities/board/"))
    card = page.locator(".opp-card", has_text="Refonte du site")
    expect(column(page, "Découverte").locator(".opp-card")).to_have_count(1)
    expect(total(page, "Découverte")).to_have_text(re.compile(r"12\s500\s€"))
    expect(total(page, "Proposition")).to_have_text(re.compile(r"^0\s€$"))

    # Drag and drop (HTML5) onto the Proposition column: saved at once, both totals change.
    card.drag_to(column(page, "Proposition").locator(".board-column__cards"))
    expect(total(page, "Proposition")).to_have_text(re.compile(r"12\s500\s€"))
    expect(total(page, "Découverte")).to_have_text(re.compile(r"^0\s€$"))
    expect(column(page, "Proposition").locator("[data-count]")).to_have_text("1")

    page.reload()
    expect(
        column(page, "Proposition").locator(".opp-card", has_text="Refonte du site")
    ).to_be_visible()
    expect(column(page, "Découverte").locator(".opp-card")).to_have_count(0)

    # The keyboard way: the "move to…" select and its button, no mouse.
    select = page.get_by_label("Déplacer « Refonte du site » vers")
    select.focus()
    select.select_option(label="Négociation")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    moved = column(page, "Négociation").locator(".opp-card", has_text="Refonte du site")
    expect(moved).to_be_visible()
    expect(total(page, "Négociation")).to_have_text(re.compile(r"12\s500\s€"))
    expect(total(page, "Proposition")).to_have_text(re.compile(r"^0\s€$"))
    page.reload()
    expect(
        column(page, "Négociation").locator(".opp-card", has_text="Refonte du site")
    ).to_be_visible()
