"""The workspace-settings API: names, phrases, escaping, and its cost per request."""

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from workspaces.models import ObjectSetting, Workspace
from workspaces.object_settings import (
    OBJECT_KEYS,
    OBJECT_TYPES,
    CrmObject,
    ObjectSettings,
    object_settings_for,
)


def named(key="organisation", singular="", plural="", gender="", **kwargs) -> CrmObject:
    return CrmObject(
        OBJECT_TYPES[key],
        custom_singular=singular,
        custom_plural=plural,
        custom_gender=gender,
        **kwargs,
    )


# --- Default names follow the reader's language ------------------------------------------------


@pytest.mark.parametrize(
    "language, expected",
    [
        (
            "fr",
            {
                "organisation": "Organisation",
                "contact": "Contact",
                "opportunity": "Opportunité",
                "prospect": "Prospect",
            },
        ),  # noqa: E501
        (
            "en",
            {
                "organisation": "Organisation",
                "contact": "Contact",
                "opportunity": "Opportunity",
                "prospect": "Prospect",
            },
        ),  # noqa: E501
    ],
)
def test_default_names_come_from_the_active_language(language, expected):
    settings = ObjectSettings()
    with translation.override(language):
        assert {key: settings[key].singular for key in OBJECT_KEYS} == expected


@pytest.mark.parametrize(
    "language, plural",
    [("fr", "Opportunités"), ("en", "Opportunities")],
)
def test_default_plural_follows_the_language(language, plural):
    with translation.override(language):
        assert ObjectSettings()["opportunity"].plural == plural


def test_everything_is_enabled_and_shown_by_default():
    settings = ObjectSettings()
    assert [obj.key for obj in settings.enabled()] == list(OBJECT_KEYS)
    assert settings["contact"].shows("phone")


def test_a_workspace_name_is_the_same_in_every_language():
    organisation = named(singular="Association", plural="Associations", gender="f")
    for language in ("fr", "en"):
        with translation.override(language):
            assert organisation.singular == "Association"
            assert organisation.plural == "Associations"


# --- Phrases: French gender, elision, number --------------------------------------------------


@pytest.mark.parametrize(
    "singular, plural, gender, kind, expected",
    [
        ("Association", "Associations", "f", "new", "Nouvelle association"),
        ("Syndicat", "Syndicats", "m", "new", "Nouveau syndicat"),
        ("Établissement", "Établissements", "m", "new", "Nouvel établissement"),
        ("Entreprise", "Entreprises", "f", "new", "Nouvelle entreprise"),
        ("Association", "Associations", "f", "none", "Aucune association"),
        ("Syndicat", "Syndicats", "m", "none", "Aucun syndicat"),
        ("École", "Écoles", "f", "the", "l'école"),
        ("Syndicat", "Syndicats", "m", "the", "le syndicat"),
        ("Entreprise", "Entreprises", "f", "the", "l'entreprise"),
        ("Hôpital", "Hôpitaux", "m", "the", "l'hôpital"),
        ("Établissement", "Établissements", "m", "this", "cet établissement"),
        ("École", "Écoles", "f", "this", "cette école"),
        ("Syndicat", "Syndicats", "m", "all", "Tous les syndicats"),
        ("Association", "Associations", "f", "all", "Toutes les associations"),
        ("Association", "Associations", "f", "add", "Ajouter une association"),
        ("SCI", "SCI", "f", "new", "Nouvelle SCI"),
    ],
)
def test_french_phrases_agree_with_gender_and_elide(singular, plural, gender, kind, expected):
    with translation.override("fr"):
        assert named(singular=singular, plural=plural, gender=gender).phrase(kind) == expected


def test_default_names_read_well_in_french():
    settings = ObjectSettings()
    with translation.override("fr"):
        assert settings["organisation"].new_label == "Nouvelle organisation"
        assert settings["opportunity"].none_label == "Aucune opportunité"
        assert settings["contact"].new_label == "Nouveau contact"
        assert settings["prospect"].phrase("the") == "le prospect"


def test_english_phrases_use_the_plural_after_no():
    with translation.override("en"):
        organisation = named(singular="Association", plural="Associations", gender="f")
        assert organisation.phrase("new") == "New association"
        assert organisation.phrase("none") == "No associations"
        assert ObjectSettings()["opportunity"].none_label == "No opportunities"


# --- Names are data: always escaped -------------------------------------------------------------


def render(template: str, settings: ObjectSettings) -> str:
    request = RequestFactory().get("/")
    request._object_settings = settings
    return Template("{% load crm %}" + template).render(
        Context({"request": request, "crm_objects": settings})
    )


class FakeRow:
    def __init__(self, **kwargs):
        defaults = dict(
            object="organisation",
            enabled=True,
            singular="",
            plural="",
            gender="",
            singular_en="",
            plural_en="",
            hidden_fields=[],
        )
        self.__dict__.update(defaults | kwargs)


def test_a_name_containing_html_is_escaped_by_the_tags_and_variables():
    settings = ObjectSettings([FakeRow(singular="<b>Club</b>", plural="<script>x</script>")])
    with translation.override("fr"):
        out = render(
            '{% object_name "organisation" %}|{% object_name "organisation" "plural" %}|'
            '{% object_phrase "organisation" "new" %}|{{ crm_objects.organisation.new_label }}',
            settings,
        )
    assert "<b>" not in out and "<script>" not in out
    assert "&lt;b&gt;Club&lt;/b&gt;" in out
    assert "&lt;script&gt;x&lt;/script&gt;" in out


# --- Cost: one query per request, whatever the page asks ----------------------------------------


def settings_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if "workspaces_objectsetting" in q["sql"]]


@pytest.mark.django_db
def test_settings_are_loaded_once_per_request(rf, alpha):
    ObjectSetting.objects.create(workspace=alpha, object="organisation", singular="Association")
    request = rf.get("/")
    # The workspace row as the request reads it with its host (its settings_version is new).
    request.tenant = Workspace.objects.get(pk=alpha.pk)
    with CaptureQueriesContext(connection) as captured:
        for _ in range(5):
            settings = object_settings_for(request)
            settings.is_enabled("contact")
            assert settings["organisation"].singular == "Association"
    assert len(settings_queries(captured)) == 1


@pytest.mark.django_db
def test_a_workspace_page_costs_at_most_one_query_for_the_settings(client_on, alpha, alice):
    ObjectSetting.objects.create(workspace=alpha, object="prospect", enabled=False)
    client = client_on(alpha, alice)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")
    assert response.status_code == 200
    assert len(settings_queries(captured)) <= 1


@pytest.mark.django_db
def test_settings_are_per_workspace(rf, alpha, beta):
    ObjectSetting.objects.create(workspace=alpha, object="organisation", singular="École")
    assert ObjectSettings.load(alpha)["organisation"].singular == "École"
    with translation.override("fr"):
        assert ObjectSettings.load(beta)["organisation"].singular == "Organisation"
