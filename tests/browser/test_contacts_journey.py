"""A person builds their contact base: an organisation, a contact in it, found again by typing
its name without accents, labelled, filtered by that label, and exported."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from labels.models import Label

pytestmark = pytest.mark.browser


@pytest.fixture
def vip_label(journey, django_db_blocker):
    with django_db_blocker.unblock(), journey.workspace:
        return Label.objects.create(name="VIP", colour="red")


def test_organisation_contact_search_label_filter_export(page, journey, vip_label):
    journey.login(page, "/organisations/new/")
    page.fill("input[name=name]", "Société Dupont SAS")
    page.get_by_role("button", name="Créer", exact=True).click()
    expect(page.get_by_role("heading", name="Société Dupont SAS")).to_be_visible()

    page.goto(journey.url("/contacts/new/"))
    page.fill("input[name=first_name]", "Hélène")
    page.fill("input[name=last_name]", "Noël")
    page.fill("input[name=organisation_search]", "dupont")
    option = page.get_by_role("option", name="Société Dupont SAS")
    expect(option).to_be_visible()
    option.click()
    expect(page.get_by_role("radio", name="Société Dupont SAS")).to_be_checked()
    page.get_by_role("button", name="Créer", exact=True).click()
    expect(page.get_by_role("heading", name="Hélène Noël")).to_be_visible()
    expect(page.locator(".banner").get_by_role("link", name="Société Dupont SAS")).to_be_visible()

    page.goto(journey.url("/contacts/"))
    page.fill("#id_q", "helene noel")
    expect(page).to_have_url(re.compile(r"q=helene"))
    results = page.locator("#results")
    expect(results.get_by_role("link", name="Hélène Noël")).to_be_visible()
    results.get_by_role("link", name="Hélène Noël").click()  # its preview, beside the list
    page.locator("#preview").get_by_role("link", name="Ouvrir la fiche").click()

    page.select_option("#add-label", label="VIP")
    page.locator("#labels").get_by_role("button", name="Ajouter").click()
    expect(page.locator("#labels .chip", has_text="VIP")).to_be_visible()

    page.goto(journey.url("/contacts/"))
    page.get_by_text("Ajouter un filtre").click()  # the filters' popover
    page.locator("#filter-form").get_by_label("VIP").check()
    page.locator("#filter-form").get_by_role("button", name="Appliquer les filtres").click()
    expect(page).to_have_url(re.compile(rf"label={vip_label.pk}"))
    expect(page.locator("#results").get_by_role("link", name="Hélène Noël")).to_be_visible()
    expect(page.locator(".results__count")).to_contain_text("1 résultat")

    with page.expect_download() as download_info:
        page.locator("#export-link").click()
    path = download_info.value.path()
    content = Path(path).read_text(encoding="utf-8")
    assert content.startswith("\ufeff")
    lines = content.lstrip("\ufeff").strip().splitlines()
    assert len(lines) == 2
    assert "Hélène" in lines[1] and "Société Dupont SAS" in lines[1] and "VIP" in lines[1]
