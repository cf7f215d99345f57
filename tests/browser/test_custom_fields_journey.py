"""An admin adds « Date du comité » (date) and « Montant accordé » (money) to opportunities; a
member fills them, filters the list by a date range, saves the view « Comité de janvier » and
opens it from its tab in a new tab."""

import re

import pytest
from playwright.sync_api import expect

from opportunities.models import Stage
from records.models import CustomField
from tests.browser.conftest import PASSWORD
from workspaces import services
from workspaces.models import Role

pytestmark = pytest.mark.browser


def test_custom_fields_then_a_saved_view(page, browser, journey, django_db_blocker):
    # The admin adds the two fields under Settings › Fields.
    journey.login(page, "/settings/fields/")
    page.locator("#fields-opportunity").get_by_role("link", name="Champs personnalisés").click()
    for label, kind in [("Date du comité", "Date"), ("Montant accordé", "Montant (€)")]:
        page.get_by_label("Nom en français").fill(label)
        page.locator("#id_field_type").select_option(label=kind)
        page.get_by_label("Groupe").fill("Comité")
        page.get_by_role("button", name="Ajouter le champ").click()
        expect(page.locator("#custom-fields")).to_contain_text(label)

    with django_db_blocker.unblock():
        member = services.user_get_or_create(email="membre@journey.test", password=PASSWORD)
        services.membership_set(workspace=journey.workspace, user=member, role=Role.MEMBER)
        with journey.workspace:
            date_key = CustomField.objects.get(label_fr="Date du comité").form_name
            stage = Stage.objects.filter(kind="open").order_by("workflow_id", "position").first()

    # A member fills them when creating two opportunities.
    context = browser.new_context(locale="fr-FR")
    tab = context.new_page()
    tab.goto(journey.url("/opportunities/new/"))
    tab.fill("input[name=username]", "membre@journey.test")
    tab.fill("input[name=password]", PASSWORD)
    tab.get_by_role("button", name="Se connecter").click()
    for title, day, amount in [
        ("Projet Janvier", "2027-01-14", "12000"),
        ("Projet Mars", "2027-03-09", "800"),
    ]:
        tab.goto(journey.url("/opportunities/new/"))
        tab.get_by_label("Titre").fill(title)
        tab.get_by_label("Étape").select_option(str(stage.pk))
        form_group = tab.locator("fieldset.field-group", has_text="Comité")
        form_group.get_by_label("Date du comité").fill(day)
        form_group.get_by_label("Montant accordé").fill(amount)
        tab.get_by_role("button", name="Créer").click()
        expect(tab.get_by_role("heading", name=title)).to_be_visible()
    expect(tab.locator("#record")).to_contain_text("800,00")
    expect(tab.locator("#record")).to_contain_text("Comité")

    # The list, filtered by a date range on the custom field.
    tab.goto(journey.url("/opportunities/"))
    tab.get_by_text("Ajouter un filtre").click()  # the filters' popover
    tab.locator(".filters__more summary").click()
    tab.locator(f"input[name={date_key}_after]").fill("2027-01-01")
    tab.locator(f"input[name={date_key}_before]").fill("2027-01-31")
    tab.get_by_role("button", name="Appliquer les filtres").click()
    results = tab.locator("#results")
    expect(results).to_contain_text("Projet Janvier")
    expect(results).not_to_contain_text("Projet Mars")

    # Saved as a view: a tab above the list.
    tab.goto(tab.url)  # the filtered URL, as the address bar has it
    tab.locator("#save-view-panel summary").click()
    tab.get_by_label("Nom de la vue").fill("Comité de janvier")
    tab.get_by_role("button", name="Enregistrer la vue").click()
    view_tab = tab.locator(".views-tabs").get_by_role("link", name="Comité de janvier")
    expect(view_tab).to_have_attribute("aria-current", "page")

    # Opened from its tab in a new browser tab: the same list.
    tab.locator(".views-tabs .tabs__tab").first.click()
    expect(tab.locator("#results")).to_contain_text("Projet Mars")
    with context.expect_page() as opened:
        view_tab.click(modifiers=["Control"])
    new_tab = opened.value
    new_tab.wait_for_load_state()
    expect(new_tab).to_have_url(re.compile(r"/opportunities/\?view=\d+$"))
    expect(new_tab.locator("#results")).to_contain_text("Projet Janvier")
    expect(new_tab.locator("#results")).not_to_contain_text("Projet Mars")
    context.close()
