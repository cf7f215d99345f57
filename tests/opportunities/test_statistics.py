"""Opportunity statistics: each figure against hand-computed values, periods, filters, CSV."""

import csv
import io
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from opportunities.models import Opportunity, Workflow
from opportunities.services import workflow_create
from tests.opportunities.factories import opportunity, stage_named
from workspaces.object_settings_services import object_setting_update

PARIS = ZoneInfo("Europe/Paris")
SVG = "{http://www.w3.org/2000/svg}"


def spaced(html: str) -> str:
    return html.replace("\xa0", " ").replace("\u202f", " ")


def closed(deal, *, stage, on, created, reason=""):
    """Close `deal` on a given day (the services close today)."""
    Opportunity.objects.filter(pk=deal.pk).update(
        stage=stage, closed_on=on, created=created, lost_reason=reason
    )


@pytest.fixture
def deals(alpha, alice):
    """January 2026: two won (1 000 after 10 days, 3 000 after 20), one lost (price).
    February 2026: one won (500, 5 days), two lost (price, timing). Open: three."""
    with alpha:
        won, lost = stage_named("Gagnée"), stage_named("Perdue")
        jan = datetime(2026, 1, 1, 9, tzinfo=PARIS)
        for title, amount, stage, on, age, reason in [
            ("A", "1000", won, date(2026, 1, 11), 10, ""),
            ("B", "3000", won, date(2026, 1, 31), 20, ""),
            ("C", "2000", lost, date(2026, 1, 15), 3, "Prix"),
            ("D", "500", won, date(2026, 2, 6), 5, ""),
            ("E", "700", lost, date(2026, 2, 10), 3, "Prix"),
            ("F", "900", lost, date(2026, 2, 12), 3, "Calendrier"),
        ]:
            deal = opportunity(title, amount=amount)
            created = datetime.combine(on, jan.timetz()) - timedelta(days=age)
            closed(deal, stage=stage, on=on, created=created, reason=reason)
        opportunity(
            "G",
            stage=stage_named("Découverte"),
            amount="10000",
            expected_close_date=date(2026, 2, 20),
            owner=alice,
        )
        opportunity(
            "H",
            stage=stage_named("Proposition"),
            amount="5000",
            expected_close_date=date(2026, 3, 1),
        )
        opportunity("I", stage=stage_named("Proposition"), amount="1000")


def page(client, query=""):
    response = client.get(f"/opportunities/statistics/{query}")
    assert response.status_code == 200, response.content[:500]
    return spaced(response.content.decode())


def test_figures_of_a_month_against_the_previous_one(client_on, alpha, alice, deals):
    html = page(client_on(alpha, alice), "?period=custom&start=2026-02-01&end=2026-02-28")
    # February: 1 won (500 €), 2 lost -> 33.3 %; January: 2 won (4 000 €), 1 lost -> 66.7 %.
    assert "Opportunités gagnées" in html
    assert "33,3 %" in html and "66,7 %" in html
    assert "500 €" in html and "4 000 €" in html
    # Average days to win: 5 in February, 15 in January (a decrease is good news).
    assert "5 j" in html and "15 j" in html
    assert "stat__change--good" in html


def test_pipeline_by_stage_counts_totals_and_weights(client_on, alpha, alice, deals):
    client = client_on(alpha, alice)
    response = client.get("/opportunities/statistics/?period=year&csv=pipeline")
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["Étape", "Total", "Pondéré", "Nombre"]
    # Découverte 10 000 at 10 %; Proposition 6 000 at 40 %.
    assert rows[1][0] == "Découverte" and Decimal(rows[1][1]) == 10000
    assert Decimal(rows[1][2]) == 1000 and rows[1][3] == "1"
    assert rows[2][0] == "Proposition" and Decimal(rows[2][1]) == 6000
    assert Decimal(rows[2][2]) == 2400 and rows[2][3] == "2"


def test_won_and_lost_per_month_and_loss_reasons(client_on, alpha, alice, deals):
    client = client_on(alpha, alice)
    query = "?period=custom&start=2026-01-01&end=2026-02-28"
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(f"/opportunities/statistics/{query}&csv=won-lost").content.decode()[1:]
            )
        )
    )
    assert rows[1][:3] == ["Jan 2026", "2", "1"]
    assert rows[2][:3] == ["Fév 2026", "1", "2"]
    assert rows[1][-1].replace("\u202f", " ").replace("\xa0", " ") == "66,7 %"
    reasons = list(
        csv.reader(
            io.StringIO(
                client.get(f"/opportunities/statistics/{query}&csv=loss-reasons").content.decode()[
                    1:
                ]
            )
        )
    )
    assert reasons[1][:2] == ["Prix", "2"] and reasons[2][:2] == ["Calendrier", "1"]


def test_a_deal_closed_on_the_last_day_of_a_month_counts_in_that_month(
    client_on, alpha, alice, deals
):
    # B was won on 31 January: January shows 2 won, February's figure compares with it.
    html = page(client_on(alpha, alice), "?period=custom&start=2026-01-01&end=2026-01-31")
    assert "4 000 €" in html


def test_forecast_by_expected_close_month(client_on, alpha, alice, deals):
    client = client_on(alpha, alice)
    query = "?period=custom&start=2026-02-01&end=2026-03-31"
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(f"/opportunities/statistics/{query}&csv=forecast").content.decode()[1:]
            )
        )
    )
    assert [r[0] for r in rows[1:]] == ["Fév 2026", "Mar 2026"]
    assert Decimal(rows[1][1]) == 10000 and Decimal(rows[1][2]) == 1000
    assert Decimal(rows[2][1]) == 5000 and Decimal(rows[2][2]) == 2000


def test_filters_by_owner_and_workflow(client_on, alpha, alice, deals):
    client = client_on(alpha, alice)
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    f"/opportunities/statistics/?period=year&owner={alice.pk}&csv=pipeline"
                ).content.decode()[1:]
            )
        )
    )
    assert [r[0] for r in rows[1:]] == ["Découverte"]
    with alpha:
        other = workflow_create(name="Formations")
    html = page(client, f"?period=year&workflow={other.pk}")
    assert "Aucune opportunité dans cette période avec ces filtres" in html


def test_charts_are_valid_svg_with_title_and_description(client_on, alpha, alice, deals):
    html = page(client_on(alpha, alice), "?period=custom&start=2026-01-01&end=2026-03-31")
    charts = '<svg class="chart__svg"'  # the top bar's icons are SVGs too
    svgs = html.split(charts)[1:]
    assert len(svgs) == 4
    for chunk in svgs:
        svg = ET.fromstring(charts + chunk.split("</svg>")[0] + "</svg>")
        assert svg.get("role") == "img"
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert title.text and desc.text
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "<table" in html and 'href="/opportunities/?stage=' in html


@pytest.mark.parametrize(
    "query, message",
    [
        ("?period=custom&start=2026-03-01&end=2026-02-01", "La fin de la période"),
        ("?period=custom&start=1200-01-01&end=2026-02-01", "Choisissez une date entre"),
        ("?period=custom&start=2026-03-01", "Indiquez les deux dates"),
        ("?period=custom&start=garbage&end=2026-02-01", "Saisissez une date valide"),
        ("?workflow=999999", "Sélectionnez un choix valide"),
        ("?owner=abc", "Sélectionnez un choix valide"),
        ("?label=999999", "Sélectionnez un choix valide"),
        ("?period=forever", "Sélectionnez un choix valide"),
    ],
)
def test_bad_input_is_a_clear_message(client_on, alpha, alice, query, message):
    html = page(client_on(alpha, alice), query)
    assert message in html
    assert 'class="chart__svg"' not in html  # no chart


def test_a_workflow_of_another_workspace_is_unknown(client_on, alpha, beta, alice):
    with beta:
        foreign = Workflow.objects.get(is_default=True)
    with alpha:
        Workflow.objects.filter(pk=foreign.pk).delete()  # make sure the id is free in alpha
    html = page(client_on(alpha, alice), f"?workflow={foreign.pk}")
    assert "Sélectionnez un choix valide" in html


def test_unknown_csv_is_404(client_on, alpha, alice):
    assert client_on(alpha, alice).get("/opportunities/statistics/?csv=nope").status_code == 404


def test_disabled_opportunities_have_no_statistics(client_on, alpha, alice):
    object_setting_update(workspace=alpha, key="opportunity", enabled=False)
    assert client_on(alpha, alice).get("/opportunities/statistics/").status_code == 404


def test_empty_workspace_says_what_to_do(client_on, alpha, alice):
    html = page(client_on(alpha, alice))
    assert 'class="chart__svg"' not in html  # no chart
    assert "Aucune opportunité dans cette période avec ces filtres" in html


def test_htmx_gets_the_results_only(client_on, alpha, alice, deals):
    response = client_on(alpha, alice).get(
        "/opportunities/statistics/?period=year", HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"') and "<form" not in html


def test_query_count_does_not_grow_with_data(
    client_on, alpha, alice, deals, django_assert_max_num_queries
):
    client = client_on(alpha, alice)
    client.get("/opportunities/statistics/")
    # 17: the page's own, and the time in each stage the activities app adds (one query).
    with django_assert_max_num_queries(18):  # +1: the notifications bell
        client.get("/opportunities/statistics/?period=12m")


def test_english_names_and_a_renamed_object(client_on, alpha, alice, deals):
    object_setting_update(
        workspace=alpha, key="opportunity", singular="Projet", plural="Projets", gender="m"
    )
    client = client_on(alpha, alice)
    assert "Projets gagnés" in page(client, "?period=year")
    object_setting_update(workspace=alpha, key="opportunity", singular="", plural="", gender="")
    english = client.get("/opportunities/statistics/?period=year", HTTP_ACCEPT_LANGUAGE="en")
    assert "Opportunities won" in english.content.decode()
