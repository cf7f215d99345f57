"""A person brings a spreadsheet in: a `;` CSV from French Excel (Windows-1252), the suggested
mapping accepted, a preview with one rejected row, the import run by the worker while the page
polls its progress, a contact found by typing
its name without accents, then the whole import undone."""

import re

import pytest
from playwright.sync_api import expect

from tests.workspaces.test_jobs import run_worker

pytestmark = pytest.mark.browser

FILE = (
    "Prénom;Nom;Adresse de messagerie;Société\r\n"
    "Aimée;Dupré;aimee@dupre.fr;Société Dupré SARL\r\n"
    "Jérôme;Lœuvre;pas-un-email;\r\n"
    "Noël;Cœur;noel@coeur.fr;société dupré\r\n"
).encode("cp1252")


def test_upload_map_preview_run_find_undo(page, journey):
    journey.login(page, "/imports/")
    page.get_by_label("Importer dans").select_option(label="Contacts")
    page.set_input_files(
        "input[name=file]", files=[{"name": "membres.csv", "mimeType": "text/csv", "buffer": FILE}]
    )
    page.get_by_role("button", name="Lire le fichier").click()

    expect(page.get_by_role("heading", name="Où va chaque colonne ?")).to_be_visible()
    expect(page.get_by_label("Adresse de messagerie")).to_have_value("email")
    expect(page.locator("select[name=column_3]")).to_have_value("organisation")
    page.get_by_role("button", name="Aperçu").click()

    preview = page.locator("#preview")
    expect(preview).to_contain_text("3 lignes dans le fichier.")
    expect(preview.locator("tbody tr")).to_have_count(3)
    expect(preview.locator(".import-row--rejected")).to_have_count(1)
    expect(preview.locator(".import-row--rejected")).to_contain_text("Lœuvre")
    page.get_by_role("button", name="Importer 3 lignes").click()

    status = page.locator("#import-status")
    expect(status.get_by_role("heading", name="En attente du traitement")).to_be_visible()
    expect(status.locator("progress")).to_be_visible()
    run_worker()  # the background worker takes the job; the page polls until it is done
    expect(status.get_by_role("heading", name="Terminé")).to_be_visible()
    expect(status.locator("dl")).to_contain_text("2")
    batch_url = page.url

    # Its end is in the notifications: the bell counts it, and its link comes back here.
    page.reload()
    bell = page.locator("a.notifications-link")
    expect(bell.locator(".badge")).to_have_text("1")
    bell.click()
    expect(page.get_by_role("heading", name="Notifications")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"Import de .* terminé : 2 créés")).click()
    expect(page).to_have_url(batch_url)
    expect(page.locator("a.notifications-link .badge")).to_have_count(0)

    page.goto(journey.url("/contacts/"))
    page.fill("#id_q", "aimee dupre")
    expect(page).to_have_url(re.compile(r"q=aimee"))
    expect(page.locator("#results").get_by_role("link", name="Aimée Dupré")).to_be_visible()

    page.goto(batch_url)
    page.get_by_role("link", name="Annuler cet import").click()
    page.get_by_role("button", name="Annuler l’import").click()
    expect(page.locator("#import-status").get_by_role("heading", name="Annulé")).to_be_visible()

    page.goto(journey.url("/contacts/?q=aimee+dupre"))
    expect(page.locator("#results").get_by_role("link", name="Aimée Dupré")).to_have_count(0)
