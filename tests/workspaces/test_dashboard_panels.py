"""The dashboard guides: first steps in an empty workspace, then my opportunities closing this
month, prospects waiting and the pipeline chart, each linking to the list behind it."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from organisations.models import Organisation
from prospects import services as prospect_services
from prospects.models import Status
from tests.opportunities.factories import opportunity, stage_named
from tests.prospects.conftest import make_prospect
from workspaces.object_settings_services import object_setting_update
from workspaces.registry import DashboardPanel, registry

pytestmark = pytest.mark.django_db


def test_an_empty_workspace_shows_first_steps_not_zero_tiles(client_on, alpha, alice):
    html = client_on(alpha, alice).get("/").content.decode()
    assert "Premiers pas" in html
    assert 'class="stat__value"' not in html and "data-panel" not in html
    assert 'href="/organisations/new/"' in html and "Ajouter une organisation" in html
    assert 'href="/settings/workflows/"' in html  # set up a workflow (admins)
    assert 'href="/settings/members/"' in html  # invite a colleague (admins)


def test_first_steps_follow_the_role_and_the_enabled_objects(client_on, alpha, mia, val):
    object_setting_update(workspace=alpha, key="opportunity", enabled=False)
    member = client_on(alpha, mia).get("/").content.decode()
    assert 'href="/contacts/new/"' in member and 'href="/opportunities/new/"' not in member
    assert "/settings/" not in member.split("<main")[1]  # no admin step for a member
    viewer = client_on(alpha, val).get("/").content.decode()
    assert "/new/" not in viewer.split("<main")[1]


def test_panels_once_there_are_records(client_on, alpha, alice):
    today = timezone.localdate()
    with alpha:
        mine = opportunity(
            "Contrat à signer",
            stage=stage_named("Proposition"),
            amount="4000",
            owner=alice,
            expected_close_date=today,
        )
        opportunity("Pas à moi", amount="900", expected_close_date=today)
        opportunity("Plus tard", owner=alice, expected_close_date=today + timedelta(days=62))
        make_prospect(alice, last_name="Attente")
    html = client_on(alpha, alice).get("/").content.decode().replace("\xa0", " ")
    assert "Premiers pas" not in html
    closing = html.split('data-panel="my-closing"')[1].split("</section>")[0]
    assert "Mes opportunités ouvertes à conclure ce mois-ci" in closing
    assert "Contrat à signer" in closing and mine.get_absolute_url() in closing
    assert "Pas à moi" not in closing and "Plus tard" not in closing
    assert f"owner={alice.pk}&amp;status=open&amp;expected_close_date_before=" in closing
    waiting = html.split('data-panel="prospects-waiting"')[1].split("</section>")[0]
    assert "Attente" in waiting and f"status={Status.NEW}&amp;status={Status.CONTACTED}" in waiting
    pipeline = html.split('data-panel="pipeline"')[1].split("</section>")[0]
    svg = pipeline[pipeline.index("<svg") : pipeline.index("</svg>") + 6]
    ET.fromstring(svg)
    assert 'href="/opportunities/statistics/"' in pipeline


def test_a_disabled_object_leaves_the_dashboard(client_on, alpha, alice):
    with alpha:
        Organisation.objects.create(name="Acme")
    object_setting_update(workspace=alpha, key="opportunity", enabled=False)
    object_setting_update(workspace=alpha, key="prospect", enabled=False)
    html = client_on(alpha, alice).get("/").content.decode()
    assert "data-panel" not in html and "opportunit" not in html.split("<main")[1].lower()


def test_a_slot_for_the_activities_app(client_on, alpha, alice, monkeypatch):
    """My tasks today and overdue come first, from whichever app registers them."""
    with alpha:
        Organisation.objects.create(name="Acme")
    monkeypatch.setattr(registry, "dashboard_panels", list(registry.dashboard_panels))
    registry.dashboard_panel(
        DashboardPanel(
            name="my_tasks",
            template="components/object_tabs.html",
            context=lambda request, settings: {"tabs": [{"label": "TÂCHES", "url": "/t/"}]},
            order=10,
        )
    )
    html = client_on(alpha, alice).get("/").content.decode()
    assert html.index("TÂCHES") < html.index('data-panel="my-closing"')


def test_dashboard_query_count(client_on, alpha, alice, django_assert_max_num_queries):
    with alpha:
        for number in range(5):
            opportunity(f"Affaire {number}", owner=alice, expected_close_date=timezone.localdate())
            make_prospect(alice, last_name=f"P{number}")
    client = client_on(alpha, alice)
    client.get("/")
    with django_assert_max_num_queries(19):  # +1: the bell; -2: pipeline once, my closing in one
        assert client.get("/").status_code == 200


def test_figures_follow_each_change_at_once(client_on, alpha, alice):
    """No figure is kept between requests: a new opportunity, a prospect moved or converted
    shows on the next page."""
    with alpha:
        opportunity("Première", stage=stage_named("Proposition"), amount="1000")
        waiting = make_prospect(alice, last_name="Attente")
    client = client_on(alpha, alice)

    def figure(label):
        html = client.get("/").content.decode().replace("\u202f", " ").replace("\xa0", " ")
        section = html.split(label)[0].rsplit('class="stat__value"', 1)[1]
        return section.split(">", 1)[1].split("<", 1)[0].strip()

    assert figure("En cours : opportunités") == "1"
    with alpha:
        opportunity("Deuxième", stage=stage_named("Proposition"), amount="500")
    assert figure("En cours : opportunités") == "2"
    assert figure("Prospects à qualifier") == "1"
    with alpha:
        prospect_services.prospect_set_status(
            prospect=waiting, status=Status.DISQUALIFIED, user=alice, reason="budget"
        )
    assert figure("Prospects à qualifier") == "0"


def test_my_closing_totals_count_every_row_not_only_those_shown(client_on, alpha, alice):
    today = timezone.localdate()
    with alpha:
        for number in range(10):  # more than the panel's 8 rows
            opportunity(f"Affaire {number}", owner=alice, amount="100", expected_close_date=today)
        opportunity(
            "En retard", owner=alice, amount="1000", expected_close_date=today - timedelta(days=3)
        )
        opportunity("Pas à moi", amount="5000", expected_close_date=today)
    html = client_on(alpha, alice).get("/").content.decode()
    closing = html.split('data-panel="my-closing"')[1].split("</section>")[0]
    closing = closing.replace("\u202f", " ").replace("\xa0", " ")
    assert "11 à conclure · 2 000 €" in closing
    assert "1 en retard" in closing
    assert closing.count("Affaire ") + closing.count("En retard<") <= 8
