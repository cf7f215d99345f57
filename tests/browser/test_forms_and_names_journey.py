"""An admin names opportunities « Projet » in French and "Project" in English, then works with
them: the record page agrees with the name in both languages. Record forms sit on two columns on
a wide screen and one on a phone, without overflowing."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

FORMS = ["/organisations/new/", "/contacts/new/", "/opportunities/new/", "/prospects/new/"]


def form_height(page) -> float:
    return page.evaluate("document.querySelector('#record form').getBoundingClientRect().height")


def test_record_forms_use_two_columns_when_wide_and_one_on_a_phone(page, journey):
    page.set_viewport_size({"width": 1440, "height": 900})
    journey.login(page, "/organisations/new/")
    heights = {}
    for path in FORMS:
        page.goto(journey.url(path))
        sections = page.locator(".form-section")
        expect(sections.first).to_be_visible()
        # The first two fieldsets sit side by side.
        first, second = sections.nth(0).bounding_box(), sections.nth(1).bounding_box()
        assert abs(first["y"] - second["y"]) < 2 and second["x"] > first["x"] + 200, path
        heights[path] = form_height(page)
        assert page.locator("label", has_text=":").count() == 0, path
    page.set_viewport_size({"width": 390, "height": 844})
    for path in FORMS:
        page.goto(journey.url(path))
        sections = page.locator(".form-section")
        first, second = sections.nth(0).bounding_box(), sections.nth(1).bounding_box()
        assert second["y"] >= first["y"] + first["height"] - 1, path  # one column
        # No field sticks out of the screen (the page's own 6 px excess is the shell's).
        widest = page.evaluate(
            "Math.max(...[...document.querySelectorAll('#record form *')]"
            ".map(e => e.getBoundingClientRect().right))"
        )
        assert widest <= 390, (path, widest)
    print("form heights at 1440 px:", heights)


def test_a_renamed_object_reads_right_in_both_languages(page, journey):
    journey.login(page, "/settings/objects/")
    card = page.locator("#object-opportunity")
    card.locator("input[name=opportunity-singular]").fill("Projet")
    card.locator("input[name=opportunity-plural]").fill("Projets")
    card.get_by_label("masculin").check()
    card.locator("input[name=opportunity-singular_en]").fill("Project")
    card.locator("input[name=opportunity-plural_en]").fill("Projects")
    preview = card.locator(".name-preview")
    expect(preview).to_contain_text("Nouveau projet")
    expect(preview).to_contain_text("New project")
    card.get_by_role("button", name="Enregistrer").click()
    expect(page.locator(".mainnav")).to_contain_text("Projets")

    page.goto(journey.url("/opportunities/new/"))
    expect(page.get_by_role("heading", name="Nouveau projet")).to_be_visible()
    page.fill("input[name=title]", "Refonte du site")
    page.get_by_role("button", name="Créer", exact=True).click()
    expect(page.get_by_role("heading", name="Refonte du site")).to_be_visible()
    expect(page.get_by_text("Projet « Refonte du site » créé.")).to_be_visible()
    expect(page.get_by_role("button", name="Marquer gagné", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Marquer perdu", exact=True)).to_be_visible()
    expect(page.get_by_label("Pourquoi a-t-il été perdu ?")).to_be_visible()

    page.locator(".language-switch").get_by_role("button", name="EN").click()
    expect(page.get_by_role("button", name="Mark won", exact=True)).to_be_visible()
    page.goto(journey.url("/opportunities/"))
    expect(page.get_by_role("link", name="New project")).to_be_visible()
