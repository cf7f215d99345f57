"""Status words that agree with the workspace's name for the object, in exports and history
lines as on screens: a prospect « Qualifié » or, renamed « Structure » (feminine),
« Qualifiée »; an opportunity « Gagnée » or, renamed « Projet » (masculine), « Gagné »; in
English whatever the gender."""

import csv
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from opportunities import services as opportunity_services
from opportunities.models import StageKind
from prospects import conversion, services
from prospects.conversion import Choice
from tests.opportunities.factories import opportunity
from workspaces.object_settings_services import object_setting_update

from .conftest import make_prospect

pytestmark = pytest.mark.django_db


def export(client, path: str, language: str, style: str = "csv") -> list[list[str]]:
    response = client.get(path, {"format": style}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    if style == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        return [["" if c is None else str(c) for c in row] for row in book.active.values]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def column(rows: list[list[str]], header: str) -> list[str]:
    index = rows[0].index(header)
    return [row[index] for row in rows[1:]]


def rename(workspace, key, singular, plural, gender):
    object_setting_update(
        workspace=workspace, key=key, singular=singular, plural=plural, gender=gender
    )


@pytest.fixture
def statuses(alpha, alice):
    with alpha:
        qualified = make_prospect(alice, last_name="Roux")
        services.prospect_set_status(prospect=qualified, status="qualified", user=alice)
        converted = make_prospect(alice, last_name="Blanc")
        conversion.prospect_convert(prospect=converted, user=alice, contact=Choice.create())
        dropped = make_prospect(alice, last_name="Noir")
        services.prospect_set_status(
            prospect=dropped, status="disqualified", user=alice, reason="Hors cible"
        )
    return qualified


@pytest.mark.parametrize("style", ["csv", "xlsx"])
def test_prospect_statuses_in_the_export_agree_with_the_name(
    client_on, alpha, alice, statuses, style
):
    client = client_on(alpha, alice)
    masculine = set(column(export(client, "/prospects/export/", "fr", style), "Statut"))
    assert masculine == {"Qualifié", "Converti", "Disqualifié"}
    rename(alpha, "prospect", "Structure", "Structures", "f")
    feminine = set(column(export(client, "/prospects/export/", "fr", style), "Statut"))
    assert feminine == {"Qualifiée", "Convertie", "Disqualifiée"}
    english = set(column(export(client, "/prospects/export/", "en", style), "Status"))
    assert english == {"Qualified", "Converted", "Disqualified"}


def test_prospect_statuses_in_history_lines_agree_with_the_name(client_on, alpha, alice, statuses):
    client = client_on(alpha, alice)
    url = f"/prospects/{statuses.pk}/?kind=history"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Nouveau → Qualifié" in page
    rename(alpha, "prospect", "Structure", "Structures", "f")
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Nouvelle → Qualifiée" in page and "Qualifié<" not in page
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "New → Qualified" in page


def test_opportunity_status_and_closed_on_in_the_export_agree_with_the_name(
    client_on, alpha, alice
):
    with alpha:
        won = opportunity(title="Gagné d'avance")
        won_stage = won.workflow.stages.get(kind=StageKind.WON)
        lost_stage = won.workflow.stages.get(kind=StageKind.LOST)
        opportunity_services.opportunity_move(opportunity=won, stage=won_stage)
        lost = opportunity(title="Perdu")
        opportunity_services.opportunity_move(
            opportunity=lost, stage=lost_stage, lost_reason="Budget"
        )
        opportunity(title="En cours")
    client = client_on(alpha, alice)
    for style in ("csv", "xlsx"):
        rows = export(client, "/opportunities/export/", "fr", style)
        assert set(column(rows, "Statut")) == {"Gagnée", "Perdue", "En cours"}
        assert "Clôturée le" in rows[0]
    rename(alpha, "opportunity", "Projet", "Projets", "m")
    for style in ("csv", "xlsx"):
        rows = export(client, "/opportunities/export/", "fr", style)
        assert set(column(rows, "Statut")) == {"Gagné", "Perdu", "En cours"}
        assert "Clôturé le" in rows[0] and "Créé le" in rows[0]
    rows = export(client, "/opportunities/export/", "en")
    assert set(column(rows, "Status")) == {"Won", "Lost", "Open"}
    assert "Closed on" in rows[0]


def test_list_filters_bulk_statuses_and_messages_agree_with_the_name(
    client_on, alpha, alice, statuses
):
    rename(alpha, "prospect", "Structure", "Structures", "f")
    rename(alpha, "opportunity", "Projet", "Projets", "m")
    client = client_on(alpha, alice)
    page = client.get("/prospects/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<option value="contacted">Contactée</option>' in page  # the bulk status
    assert "Qualifiée" in page and ">Qualifié<" not in page
    response = client.post(
        "/prospects/bulk/",
        {"ids": [statuses.pk], "action": "set_status", "bulk_status": "contacted"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert "Statut « Contactée »" in response.content.decode()
    page = client.get("/opportunities/filters/?status=won", HTTP_ACCEPT_LANGUAGE="fr")
    page = page.content.decode()
    # The status filter (in the popover, filters/ without JavaScript) and its chip (« Gagnée »
    # is also a stage's name, the user's word).
    assert '<option value="won" selected>Gagné</option>' in page


def test_stage_kinds_in_the_workflow_settings_agree_with_the_name(client_on, alpha, alice):
    client = client_on(alpha, alice)
    page = client.get("/settings/workflows/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<option value="won">Gagnée</option>' in page
    rename(alpha, "opportunity", "Projet", "Projets", "m")
    page = client.get("/settings/workflows/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<option value="won">Gagné</option>' in page
    assert '<option value="lost" selected>Perdu</option>' in page


def test_a_refused_status_change_names_both_statuses_in_agreement(alpha, alice):
    """Qualified cannot go back to contacted: the message says so in the workspace's words."""
    rename(alpha, "prospect", "Structure", "Structures", "f")
    with alpha:
        prospect = make_prospect(alice, last_name="Roux")
        services.prospect_set_status(prospect=prospect, status="qualified", user=alice)
        with translation.override("fr"), pytest.raises(ValidationError) as refused:
            services.prospect_set_status(prospect=prospect, status="contacted", user=alice)
    assert refused.value.messages == [
        "Le statut ne peut pas passer de « Qualifiée » à « Contactée »."
    ]
