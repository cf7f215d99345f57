"""An admin answers a person's request: reads their data on the printable page, downloads the
JSON, then erases them with the note that mentions them, and finds the trace in the log."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from activities.models import Note
from contacts.models import Contact
from tests.browser.conftest import ViolationWatch

pytestmark = pytest.mark.browser


@pytest.fixture
def people(journey, django_db_blocker):
    with django_db_blocker.unblock(), journey.workspace:
        person = Contact.objects.create(
            first_name="Gaspard", last_name="Vallotton", email="gaspard@vallotton.test"
        )
        Note.objects.create(contact=person, text="Souhaite être rappelé en mai.")
        other = Contact.objects.create(first_name="Maud", last_name="Berthier")
        mention = Note.objects.create(contact=other, text="Présentée par Gaspard Vallotton.")
        return person, other, mention


def test_see_download_and_erase_a_person(page, journey, people, django_db_blocker):
    person, other, mention = people
    watch = ViolationWatch(page)
    journey.login(page, f"/contacts/{person.pk}/")
    section = page.locator("#personal-data")
    expect(section.get_by_role("heading", name="Données personnelles")).to_be_visible()

    section.get_by_role("link", name="Consulter et imprimer").click()
    expect(
        page.get_by_role("heading", name="Données personnelles : Gaspard Vallotton")
    ).to_be_visible()
    expect(page.get_by_text("Souhaite être rappelé en mai.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger (JSON)").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["record"]["name"] == "Gaspard Vallotton"
    watch.assert_none("printable page")
    # Printed, the page keeps its content and drops its tools.
    page.emulate_media(media="print")
    expect(page.locator(".report__tools")).to_be_hidden()
    expect(page.get_by_text("Souhaite être rappelé en mai.")).to_be_visible()
    page.emulate_media(media="screen")

    page.goto(journey.url(f"/personal-data/contact/{person.pk}/erase/"))
    expect(page.locator("mark", has_text="Gaspard Vallotton")).to_be_visible()
    page.get_by_role("button", name="Effacer définitivement").click()
    expect(page.get_by_text("Cochez la case pour confirmer")).to_be_visible()
    page.get_by_label("Je comprends que c’est irréversible.").check()
    page.get_by_role("button", name="Effacer définitivement").click()
    expect(page.get_by_text("La personne a été effacée")).to_be_visible()
    expect(page.get_by_role("link", name="Gaspard Vallotton")).to_have_count(0)
    watch.assert_none("erasure")

    page.goto(journey.url(f"/contacts/{other.pk}/"))
    expect(page.get_by_text("Présentée par [effacé].")).to_be_visible()
    page.goto(journey.url("/settings/personal-data/"))
    log = page.locator("table")
    expect(log.get_by_text(f"Contact n° {person.pk} (n’existe plus)").first).to_be_visible()
    expect(log.get_by_text("Effacées")).to_be_visible()
    expect(log.get_by_text("Exportées (JSON)")).to_be_visible()
    with django_db_blocker.unblock(), journey.workspace:
        assert not Contact.objects.filter(pk=person.pk).exists()
        assert Note.objects.get(pk=mention.pk).text == "Présentée par [effacé]."
