"""The record forms read cleanly: labels without colons, empty selects that say what empty
means, one spelling per field, and fieldsets that a wide screen lays out on two columns."""

import re

import pytest

from contacts.models import Contact
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


def none_choice(html: str, name: str) -> str:
    """The label of a picker's "no value" radio (records/widgets/picker.html)."""
    match = re.search(
        rf'<input type="radio" name="{name}" value=""[^>]*>\s*<span class="picker__text">'
        r'<span class="picker__label">([^<]*)</span>',
        html,
    )
    assert match, f"no empty choice for {name}"
    return match.group(1)


def test_an_empty_link_is_named_after_the_workspace_name(alpha, alice, client_on):
    client = client_on(alpha, alice)
    assert none_choice(client.get("/contacts/new/").content.decode(), "organisation") == (
        "Aucune organisation"
    )
    object_setting_update(
        workspace=alpha, key="organisation", singular="Club", plural="Clubs", gender="m"
    )
    html = client.get("/contacts/new/").content.decode()
    assert none_choice(html, "organisation") == "Aucun club"
    assert none_choice(html, "owner") == "Personne"


def test_an_empty_choice_says_none(alpha):
    """A select with Django's blank choice (a model field with choices and blank=True) says
    « — aucun — » instead of « --------- »."""
    from django import forms
    from django.utils import translation

    from prospects.forms import ProspectForm
    from workspaces.object_settings import ObjectSettings

    class WithChoice(ProspectForm):
        kind = forms.ChoiceField(choices=[("", "---------"), ("a", "A")], required=False)

    with alpha:
        settings = ObjectSettings.load(alpha)
        with translation.override("fr"):
            html = str(WithChoice(object_settings=settings)["kind"])
            assert '<option value="" selected>— aucun —</option>' in html
        with translation.override("en"):
            html = str(WithChoice(object_settings=settings)["kind"])
            assert '<option value="" selected>— none —</option>' in html


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


# Forms that are not record forms: a record page's task and note forms, My tasks, settings,
# statistics filters, the import.
OTHER_FORMS = [
    "/tasks/",
    "/settings/labels/",
    "/settings/members/",
    "/settings/workspace/",
    "/settings/custom-fields/contact/",
    "/contacts/statistics/",
    "/imports/",
]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_colon_after_labels_in_the_other_forms(language, alpha, alice, client_on):
    with alpha:
        contact = Contact.objects.create(last_name="Colon")
    client = client_on(alpha, alice)
    for path in [*OTHER_FORMS, f"/contacts/{contact.pk}/"]:
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, path
        found = labels(response.content.decode())
        assert found, path
        assert not [label for label in found if label.endswith(":")], (path, found)


@pytest.mark.parametrize(
    "path",
    [
        # A list's filters are in its popover, fetched when it opens (the same fields in the
        # list page without JavaScript, at filters/).
        "/contacts/filters/",
        "/organisations/filters/",
        "/opportunities/filters/",
        "/prospects/filters/",
        "/opportunities/statistics/",
    ],
)
def test_list_filters_and_statistics_filters_say_any_not_dashes(path, alpha, alice, client_on):
    client = client_on(alpha, alice)
    french = client.get(path, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "---------" not in french
    assert '<option value="" selected>Indifférent</option>' in french
    english = client.get(path, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<option value="" selected>Any</option>' in english
