"""The command palette (Ctrl/Cmd-K) and the keyboard shortcuts' help (records.commands):
the workspace's names, enabled objects only, this workspace's records only, bounded queries."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import Contact
from organisations.models import Organisation
from records.custom_field_services import custom_field_create
from records.custom_fields import FieldType
from workspaces.object_settings_services import object_setting_update

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def palette(client, q: str = "") -> str:
    response = client.get("/search/palette/", {"q": q}, **HTMX)
    assert response.status_code == 200
    return response.content.decode()


def options(page: str) -> list[tuple[str, str]]:
    """(href, text) of each option, in order."""
    found = re.findall(
        r'<a role="option" id="palette-option-\d+"[^>]* href="([^"]*)"[^>]*>(.*?)</a>', page
    )
    return [(href, re.sub(r"<[^>]+>", "", text).strip()) for href, text in found]


def test_without_a_query_the_palette_offers_this_persons_actions(client_on, alpha, alice, mia, val):
    admin = dict((text, href) for href, text in options(palette(client_on(alpha, alice))))
    assert admin["Nouvelle organisation"] == "/organisations/new/"
    assert admin["Nouveau contact"] == "/contacts/new/"
    assert admin["Contacts"] == "/contacts/"
    assert admin["Mes tâches"] == "/tasks/"
    assert admin["Importer un fichier"] == "/imports/"
    assert admin["Paramètres"] == "/settings/"
    assert admin["Opportunités · Statistiques"] == "/opportunities/statistics/"
    assert any(href == "/opportunities/board/" for href in admin.values())
    member = dict((text, href) for href, text in options(palette(client_on(alpha, mia))))
    assert "Nouveau contact" in member and "Paramètres" not in member
    viewer = dict((text, href) for href, text in options(palette(client_on(alpha, val))))
    assert "Contacts" in viewer
    assert (
        not any(text.startswith("Nouv") for text in viewer) and "Importer un fichier" not in viewer
    )


def test_typing_finds_records_and_actions_accent_blind(client_on, alpha, mia):
    with alpha:
        ada = Contact.objects.create(first_name="Ada", last_name="Lovelace")
        dupont = Organisation.objects.create(name="Lovelace Conseil", city="Lyon")
    found = options(palette(client_on(alpha, mia), "lovelace"))
    assert (f"/contacts/{ada.pk}/", "Ada Lovelace") in found
    assert (f"/organisations/{dupont.pk}/", "Lovelace Conseil · Lyon") in found
    assert found[-1] == ("/search/?q=lovelace", "Rechercher « lovelace » partout")
    actions = [text for _href, text in options(palette(client_on(alpha, mia), "nouv cont"))]
    assert actions[0] == "Nouveau contact"
    assert ("/tasks/", "Mes tâches") in options(palette(client_on(alpha, mia), "taches"))


def test_results_are_bounded_and_cost_one_query_per_object(client_on, alpha, mia):
    with alpha:
        for number in range(8):
            Contact.objects.create(first_name="Martin", last_name=f"Nombre {number}")
            Organisation.objects.create(name=f"Martin {number}")
    client = client_on(alpha, mia)
    palette(client)  # sessions, caches warm
    with CaptureQueriesContext(connection) as without_records:
        palette(client, "zz")  # too short to look records up: actions only
    with CaptureQueriesContext(connection) as with_records:
        page = palette(client, "martin")
    found = options(page)
    assert len([h for h, _t in found if h.startswith("/contacts/")]) == 5
    assert len([h for h, _t in found if h.startswith("/organisations/")]) == 5
    # Four enabled objects: at most one query each, plus one for the whole search that says
    # which objects also search custom values (records.selectors.searches_custom_values).
    assert len(with_records.captured_queries) - len(without_records.captured_queries) <= 4 + 1
    assert len(with_records.captured_queries) <= 13


def test_disabled_objects_are_absent(client_on, alpha, alice):
    with alpha:
        Organisation.objects.create(name="Martin Frères")
        Contact.objects.create(first_name="Paul", last_name="Martin")
    object_setting_update(workspace=alpha, key="organisation", enabled=False)
    page = palette(client_on(alpha, alice), "martin")
    hrefs = [href for href, _text in options(page)]
    assert not any(href.startswith("/organisations/") for href in hrefs)
    assert any(href.startswith("/contacts/") for href in hrefs)
    assert "organisation" not in palette(client_on(alpha, alice)).lower()


def test_another_workspaces_records_never_appear(client_on, alpha, beta, mia, bob):
    with beta:
        Contact.objects.create(first_name="Bruno", last_name="Secretissime")
    assert "Secretissime" not in palette(client_on(alpha, mia), "secretissime")
    assert "Secretissime" in palette(client_on(beta, bob), "secretissime")
    # A member of alpha asking beta's palette: no such workspace for them.
    assert client_on(beta, mia).get("/search/palette/?q=secr", **HTMX).status_code == 404


def test_names_are_escaped_and_odd_input_is_harmless(client_on, alpha, mia):
    with alpha:
        Organisation.objects.create(name="<script>alert(1)</script> Dupont")
    client = client_on(alpha, mia)
    page = palette(client, "dupont")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; Dupont" in page
    for q in ["\x00", "%", "'; drop table", "é" * 500]:
        assert client.get("/search/palette/", {"q": q}, **HTMX).status_code == 200


def test_without_javascript_the_search_page_stands_in(client_on, alpha, mia):
    response = client_on(alpha, mia).get("/search/palette/?q=ada lovelace")
    assert response.status_code == 302 and response["Location"] == "/search/?q=ada+lovelace"


def dialogs_of(client, path: str, **headers) -> str:
    """The keyboard dialogs a page fetches when a shortcut first needs them (shortcuts.js)."""
    page = client.get(path, **headers).content.decode()
    assert '<dialog id="shortcuts-help"' not in page  # not rendered for nothing
    url = re.search(r'<div id="keyboard-dialogs" data-url="([^"]+)"', page).group(1)
    return client.get(html.unescape(url), **HTMX, **headers).content.decode()


def test_the_help_and_the_palette_are_offered_by_every_workspace_page_in_its_names(
    client_on, alpha, alice, val
):
    object_setting_update(
        workspace=alpha, key="organisation", singular="Association", plural="Associations"
    )
    object_setting_update(workspace=alpha, key="prospect", enabled=False)
    client = client_on(alpha, alice)
    page = dialogs_of(client, "/contacts/")
    assert '<dialog id="shortcuts-help"' in page and '<dialog id="command-palette"' in page
    assert 'data-new-url="/contacts/new/"' in page
    assert (
        'data-go-key="o" data-go-url="/organisations/"><dt><kbd>g</kbd> <kbd>o</kbd></dt>'
        "<dd>Associations</dd>" in page
    )
    assert 'data-go-key="c"' in page and 'data-go-key="d"' in page and 'data-go-key="t"' in page
    assert 'data-go-key="l"' not in page  # prospects are off
    assert "Raccourcis clavier" in page
    # `n` is for the current object, for people who may write.
    dashboard = dialogs_of(client, "/")
    assert "data-new-url" not in dashboard
    assert 'data-new-url="/organisations/new/"' in dialogs_of(client, "/organisations/")
    assert "data-new-url" not in dialogs_of(client_on(alpha, val), "/contacts/")
    english = dialogs_of(client, "/contacts/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Keyboard shortcuts" in english and "Raccourcis clavier" not in english
    english = client.get("/search/palette/?q=new", HTTP_ACCEPT_LANGUAGE="en", **HTMX)
    assert "New association" in english.content.decode()
    # Garbage in the page's namespace offers no `n`; without JavaScript, no fragment.
    for namespace in ["\x00", "nope", "x" * 500]:
        response = client.get("/search/keyboard/", {"namespace": namespace}, **HTMX)
        assert response.status_code == 200 and "data-new-url" not in response.content.decode()
    assert client.get("/search/keyboard/").status_code == 302


def test_records_are_found_by_their_custom_text_values_too(client_on, alpha, mia):
    with alpha:
        motto = custom_field_create(
            object_key="contact", label="Devise", field_type=FieldType.TEXT
        ).field
        ada = Contact.objects.create(first_name="Ada", custom={motto.key: "Toujours plus loin"})
    found = options(palette(client_on(alpha, mia), "plus loin"))
    assert (f"/contacts/{ada.pk}/", "Ada") in found
