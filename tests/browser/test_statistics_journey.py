"""A manager opens the opportunity statistics, changes the period, downloads a chart's data and
follows a bar to the opportunities behind it."""

import os
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from opportunities import services
from opportunities.models import Opportunity, Stage

pytestmark = pytest.mark.browser
SCREENSHOTS = os.environ.get("STATISTICS_SCREENSHOTS", "")


def shot(page, name):
    """Screenshots for a person to look at, when STATISTICS_SCREENSHOTS names a folder."""
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


def test_statistics_period_csv_and_a_bar_to_the_list(page, journey, django_db_blocker):
    today = timezone.localdate()
    last_year = date(today.year - 1, 6, 15)
    with django_db_blocker.unblock(), journey.workspace:
        stages = {stage.name: stage for stage in Stage.objects.all()}
        for title, stage, amount in [
            ("Refonte du site", "Découverte", "12500"),
            ("Audit sécurité", "Découverte", "3000"),
            ("Formation équipe", "Proposition", "800"),
        ]:
            services.opportunity_create(
                data={
                    "title": title,
                    "stage": stages[stage],
                    "amount": Decimal(amount),
                    "expected_close_date": today + timedelta(days=3),
                },
                labels=None,
            )
        won = services.opportunity_create(
            data={"title": "Vieux contrat", "stage": stages["Découverte"], "amount": Decimal(5000)},
            labels=None,
        )
        Opportunity.objects.filter(pk=won.pk).update(stage=stages["Gagnée"], closed_on=last_year)

    journey.login(page, "/opportunities/")
    page.get_by_role("navigation", name="Opportunités").get_by_role(
        "link", name="Statistiques"
    ).click()
    expect(page.get_by_role("heading", name="Statistiques · Opportunités")).to_be_visible()
    pipeline = page.locator("#chart-pipeline")
    expect(
        pipeline.get_by_role("img", name=re.compile("Valeur en cours par étape"))
    ).to_be_visible()
    expect(pipeline.get_by_role("rowheader", name="Découverte")).to_be_visible()
    shot(page, "statistics-month")

    # Last year's win shows once the period covers it: "last 12 months" does not, a custom
    # period does.
    won_figure = page.locator(".stat", has_text="Opportunités gagnées")
    expect(won_figure.locator(".stat__value")).to_have_text("0")
    page.locator("#id_period").select_option("custom")
    page.locator("#id_start").fill(f"{today.year - 1}-01-01")
    page.locator("#id_end").fill(f"{today.year - 1}-12-31")
    page.get_by_role("button", name="Afficher").click()
    expect(won_figure.locator(".stat__value")).to_have_text("1")
    expect(page).to_have_url(re.compile(r"period=custom"))
    expect(page.locator("#chart-won-lost").get_by_role("img")).to_be_visible()
    shot(page, "statistics-custom")

    # A period that ends before it starts: a clear message, no chart.
    page.locator("#id_end").fill(f"{today.year - 2}-12-31")
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_text("La fin de la période précède son début.")).to_be_visible()
    expect(page.locator("svg.chart__svg")).to_have_count(0)

    page.locator("#id_period").select_option("year")
    page.get_by_role("button", name="Afficher").click()
    expect(page.locator("#chart-pipeline svg")).to_be_visible()

    # The pipeline's data as CSV.
    with page.expect_download() as download_info:
        pipeline.get_by_role("link", name=re.compile("Télécharger les données")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text.startswith("\ufeffÉtape,Total,Pondéré,Nombre")
    assert "Découverte,15500" in text

    # A bar leads to the list of exactly the opportunities it counts.
    pipeline.locator("a rect").first.click()
    expect(page).to_have_url(re.compile(r"/opportunities/\?stage=\d+"))
    expect(page.locator("#results")).to_contain_text("Refonte du site")
    expect(page.locator("#results")).to_contain_text("Audit sécurité")
    expect(page.locator("#results")).not_to_contain_text("Formation équipe")

    # The dashboard shows my deals closing this month (none are mine) and the pipeline chart.
    page.goto(journey.url("/"))
    expect(page.locator("[data-panel=pipeline] svg")).to_be_visible()
    shot(page, "dashboard")
