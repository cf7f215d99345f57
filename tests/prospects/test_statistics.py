"""Prospect statistics: the funnel of a period's cohort (status and history), conversion by
source and month, disqualification reasons, median days to qualify."""

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from prospects import services
from prospects.models import Prospect, ProspectStatusChange, Source, Status
from tests.prospects.conftest import make_prospect
from workspaces.object_settings_services import object_setting_update

PARIS = ZoneInfo("Europe/Paris")
MARCH = "?period=custom&start=2026-03-01&end=2026-03-31"


def moved(prospect, status, *, when, user, reason=""):
    services.prospect_set_status(prospect=prospect, status=status, user=user, reason=reason)
    ProspectStatusChange.objects.filter(prospect=prospect, to_status=status).update(changed_at=when)


@pytest.fixture
def cohort(alpha, alice):
    """March 2026: five prospects. One stays new; one contacted; one contacted then
    disqualified ("budget"); one qualified after 4 days; one from an event qualified after
    10 days then converted (status set directly: the conversion wizard is tested elsewhere).
    February: one created on the 28th at 23:30 (Paris), qualified after 2 days."""
    with alpha:
        made = {}
        march = datetime(2026, 3, 2, 10, tzinfo=PARIS)
        for name, source in [
            ("Neuf", Source.WEBSITE),
            ("Contacté", Source.WEBSITE),
            ("Écarté", Source.REFERRAL),
            ("Qualifié", Source.WEBSITE),
            ("Converti", Source.EVENT),
        ]:
            made[name] = make_prospect(alice, last_name=name, source=source)
        Prospect.objects.update(created=march)
        moved(made["Contacté"], Status.CONTACTED, when=march + timedelta(days=1), user=alice)
        moved(made["Écarté"], Status.CONTACTED, when=march + timedelta(days=1), user=alice)
        moved(
            made["Écarté"],
            Status.DISQUALIFIED,
            when=march + timedelta(days=3),
            user=alice,
            reason="budget",
        )
        moved(made["Qualifié"], Status.QUALIFIED, when=march + timedelta(days=4), user=alice)
        moved(made["Converti"], Status.QUALIFIED, when=march + timedelta(days=10), user=alice)
        Prospect.objects.filter(pk=made["Converti"].pk).update(
            status=Status.CONVERTED, converted_at=march + timedelta(days=12)
        )
        february = make_prospect(alice, last_name="Février")
        late = datetime(2026, 2, 28, 23, 30, tzinfo=PARIS)
        Prospect.objects.filter(pk=february.pk).update(created=late)
        moved(february, Status.QUALIFIED, when=late + timedelta(days=2), user=alice)
    return made


def csv_of(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8")[1:])))


def test_the_funnel_of_the_periods_cohort(client_on, alpha, alice, cohort):
    rows = csv_of(client_on(alpha, alice), f"/prospects/statistics/{MARCH}&csv=funnel")
    assert [row[:2] for row in rows[1:]] == [
        ["Nouveau", "5"],
        ["Contacté", "4"],  # Contacté, Écarté (history), Qualifié, Converti (later statuses)
        ["Qualifié", "2"],
        ["Converti", "1"],
    ]
    assert rows[2][2].replace("\u202f", " ").replace("\xa0", " ") == "80 %"


def test_conversion_by_source_and_by_month(client_on, alpha, alice, cohort):
    client = client_on(alpha, alice)
    sources = csv_of(client, f"/prospects/statistics/{MARCH}&csv=by-source")
    assert [row[:3] for row in sources[1:]] == [
        ["Site web", "3", "0"],
        ["Événement", "1", "1"],
        ["Recommandation", "1", "0"],
    ]
    months = csv_of(
        client,
        "/prospects/statistics/?period=custom&start=2026-02-01&end=2026-03-31&csv=by-month",
    )
    # The prospect created at 23:30 on 28 February belongs to February.
    assert [row[:3] for row in months[1:]] == [["Fév 2026", "1", "0"], ["Mar 2026", "5", "1"]]


def test_reasons_and_median_days_to_qualify(client_on, alpha, alice, cohort):
    client = client_on(alpha, alice)
    reasons = csv_of(client, f"/prospects/statistics/{MARCH}&csv=disqualification-reasons")
    assert reasons[1:] == [["budget", "1"]]
    html = client.get(f"/prospects/statistics/{MARCH}").content.decode().replace("\xa0", " ")
    # March: qualified after 4 and 10 days (the median of two is their mean, 7); February's
    # prospect was qualified on 2 March, after 2 days: 2, 4, 10 -> median 4.
    assert "4 j" in html
    assert "Prospects convertis" in html  # masculine plural agreement


def test_owner_filter_and_an_unknown_owner(client_on, alpha, alice, mia, cohort):
    client = client_on(alpha, alice)
    rows = csv_of(client, f"/prospects/statistics/{MARCH}&owner={mia.pk}&csv=funnel")
    assert rows == [] or all(row[1] == "0" for row in rows[1:])
    html = client.get(f"/prospects/statistics/{MARCH}&owner=99999").content.decode()
    assert "Sélectionnez un choix valide" in html


def test_disabled_prospects(client_on, alpha, alice):
    object_setting_update(workspace=alpha, key="prospect", enabled=False)
    assert client_on(alpha, alice).get("/prospects/statistics/").status_code == 404


def test_query_count(client_on, alpha, alice, cohort, django_assert_max_num_queries):
    client = client_on(alpha, alice)
    client.get("/prospects/statistics/")
    with django_assert_max_num_queries(15):  # +1: the notifications bell; the cohort in one query
        assert client.get(f"/prospects/statistics/{MARCH}").status_code == 200


def test_a_period_that_does_not_follow_months(client_on, alpha, alice, cohort):
    """2 to 5 March against the four days before (26 February to 1 March): the prospect
    created at 23:30 on 28 February (Paris) is in the previous period's cohort only."""
    client = client_on(alpha, alice)
    days = "?period=custom&start=2026-03-02&end=2026-03-05"
    rows = csv_of(client, f"/prospects/statistics/{days}&csv=funnel")
    assert [row[:2] for row in rows[1:]] == [
        ["Nouveau", "5"],
        ["Contacté", "4"],
        ["Qualifié", "2"],
        ["Converti", "1"],
    ]
    months = csv_of(client, f"/prospects/statistics/{days}&csv=by-month")
    assert [row[:3] for row in months[1:]] == [["Mar 2026", "5", "1"]]
    html = client.get(f"/prospects/statistics/{days}").content.decode()
    assert "(auparavant 1)" in html  # created: 5 against 1
