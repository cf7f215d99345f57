"""Organisation and contact statistics: growth per month at the edges of months in the
workspace's time zone, labels, departments, cities, completeness, the previous period."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from contacts.models import Contact
from labels.models import Label
from organisations.models import Organisation
from workspaces.object_settings_services import object_setting_update

PARIS = ZoneInfo("Europe/Paris")


def at(*args):
    return datetime(*args, tzinfo=PARIS)


@pytest.fixture
def base(alpha):
    with alpha:
        client_label = Label.objects.create(name="Client", colour="blue")
        rows = [
            # 23:30 on 31 January in Paris is still January (22:30 UTC).
            ("Janvier tard", at(2026, 1, 31, 23, 30), "69003", "Lyon", "a@x.fr", "", ""),
            # 00:30 on 1 February in Paris is February, though it is 31 January in UTC.
            ("Février tôt", at(2026, 2, 1, 0, 30), "69001", "Lyon", "", "0472000000", ""),
            ("Février", at(2026, 2, 15, 12), "75011", "Paris", "b@x.fr", "", "552032534"),
            ("Décembre", at(2025, 12, 31, 23, 30), "97110", "Pointe-à-Pitre", "", "", ""),
        ]
        made = {}
        for name, created, postal_code, city, email, phone, siren in rows:
            organisation = Organisation.objects.create(
                name=name, postal_code=postal_code, city=city, email=email, phone=phone, siren=siren
            )
            Organisation.objects.filter(pk=organisation.pk).update(created=created)
            made[name] = organisation
        made["Février"].labels.add(client_label)
        made["Janvier tard"].labels.add(client_label)
        Contact.objects.create(first_name="Ada", email="ada@x.fr", organisation=made["Février"])
    return {"label": client_label, **made}


def csv_of(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8")[1:])))


def test_created_per_month_at_the_edges_of_months(client_on, alpha, alice, base):
    client = client_on(alpha, alice)
    rows = csv_of(
        client,
        "/organisations/statistics/?period=custom&start=2026-01-01&end=2026-02-28"
        "&csv=created-per-month",
    )
    assert rows[0][0] == "Mois" and rows[0][2] == "Période précédente"
    # January: "Janvier tard" only; February: the two others; the previous period (Nov, Dec
    # 2025) has "Décembre", created at 23:30 on 31 December, in its second month.
    assert rows[1] == ["Jan 2026", "1", "0"]
    assert rows[2] == ["Fév 2026", "2", "1"]


def test_figures_compare_with_the_previous_period(client_on, alpha, alice, base):
    html = (
        client_on(alpha, alice)
        .get("/organisations/statistics/?period=custom&start=2026-02-01&end=2026-02-28")
        .content.decode()
    )
    assert "Organisations créées" in html  # feminine plural agreement
    assert "(auparavant 1)" in html  # January: one


def test_departments_cities_labels_and_completeness(client_on, alpha, alice, base):
    client = client_on(alpha, alice)
    query = "/organisations/statistics/?period=year"
    departments = csv_of(client, f"{query}&csv=by-department")
    assert departments[1:] == [["69", "2"], ["75", "1"], ["971", "1"]]
    cities = csv_of(client, f"{query}&csv=by-city")
    assert cities[1] == ["Lyon", "2"]
    labels = csv_of(client, f"{query}&csv=by-label")
    assert labels[1:] == [["Client", "2"]]
    completeness = csv_of(client, f"{query}&csv=completeness")
    assert completeness[1:] == [
        ["Avec un e-mail", "50.0", "2"],
        ["Avec un téléphone", "25.0", "1"],
        ["Avec un SIREN", "25.0", "1"],
    ]
    # Each city links to its list.
    html = client.get(query).content.decode()
    assert 'href="/organisations/?q=Lyon"' in html


def test_label_filter(client_on, alpha, alice, base):
    client = client_on(alpha, alice)
    rows = csv_of(
        client,
        f"/organisations/statistics/?period=year&label={base['label'].pk}&csv=by-department",
    )
    assert rows[1:] == [["69", "1"], ["75", "1"]]
    # Narrowed records: labels, cities and completeness count only those (not the link table).
    query = f"/organisations/statistics/?period=year&label={base['label'].pk}"
    assert csv_of(client, f"{query}&csv=by-label")[1:] == [["Client", "2"]]
    assert csv_of(client, f"{query}&csv=by-city")[1:] == [["Lyon", "1"], ["Paris", "1"]]
    completeness = csv_of(client, f"{query}&csv=completeness")
    assert [row[2] for row in completeness[1:]] == ["2", "0", "1"]


def test_owner_filter_with_no_record_of_theirs(client_on, alpha, alice, mia, base):
    client = client_on(alpha, alice)
    query = f"/organisations/statistics/?period=year&owner={mia.pk}"
    assert csv_of(client, f"{query}&csv=by-label")[1:] == []
    assert csv_of(client, f"{query}&csv=by-department")[1:] == []


def test_contact_statistics_under_a_renamed_object(client_on, alpha, alice, base):
    object_setting_update(
        workspace=alpha, key="contact", singular="Personne", plural="Personnes", gender="f"
    )
    client = client_on(alpha, alice)
    html = client.get("/contacts/statistics/?period=year").content.decode()
    assert "Personnes créées" in html
    completeness = csv_of(client, "/contacts/statistics/?period=year&csv=completeness")
    assert [row[0] for row in completeness[1:]] == [
        "Avec un e-mail",
        "Avec un téléphone",
        "Avec l'organisation",
    ]
    object_setting_update(workspace=alpha, key="organisation", enabled=False)
    completeness = csv_of(client, "/contacts/statistics/?period=year&csv=completeness")
    assert len(completeness) == 3


def test_disabled_objects_have_no_statistics_and_no_tab(client_on, alpha, alice):
    client = client_on(alpha, alice)
    assert 'href="/contacts/statistics/"' in client.get("/contacts/").content.decode()
    object_setting_update(workspace=alpha, key="contact", enabled=False)
    assert client.get("/contacts/statistics/").status_code == 404
    object_setting_update(workspace=alpha, key="organisation", enabled=False)
    assert client.get("/organisations/statistics/").status_code == 404


def test_query_counts(client_on, alpha, alice, base, django_assert_max_num_queries):
    client = client_on(alpha, alice)
    client.get("/organisations/statistics/")
    # 14: totals, completeness, cities and departments share one query.
    with django_assert_max_num_queries(14):  # +1: the notifications bell
        assert client.get("/organisations/statistics/?period=12m").status_code == 200
    with django_assert_max_num_queries(14):  # +1: the notifications bell
        assert client.get("/contacts/statistics/?period=12m").status_code == 200


def test_english(client_on, alpha, alice, base):
    html = (
        client_on(alpha, alice)
        .get("/organisations/statistics/?period=year", HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "Organisations created" in html and "Completeness" in html


def test_months_follow_the_time_zone_the_workspace_chose(client_on, alpha, alice, base):
    """In New York, 00:30 on 1 February in Paris is still 31 January (18:30)."""
    alpha.time_zone = "America/New_York"
    alpha.save(update_fields=["time_zone"])
    rows = csv_of(
        client_on(alpha, alice),
        "/organisations/statistics/?period=custom&start=2026-01-01&end=2026-02-28"
        "&csv=created-per-month",
    )
    assert rows[1] == ["Jan 2026", "2", "0"]  # « Janvier tard » and « Février tôt »
    assert rows[2] == ["Fév 2026", "1", "1"]
