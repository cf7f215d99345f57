"""Settings › Workflows, edited in place: rename on Enter or on leaving a field, Escape cancels,
an error said in the row, add a stage, drag to reorder, Up/Down from the keyboard, and one
quiet delete that asks first — without reloading the page (issue 14)."""

import re

import pytest
from playwright.sync_api import expect

from opportunities.models import Stage, Workflow

pytestmark = pytest.mark.browser


def names_in_db(journey, django_db_blocker):
    with django_db_blocker.unblock(), journey.workspace:
        workflow = Workflow.objects.get(is_default=True)
        return list(workflow.stages.order_by("position", "pk").values_list("name", flat=True))


def test_stages_are_edited_in_place(page, journey, django_db_blocker):
    with django_db_blocker.unblock(), journey.workspace:
        workflow = Workflow.objects.get(is_default=True)
        stages = list(workflow.stages.order_by("position", "pk"))
    first, second, last = stages[0], stages[1], stages[-1]

    journey.login(page, "/settings/workflows/")
    expect(page.get_by_role("heading", name="Étapes").first).to_be_visible()
    page.evaluate("window.__samePage = true")  # gone if the page reloads
    editor = page.locator(f"#stage-editor-{workflow.pk}")

    # The probability has a visible label; the « Save » buttons are only for no-JavaScript.
    expect(page.get_by_label("Probabilité de gain").first).to_be_visible()
    expect(editor.get_by_role("button", name="Enregistrer")).to_have_count(0)

    # Rename on Enter.
    name = page.locator(f"#stage-name-{first.pk}")
    name.fill("Premier échange")
    name.press("Enter")
    expect(editor.get_by_role("status")).to_contain_text("Premier échange")

    # Escape puts the field back; nothing is sent.
    name = page.locator(f"#stage-name-{second.pk}")
    name.fill("Ne pas garder")
    name.press("Escape")
    expect(name).to_have_value(second.name)

    # Saved on leaving the field.
    probability = page.locator(f"#stage-probability-{second.pk}")
    probability.fill("55")
    probability.press("Tab")
    expect(editor.get_by_role("status")).to_contain_text(second.name)

    # A bad value is said in the row; nothing saved.
    name = page.locator(f"#stage-name-{first.pk}")
    name.fill("")
    name.press("Enter")
    expect(page.locator(f"#stage-{first.pk}").get_by_role("alert")).to_be_visible()
    name = page.locator(f"#stage-name-{first.pk}")
    name.fill("Premier échange")
    name.press("Enter")
    expect(page.locator(f"#stage-{first.pk}").get_by_role("alert")).to_have_count(0)

    # Add a stage.
    page.locator(f"#new-stage-{workflow.pk}").fill("Relance")
    page.locator(f"#new-stage-{workflow.pk}").press("Enter")
    expect(editor.locator(".stage-row[data-stage-id]")).to_have_count(len(stages) + 1)
    expect(page.locator(f"#new-stage-{workflow.pk}")).to_have_value("")

    # Drag the last stage (« Relance ») to the top by its handle.
    before = names_in_db(journey, django_db_blocker)
    assert before[-1] == "Relance"
    rows = editor.locator(".stage-row[data-stage-id]")
    rows.last.locator(".stage-row__handle").drag_to(rows.first, target_position={"x": 20, "y": 5})
    expect(editor.get_by_role("status")).to_contain_text("Nouvel ordre enregistré")
    assert names_in_db(journey, django_db_blocker) == ["Relance", *before[:-1]]

    # The keyboard way: « Descendre » on the first stage.
    down = editor.get_by_role("button", name="Descendre Relance")
    down.focus()
    page.keyboard.press("Enter")
    expect(rows.first).to_have_attribute("data-stage-id", str(first.pk))
    assert names_in_db(journey, django_db_blocker) == [before[0], "Relance", *before[1:-1]]

    assert page.evaluate("window.__samePage === true")
    assert page.locator(".button--danger").count() == 0

    # One quiet delete per stage, which asks first.
    editor.get_by_role("link", name=f"Supprimer {last.name}").click()
    expect(page).to_have_url(re.compile(rf"/settings/workflows/stages/{last.pk}/delete/$"))
    page.get_by_role("button", name="Supprimer").click()
    expect(page).to_have_url(re.compile(r"/settings/workflows/$"))
    with django_db_blocker.unblock(), journey.workspace:
        assert not Stage.objects.filter(pk=last.pk).exists()
