"""The settings pages: who may open them, and what the objects and fields tabs do."""

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from labels.models import Label
from workspaces.models import Membership, ObjectSetting
from workspaces.object_settings import OBJECT_TYPES, ObjectSettings

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}

# Every settings URL, with the method that matters (pk placeholders filled per test).
SETTINGS_URLS = [
    ("get", "/settings/"),
    ("get", "/settings/objects/"),
    ("post", "/settings/objects/organisation/"),
    ("get", "/settings/objects/organisation/preview/"),
    ("get", "/settings/fields/"),
    ("post", "/settings/fields/contact/"),
    ("get", "/settings/labels/"),
    ("post", "/settings/labels/new/"),
    ("get", "/settings/labels/{label}/edit/"),
    ("post", "/settings/labels/{label}/edit/"),
    ("get", "/settings/labels/{label}/delete/"),
    ("post", "/settings/labels/{label}/delete/"),
    ("get", "/settings/members/"),
    ("post", "/settings/members/invite/"),
    ("post", "/settings/members/{member}/role/"),
    ("post", "/settings/members/{member}/remove/"),
    ("post", "/settings/members/invitations/1/revoke/"),
]


@pytest.fixture
def ids(alpha, mia):
    with alpha:
        label = Label.objects.create(name="Client")
    return {"label": label.pk, "member": Membership.objects.get(workspace=alpha, user=mia).pk}


def call(client, method, url, ids, **extra):
    return getattr(client, method)(url.format(**ids), **extra)


@pytest.mark.parametrize("method, url", SETTINGS_URLS)
def test_members_and_viewers_get_403_on_every_settings_url(
    client_on, alpha, mia, val, ids, method, url
):
    for person in (mia, val):
        assert call(client_on(alpha, person), method, url, ids).status_code == 403


@pytest.mark.parametrize("method, url", SETTINGS_URLS)
def test_non_members_get_404_on_every_settings_url(client_on, alpha, bob, ids, method, url):
    assert call(client_on(alpha, bob), method, url, ids).status_code == 404


@pytest.mark.parametrize("method, url", SETTINGS_URLS)
def test_anonymous_visitors_are_sent_to_login(client_on, alpha, ids, method, url):
    response = call(client_on(alpha), method, url, ids)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize(
    "url", ["/settings/", "/settings/fields/", "/settings/labels/", "/settings/members/"]
)
def test_admins_open_every_tab(client_on, alpha, alice, url):
    response = client_on(alpha, alice).get(url)
    assert response.status_code == 200
    assert 'class="tabs"' in response.content.decode()


def test_the_settings_link_is_shown_to_admins_only(client_on, alpha, alice, mia):
    assert 'href="/settings/"' in client_on(alpha, alice).get("/").content.decode()
    assert 'href="/settings/"' not in client_on(alpha, mia).get("/").content.decode()


def test_unknown_object_key_is_404(client_on, alpha, alice):
    client = client_on(alpha, alice)
    assert client.post("/settings/objects/invoice/", {}).status_code == 404
    assert client.get("/settings/objects/invoice/preview/").status_code == 404
    assert client.post("/settings/fields/invoice/", {}).status_code == 404


# --- Objects tab ---------------------------------------------------------------------------------


def object_data(key="organisation", enabled=True, singular="", plural="", gender="f"):
    data = {f"{key}-singular": singular, f"{key}-plural": plural, f"{key}-gender": gender}
    if enabled:
        data[f"{key}-enabled"] = "on"
    return data


def test_rename_without_javascript_redirects_with_a_message(client_on, alpha, alice):
    client = client_on(alpha, alice)
    response = client.post(
        "/settings/objects/organisation/",
        object_data(singular="Association", plural="Associations", gender="f"),
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/settings/objects/"
    page = response.content.decode()
    assert "Associations" in page
    assert "Nouvelle association" in page
    setting = ObjectSetting.objects.get(workspace=alpha, object="organisation")
    assert (setting.singular, setting.plural, setting.gender) == (
        "Association",
        "Associations",
        "f",
    )


def test_rename_with_htmx_answers_the_card_and_refreshes_the_menu(client_on, alpha, alice):
    response = client_on(alpha, alice).post(
        "/settings/objects/organisation/",
        object_data(singular="Syndicat", plural="Syndicats", gender="m"),
        **HTMX,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert 'id="object-organisation"' in page
    assert "Nouveau syndicat" in page
    assert 'hx-swap-oob="true"' in page
    assert "carnet:message" in response["HX-Trigger"]


def test_switch_an_object_off_and_on(client_on, alpha, alice):
    client = client_on(alpha, alice)
    client.post("/settings/objects/prospect/", object_data("prospect", enabled=False, gender="m"))
    assert not ObjectSettings.load(alpha).is_enabled("prospect")
    client.post("/settings/objects/prospect/", object_data("prospect", enabled=True, gender="m"))
    assert ObjectSettings.load(alpha).is_enabled("prospect")


def test_saving_untouched_defaults_keeps_following_the_language(client_on, alpha, alice):
    client_on(alpha, alice).post(
        "/settings/objects/opportunity/", object_data("opportunity", gender="f")
    )
    setting = ObjectSetting.objects.get(workspace=alpha, object="opportunity")
    assert (setting.singular, setting.plural, setting.gender) == ("", "", "")


@pytest.mark.parametrize(
    "data, message",
    [
        (object_data(singular="", plural="Associations"), "ne peut pas être vide"),
        (object_data(singular="A" * 41, plural="As"), "40 caractères"),
        (object_data(singular="Association", plural="Associations", gender="x"), "x"),
    ],
)
def test_bad_input_shows_a_message_and_changes_nothing(client_on, alpha, alice, data, message):
    for extra in ({}, HTMX):
        response = client_on(alpha, alice).post("/settings/objects/organisation/", data, **extra)
        assert response.status_code == 200
        assert message in response.content.decode()
        assert 'role="alert"' in response.content.decode()
    assert not ObjectSetting.objects.filter(workspace=alpha).exists()


def test_a_name_containing_html_is_shown_escaped(client_on, alpha, alice):
    client = client_on(alpha, alice)
    client.post(
        "/settings/objects/organisation/",
        object_data(singular="<b>Club</b>", plural="<script>alert(1)</script>"),
    )
    for url in ("/settings/", "/settings/fields/", "/"):
        page = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get("/settings/").content.decode()


def test_same_name_twice_is_saved_with_a_warning(client_on, alpha, alice):
    client = client_on(alpha, alice)
    client.post("/settings/objects/organisation/", object_data(singular="Client", plural="Clients"))
    response = client.post(
        "/settings/objects/contact/",
        object_data("contact", singular="Client", plural="Clients", gender="m"),
        follow=True,
    )
    assert "Un autre objet s&#x27;appelle aussi « Client »" in response.content.decode()
    assert ObjectSetting.objects.get(workspace=alpha, object="contact").singular == "Client"
    htmx = client.post(
        "/settings/objects/contact/",
        object_data("contact", singular="Client", plural="Clients", gender="m"),
        **HTMX,
    )
    assert "message--warning" in htmx.content.decode()


def test_live_preview_reads_the_typed_names_without_saving(client_on, alpha, alice):
    response = client_on(alpha, alice).get(
        "/settings/objects/organisation/preview/",
        {
            "organisation-singular": "École",
            "organisation-plural": "Écoles",
            "organisation-gender": "f",
        },
        **HTMX,
    )
    page = response.content.decode()
    assert "Nouvelle école" in page and "Aucune école" in page and "Toutes les écoles" in page
    assert "<html" not in page
    assert not ObjectSetting.objects.filter(workspace=alpha).exists()


def test_preview_with_masculine_vowel_elides(client_on, alpha, alice):
    page = (
        client_on(alpha, alice)
        .get(
            "/settings/objects/organisation/preview/",
            {
                "organisation-singular": "Établissement",
                "organisation-plural": "Établissements",
                "organisation-gender": "m",
            },
        )
        .content.decode()
    )
    assert "Nouvel établissement" in page


def test_preview_tolerates_garbage(client_on, alpha, alice):
    response = client_on(alpha, alice).get(
        "/settings/objects/organisation/preview/",
        {"organisation-singular": "<i>" * 30, "organisation-gender": "zz"},
    )
    assert response.status_code == 200
    assert "<i>" not in response.content.decode()


def test_settings_pages_cost_at_most_one_query_for_the_object_settings(client_on, alpha, alice):
    client = client_on(alpha, alice)
    for expected in (1, 0):  # then kept while unchanged (tests/workspaces/test_settings_version)
        with CaptureQueriesContext(connection) as captured:
            client.get("/settings/")
        reads = [
            q
            for q in captured.captured_queries
            if "workspaces_objectsetting" in q["sql"] and q["sql"].lstrip().startswith("SELECT")
        ]
        assert len(reads) <= expected


# --- Fields tab ---------------------------------------------------------------------------------


@pytest.fixture
def contact_optional_fields():
    with mock.patch.object(
        type(OBJECT_TYPES["contact"]),
        "optional_fields",
        new_callable=mock.PropertyMock,
        return_value=["phone", "job_title"],  # stable, whatever the model declares today
    ):
        yield


def test_fields_tab_lists_the_optional_fields_as_checkboxes(
    client_on, alpha, alice, contact_optional_fields
):
    page = client_on(alpha, alice).get("/settings/fields/").content.decode()
    assert 'name="fields-contact-shown" value="phone"' in page


def test_hide_a_field_without_javascript_and_with_htmx(
    client_on, alpha, alice, contact_optional_fields
):
    client = client_on(alpha, alice)
    response = client.post("/settings/fields/contact/", {"fields-contact-shown": ["job_title"]})
    assert response.status_code == 302
    assert not ObjectSettings.load(alpha)["contact"].shows("phone")
    response = client.post(
        "/settings/fields/contact/", {"fields-contact-shown": ["job_title", "phone"]}, **HTMX
    )
    assert response.status_code == 200 and "<html" not in response.content.decode()
    assert ObjectSettings.load(alpha)["contact"].shows("phone")


def test_a_field_that_is_not_optional_cannot_be_posted(
    client_on, alpha, alice, contact_optional_fields
):
    response = client_on(alpha, alice).post(
        "/settings/fields/contact/", {"fields-contact-shown": ["last_name"]}
    )
    assert response.status_code == 200  # the form answers with its error
    assert not ObjectSetting.objects.filter(workspace=alpha).exists()
