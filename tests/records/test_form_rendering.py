"""The record forms read cleanly: labels without colons, empty selects that say what empty
means, one spelling per field, and fieldsets that a wide screen lays out on two columns."""

import re

import pytest

from workspaces.object_settings_services import object_setting_update

FORMS = ["/organisations/new/", "/contacts/new/", "/opportunities/new/", "/prospects/new/"]


def labels(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", label).strip()
        for label in re.findall(r"<label[^>]*>(.*?)</label>", html, re.S)
    ]


@pytest.mark.parametrize("path", FORMS)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_colon_after_labels_and_no_dashes_in_selects(path, language, alpha, alice, client_on):
    response = client_on(alpha, alice).get(path, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    html = response.content.decode()
    found = labels(html)
    assert found, "the form has labels"
    assert not [label for label in found if label.endswith(":")], found
    assert "---------" not in html


@pytest.mark.parametrize("path", FORMS)
def test_fields_come_in_fieldsets(path, alpha, alice, client_on):
    html = client_on(alpha, alice).get(path).content.decode()
    assert 'class="form-sections"' in html
    assert 'form-section form-section--identity"' in html
    legends = re.findall(r'<legend class="form-section__legend">([^<]+)</legend>', html)
    assert "Identité" in legends and len(legends) >= 2


def test_organisation_form_sections_and_spellings(alpha, alice, client_on):
    html = client_on(alpha, alice).get("/organisations/new/").content.decode()
    legends = re.findall(r'<legend class="form-section__legend">([^<]+)</legend>', html)
    assert legends[:3] == ["Identité", "Coordonnées", "Adresse"]
    found = labels(html)
    assert "Site web" in found and "SIREN" in found
    assert "site web" not in found and "Siren" not in found
    english = labels(
        client_on(alpha, alice)
        .get("/organisations/new/", HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "Website" in english and "SIREN" in english


def test_the_detail_page_and_the_export_spell_fields_as_the_form(alpha, alice, client_on):
    client = client_on(alpha, alice)
    export = b"".join(client.get("/organisations/export/").streaming_content).decode("utf-8-sig")
    header = export.splitlines()[0]
    assert "SIREN" in header and "Site web" in header and "Siren" not in header


def test_an_empty_owner_says_none(alpha, alice, client_on):
    html = client_on(alpha, alice).get("/contacts/new/").content.decode()
    owner = html[html.index('id="id_owner"') :]
    owner = owner[: owner.index("</select>")]
    assert re.search(r'<option value=""[^>]*>— aucun —</option>', owner)


def test_an_empty_link_is_named_after_the_workspace_name(alpha):
    """The link pickers (organisation, contact) get the phrase as their field's empty label."""
    from contacts.forms import ContactForm
    from workspaces.object_settings import ObjectSettings

    object_setting_update(
        workspace=alpha, key="organisation", singular="Club", plural="Clubs", gender="m"
    )
    with alpha:
        form = ContactForm(object_settings=ObjectSettings.load(alpha))
        assert form.fields["organisation"].empty_label == "Aucun club"


def test_an_empty_choice_says_none(alpha, alice, client_on):
    client = client_on(alpha, alice)
    html = client.get("/prospects/new/").content.decode()
    assert re.search(r'<option value=""[^>]*>— aucun —</option>', html)
    english = client.get("/prospects/new/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert re.search(r'<option value=""[^>]*>— none —</option>', english)


def test_a_form_with_errors_keeps_its_fieldsets_and_saves_once_fixed(alpha, alice, client_on):
    client = client_on(alpha, alice)
    response = client.post("/organisations/new/", {"name": "", "siren": "12"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="form-sections"' in html and "field--invalid" in html
    response = client.post("/organisations/new/", {"name": "Acme", "website": "acme.test"})
    assert response.status_code == 302


def test_a_label_the_form_chose_stays(alpha, alice, client_on):
    found = labels(client_on(alpha, alice).get("/opportunities/new/").content.decode())
    assert "Montant (€)" in found and "Étape" in found
