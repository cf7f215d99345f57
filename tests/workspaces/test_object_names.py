"""A renamed object reads right on every screen, in both languages: the words that agree with
it (gagné/gagnée, perdu/perdue, clôturé/clôturée, créé/créée…), its name inside a sentence, its
count, and its name in each language with the other one as fallback."""

import re
from html import unescape

import pytest
from django.utils import translation

from contacts.models import Contact
from opportunities.models import Opportunity
from organisations.models import Organisation
from tests.opportunities.factories import opportunity, stage_named
from workspaces.models import ObjectSetting
from workspaces.object_settings import OBJECT_TYPES, CrmObject, ObjectSettings
from workspaces.object_settings_services import object_setting_update

# The opportunity renamed with a masculine and with a feminine French name, each with its
# English name, and what every screen must then say.
RENAMINGS = {
    "masculine": {
        "names": {"singular": "Projet", "plural": "Projets", "gender": "m"},
        "english": {"singular_en": "Project", "plural_en": "Projects"},
        "fr": {
            "mark_won": "Marquer gagné",
            "mark_lost": "Marquer perdu",
            "why_lost": "Pourquoi a-t-il été perdu ?",
            "won_this_month": "Gagnés ce mois-ci",
            "closed_on": "Clôturé le",
            "created_on": "Créé le",
            "marked_won": "Marqué gagné.",
            "new": "Nouveau projet",
            "workflows": "que traversent les projets",
            "deleted": "Projet « Audit » supprimé.",
        },
        "en": {"new": "New project", "workflows": "stages that projects move through"},
    },
    "feminine": {
        "names": {"singular": "Affaire", "plural": "Affaires", "gender": "f"},
        "english": {"singular_en": "Deal", "plural_en": "Deals"},
        "fr": {
            "mark_won": "Marquer gagnée",
            "mark_lost": "Marquer perdue",
            "why_lost": "Pourquoi a-t-elle été perdue ?",
            "won_this_month": "Gagnées ce mois-ci",
            "closed_on": "Clôturée le",
            "created_on": "Créée le",
            "marked_won": "Marquée gagnée.",
            "new": "Nouvelle affaire",
            "workflows": "que traversent les affaires",
            "deleted": "Affaire « Audit » supprimée.",
        },
        "en": {"new": "New deal", "workflows": "stages that deals move through"},
    },
}
ENGLISH = {
    "mark_won": "Mark won",
    "mark_lost": "Mark lost",
    "why_lost": "Why was it lost?",
    "won_this_month": "Won this month",
    "closed_on": "Closed on",
    "created_on": "Created on",
}
# The other gender's words, which must not show.
WRONG = {
    "masculine": ["Marquer gagnée", "Marquer perdue", "a-t-elle été perdue", "Gagnées ce mois"],
    "feminine": ["Marquer gagné<", "Marquer perdu<", "a-t-il été perdu", "Gagnés ce mois"],
}


def text(response) -> str:
    """The page as a reader sees it: tags out, entities decoded, spaces plain."""
    html = response.content.decode()
    plain = unescape(re.sub(r"<[^>]+>", " ", html))
    return re.sub(r"\s+", " ", plain.replace("\xa0", " ").replace("\u202f", " "))


def rename_opportunity(alpha, renaming, *, english=True):
    object_setting_update(
        workspace=alpha,
        key="opportunity",
        **renaming["names"],
        **(renaming["english"] if english else {}),
    )


@pytest.fixture
def audit(alpha):
    with alpha:
        return opportunity("Audit", amount="1000")


@pytest.mark.parametrize("gender", list(RENAMINGS))
def test_the_record_page_agrees_with_the_renamed_opportunity(
    gender, alpha, alice, client_on, audit
):
    renaming = RENAMINGS[gender]
    rename_opportunity(alpha, renaming)
    client = client_on(alpha, alice)
    page = client.get(f"/opportunities/{audit.pk}/")
    html = page.content.decode()
    for key in ("mark_won", "mark_lost"):
        assert f">{renaming['fr'][key]}</button>" in html
    assert renaming["fr"]["why_lost"] in text(page)
    for wrong in WRONG[gender]:
        assert wrong not in html
    english = text(client.get(f"/opportunities/{audit.pk}/", HTTP_ACCEPT_LANGUAGE="en"))
    for key in ("mark_won", "mark_lost", "why_lost"):
        assert ENGLISH[key] in english
    # Marked won: the message and the banner's closing date agree too.
    response = client.post(f"/opportunities/{audit.pk}/won/", follow=True)
    assert renaming["fr"]["marked_won"] in text(response)
    page = text(response)
    assert renaming["fr"]["closed_on"] in page
    # The banner names the closing date in agreement, and only so.
    other = {"masculine": "Clôturée le", "feminine": "Clôturé le"}[gender]
    assert other not in page


@pytest.mark.parametrize("gender", list(RENAMINGS))
def test_the_lost_reason_question_on_the_board_agrees(gender, alpha, alice, client_on, audit):
    rename_opportunity(alpha, RENAMINGS[gender])
    with alpha:  # dropped on the lost stage without a reason: its card asks why
        Opportunity.objects.filter(pk=audit.pk).update(stage=stage_named("Perdue"))
    board = client_on(alpha, alice).get("/opportunities/board/")
    assert RENAMINGS[gender]["fr"]["why_lost"] in text(board)


@pytest.mark.parametrize("gender", list(RENAMINGS))
def test_the_dashboard_says_won_this_month_in_agreement(gender, alpha, alice, client_on, audit):
    rename_opportunity(alpha, RENAMINGS[gender])
    client = client_on(alpha, alice)
    client.post(f"/opportunities/{audit.pk}/won/")
    assert RENAMINGS[gender]["fr"]["won_this_month"] in text(client.get("/"))
    assert ENGLISH["won_this_month"] in text(client.get("/", HTTP_ACCEPT_LANGUAGE="en"))


@pytest.mark.parametrize("gender", list(RENAMINGS))
def test_the_export_headers_agree(gender, alpha, alice, client_on, audit):
    rename_opportunity(alpha, RENAMINGS[gender])
    client = client_on(alpha, alice)
    french = b"".join(client.get("/opportunities/export/").streaming_content).decode("utf-8-sig")
    header = french.splitlines()[0]
    assert RENAMINGS[gender]["fr"]["closed_on"] in header
    assert RENAMINGS[gender]["fr"]["created_on"] in header
    english = b"".join(
        client.get("/opportunities/export/", HTTP_ACCEPT_LANGUAGE="en").streaming_content
    ).decode("utf-8-sig")
    assert "Closed on" in english.splitlines()[0]


@pytest.mark.parametrize("gender", list(RENAMINGS))
def test_the_workflow_settings_name_the_object_in_lower_case_mid_sentence(
    gender, alpha, alice, client_on
):
    rename_opportunity(alpha, RENAMINGS[gender])
    client = client_on(alpha, alice)
    assert RENAMINGS[gender]["fr"]["workflows"] in text(client.get("/settings/workflows/"))
    english = text(client.get("/settings/workflows/", HTTP_ACCEPT_LANGUAGE="en"))
    assert RENAMINGS[gender]["en"]["workflows"] in english


@pytest.mark.parametrize("gender", list(RENAMINGS))
def test_the_new_button_uses_the_name_of_the_readers_language(gender, alpha, alice, client_on):
    renaming = RENAMINGS[gender]
    rename_opportunity(alpha, renaming)
    client = client_on(alpha, alice)
    assert renaming["fr"]["new"] in text(client.get("/opportunities/"))
    assert renaming["en"]["new"] in text(client.get("/opportunities/", HTTP_ACCEPT_LANGUAGE="en"))


def test_without_an_english_name_english_readers_see_the_french_one(alpha, alice, client_on):
    rename_opportunity(alpha, RENAMINGS["masculine"], english=False)
    page = text(client_on(alpha, alice).get("/opportunities/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "New projet" in page


@pytest.mark.parametrize("gender", list(RENAMINGS))
def test_record_messages_agree(gender, alpha, alice, client_on, audit):
    rename_opportunity(alpha, RENAMINGS[gender])
    response = client_on(alpha, alice).post(f"/opportunities/{audit.pk}/delete/", follow=True)
    assert RENAMINGS[gender]["fr"]["deleted"] in text(response)
    with alpha:
        assert not Opportunity.objects.filter(pk=audit.pk).exists()


def test_created_and_updated_columns_agree_with_a_feminine_organisation(alpha, alice, client_on):
    with alpha:
        Organisation.objects.create(name="Acme")
    client = client_on(alpha, alice)
    assert "Modifiée le" in text(client.get("/organisations/"))  # une organisation
    object_setting_update(
        workspace=alpha, key="organisation", singular="Club", plural="Clubs", gender="m"
    )
    page = text(client.get("/organisations/"))
    assert "Modifié le" in page and "Modifiée le" not in page
    export = b"".join(client.get("/organisations/export/").streaming_content).decode("utf-8-sig")
    assert "Créé le" in export.splitlines()[0]


def test_settings_fields_name_links_by_the_workspace_names(alpha, alice, client_on):
    object_setting_update(
        workspace=alpha, key="organisation", singular="Structure", plural="Structures", gender="f"
    )
    page = client_on(alpha, alice).get("/settings/fields/").content.decode()
    contacts = page[page.index('id="fields-contact"') :]
    contacts = contacts[: contacts.index("</section>")]
    assert "Structure" in contacts and "Organisation" not in contacts


# --- Counts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "language, number, expected",
    [
        ("fr", 0, "0 contact"),
        ("fr", 1, "1 contact"),
        ("fr", 2, "2 contacts"),
        ("fr", 1500, "1 500 contacts"),
        ("en", 0, "0 contacts"),
        ("en", 1, "1 contact"),
        ("en", 2, "2 contacts"),
    ],
)
def test_a_count_takes_the_singular_or_the_plural_by_the_languages_rule(language, number, expected):
    contact = CrmObject(OBJECT_TYPES["contact"])
    with translation.override(language):
        assert contact.count(number).replace("\u202f", " ").replace("\xa0", " ") == expected


def test_an_organisation_page_counts_its_contacts_under_their_name(alpha, alice, client_on):
    with alpha:
        acme = Organisation.objects.create(name="Acme")
        Contact.objects.create(first_name="Ada", last_name="Lovelace", organisation=acme)
    client = client_on(alpha, alice)
    page = text(client.get(f"/organisations/{acme.pk}/"))
    assert "1 contact " in page and "1 contacts" not in page
    object_setting_update(
        workspace=alpha, key="contact", singular="Personne", plural="Personnes", gender="f"
    )
    with alpha:
        Contact.objects.create(first_name="Alan", last_name="Turing", organisation=acme)
    assert "2 personnes" in text(client.get(f"/organisations/{acme.pk}/"))


# --- A name per language ---------------------------------------------------------------------


def settings_with(**names) -> ObjectSettings:
    row = ObjectSetting(object="opportunity", **names)
    return ObjectSettings([row])


@pytest.mark.parametrize(
    "names, french, english",
    [
        ({}, ("Opportunité", "Opportunités"), ("Opportunity", "Opportunities")),
        (
            {"singular": "Projet", "plural": "Projets"},
            ("Projet", "Projets"),
            ("Projet", "Projets"),
        ),
        (
            {"singular_en": "Project", "plural_en": "Projects"},
            ("Project", "Projects"),
            ("Project", "Projects"),
        ),
        (
            {
                "singular": "Projet",
                "plural": "Projets",
                "singular_en": "Deal",
                "plural_en": "Deals",
            },
            ("Projet", "Projets"),
            ("Deal", "Deals"),
        ),
    ],
)
def test_each_language_has_its_name_and_falls_back_to_the_other(names, french, english):
    opportunity_object = settings_with(**names)["opportunity"]
    with translation.override("fr"):
        assert (opportunity_object.singular, opportunity_object.plural) == french
    with translation.override("en"):
        assert (opportunity_object.singular, opportunity_object.plural) == english


def test_the_settings_page_saves_both_languages(alpha, alice, client_on):
    client = client_on(alpha, alice)
    page = client.get("/settings/objects/").content.decode()
    assert 'name="opportunity-singular_en"' in page and 'name="opportunity-singular"' in page
    response = client.post(
        "/settings/objects/opportunity/",
        {
            "opportunity-enabled": "on",
            "opportunity-singular": "Projet",
            "opportunity-plural": "Projets",
            "opportunity-gender": "m",
            "opportunity-singular_en": "Project",
            "opportunity-plural_en": "Projects",
        },
    )
    assert response.status_code == 302
    setting = ObjectSetting.objects.get(workspace=alpha, object="opportunity")
    assert (setting.singular, setting.plural, setting.gender) == ("Projet", "Projets", "m")
    assert (setting.singular_en, setting.plural_en) == ("Project", "Projects")


def test_one_english_name_alone_is_refused_on_its_field(alpha, alice, client_on):
    response = client_on(alpha, alice).post(
        "/settings/objects/opportunity/",
        {"opportunity-enabled": "on", "opportunity-gender": "f", "opportunity-plural_en": "Deals"},
    )
    assert response.status_code == 200
    assert response.context["forms"][2].errors["singular_en"]
    assert not ObjectSetting.objects.filter(workspace=alpha, object="opportunity").exists()


def test_the_preview_reads_in_both_languages(alpha, alice, client_on):
    response = client_on(alpha, alice).get(
        "/settings/objects/opportunity/preview/",
        {
            "opportunity-singular": "Affaire",
            "opportunity-plural": "Affaires",
            "opportunity-gender": "f",
            "opportunity-singular_en": "Deal",
            "opportunity-plural_en": "Deals",
        },
        HTTP_HX_REQUEST="true",
    )
    page = text(response)
    assert "Nouvelle affaire" in page and "Aucune affaire" in page
    assert "New deal" in page and "No deals" in page


def test_english_names_are_escaped(alpha, alice, client_on):
    object_setting_update(
        workspace=alpha, key="opportunity", singular_en="<b>Deal</b>", plural_en="<i>Deals</i>"
    )
    html = client_on(alpha, alice).get("/opportunities/", HTTP_ACCEPT_LANGUAGE="en")
    html = html.content.decode()
    assert "<b>Deal</b>" not in html and "<i>Deals</i>" not in html
    assert "&lt;i&gt;Deals&lt;/i&gt;" in html


# --- Prospect statuses ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "names, new, contacted",
    [
        ({}, "Nouveau", "Contacté"),
        ({"singular": "Piste", "plural": "Pistes", "gender": "f"}, "Nouvelle", "Contactée"),
    ],
)
def test_prospect_statuses_agree_with_the_prospects_name(
    names, new, contacted, alpha, alice, val, client_on
):
    from prospects.models import Prospect

    if names:
        object_setting_update(workspace=alpha, key="prospect", **names)
    with alpha:
        lead = Prospect.objects.create(first_name="Ada", last_name="Lovelace")
    client = client_on(alpha, alice)
    record = client.get(f"/prospects/{lead.pk}/").content.decode()
    assert f">{new}<" in record
    listing = client.get("/prospects/").content.decode()
    assert f">{new}<" in listing  # the row's status
    # The status filter's choices, in the filter popover's fields (fetched when it opens).
    filters = client.get("/prospects/filters/").content.decode()
    assert re.search(rf"<label[^>]*>\s*<input[^>]*value=\"contacted\"[^>]*>\s*{contacted}", filters)
    # A viewer sees the same words, without the buttons.
    assert f">{new}<" in client_on(alpha, val).get("/prospects/").content.decode()
    english = client.get(f"/prospects/{lead.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">New<" in english


def test_prospect_conversion_and_dashboard_words_agree(alpha, alice, client_on):
    from django.utils import timezone

    from prospects.models import Prospect

    object_setting_update(
        workspace=alpha, key="prospect", singular="Piste", plural="Pistes", gender="f"
    )
    with alpha:
        Prospect.objects.create(first_name="Ada", last_name="Lovelace")
        Prospect.objects.create(first_name="Alan", last_name="Turing")
        done = Prospect.objects.create(first_name="Grace", last_name="Hopper")
        Prospect.objects.filter(pk=done.pk).update(status="converted", converted_at=timezone.now())
    client = client_on(alpha, alice)
    dashboard = text(client.get("/"))
    assert "2 nouvelles" in dashboard and "2 nouveaux" not in dashboard
    assert "Convertie le" in text(client.get(f"/prospects/{done.pk}/"))
    assert "Déjà convertie le" in text(client.get(f"/prospects/{done.pk}/convert/"))
