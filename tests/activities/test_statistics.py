"""Statistics from the activity layer: the average time spent in each stage (from the change
history, on the opportunities' statistics page), against hand-computed values."""

import csv
import io
from datetime import datetime

import pytest

from activities.history_models import OpportunityEvent
from tests.opportunities.factories import opportunity, stage_named

pytestmark = pytest.mark.django_db

from zoneinfo import ZoneInfo  # noqa: E402

PARIS = ZoneInfo("Europe/Paris")


def at(month, day, hour=9, minute=0):
    return datetime(2026, month, day, hour, minute, tzinfo=PARIS)


def snapshot(deal, stage, when, label="update", amount="1000"):
    """A history row as the triggers write it, at a chosen time (the triggers write now();
    a raw save keeps the given time instead of auto_now_add's)."""
    OpportunityEvent(
        pgh_obj=deal,
        pgh_label=label,
        pgh_created_at=when,
        id=deal.pk,
        title=deal.title,
        workflow_id=deal.workflow_id,
        stage=stage,
        amount=amount,
    ).save_base(raw=True)


@pytest.fixture
def stays(alpha, alice):
    """X: Discovery 5 d, Proposal 25 d 14 h 30 (left 31 January 23:30, Paris), now in
    Negotiation. Y: Discovery from the baseline (start unknown), Proposal left 1 February
    00:30 Paris (still 31 January in UTC): 21 d 15 h 30. Z: Discovery 2 d, Proposal 1 d, back
    in Discovery."""
    with alpha:
        discovery, proposal, negotiation = (
            stage_named("Découverte"),
            stage_named("Proposition"),
            stage_named("Négociation"),
        )
        x = opportunity("X", stage=negotiation, owner=alice)
        snapshot(x, discovery, at(1, 1), label="insert")
        snapshot(x, discovery, at(1, 3), amount="2000")  # another field: no stage change
        snapshot(x, proposal, at(1, 6))
        snapshot(x, negotiation, at(1, 31, 23, 30))
        y = opportunity("Y", stage=negotiation)
        snapshot(y, discovery, at(1, 1), label="baseline")
        snapshot(y, proposal, at(1, 10))
        snapshot(y, negotiation, at(2, 1, 0, 30))
        z = opportunity("Z", stage=discovery)
        snapshot(z, discovery, at(1, 2), label="insert")
        snapshot(z, proposal, at(1, 4))
        snapshot(z, discovery, at(1, 5))


def stage_rows(client, query):
    response = client.get(f"/opportunities/statistics/?{query}&csv=stage-time")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return {row[0]: row[1:] for row in rows[1:]}, rows[0]


JANUARY = "period=custom&start=2026-01-01&end=2026-01-31"
FEBRUARY = "period=custom&start=2026-02-01&end=2026-02-28"


def test_average_time_in_each_stage_from_the_history(client_on, alpha, alice, stays):
    client = client_on(alpha, alice)
    rows, header = stage_rows(client, JANUARY)
    assert header == ["Étape", "Moyenne", "Médiane", "Passages"]
    # Discovery: X 5 d, Z 2 d (Y's began with the baseline). Proposal: X 25.604 d, Z 1 d.
    assert list(rows) == ["Découverte", "Proposition"]
    assert float(rows["Découverte"][0]) == 3.5 and rows["Découverte"][2] == "2"
    assert float(rows["Proposition"][0]) == 13.3 and rows["Proposition"][2] == "2"
    assert rows["Proposition"][1] == "13,3 j"
    # Y left Proposal at 00:30 on 1 February in Paris: February's, not January's.
    rows, _header = stage_rows(client, FEBRUARY)
    assert list(rows) == ["Proposition"] and float(rows["Proposition"][0]) == 21.6


def test_stage_time_follows_the_page_filters(client_on, alpha, alice, stays):
    rows, _header = stage_rows(client_on(alpha, alice), f"{JANUARY}&owner={alice.pk}")
    assert float(rows["Découverte"][0]) == 5.0 and float(rows["Proposition"][0]) == 25.6


def test_stage_time_on_the_page_and_empty_state(client_on, alpha, alice, stays):
    client = client_on(alpha, alice)
    html = client.get(f"/opportunities/statistics/?{JANUARY}").content.decode()
    chart = html.split('id="chart-stage-time"')[1].split("</figure>")[0]
    assert "Temps moyen passé dans chaque étape" in chart and "<svg" in chart
    html = client.get("/opportunities/statistics/?period=custom&start=2025-01-01&end=2025-01-31")
    chart = html.content.decode().split('id="chart-stage-time"')[1].split("</figure>")[0]
    assert "<svg" not in chart and "Aucune étape" in chart


# --- tasks done and overdue per member per week ----------------------------------------------


def task(who, title, *, due=None, done_at=None, record=None):
    from activities import services
    from activities.models import Task

    created = services.task_create(author=who, title=title, due=due, record=record)
    if done_at is not None:
        Task.objects.filter(pk=created.pk).update(done_at=done_at, done_by=who)
    return created


@pytest.fixture
def january_tasks(alpha, alice, mia, elise):
    """January 2026 in weeks from Monday: 1–4, 5–11, 12–18, 19–25, 26–31."""
    from datetime import date

    with alpha:
        task(mia, "T1", due=date(2026, 1, 5), done_at=at(1, 7, 10))
        task(mia, "T2", due=date(2026, 1, 6), done_at=at(1, 20))
        task(alice, "T3", due=date(2026, 1, 2), record=elise)  # never done
        task(alice, "T4", done_at=at(1, 31, 23, 30))  # the last evening of January, in Paris
        task(alice, "T5", done_at=at(2, 1, 0, 30))  # still January in UTC, February in Paris
        task(mia, "T6", due=date(2026, 1, 11), done_at=at(1, 12, 8))  # due Sunday, done Monday


def task_csv(client, chart, query=JANUARY):
    response = client.get(f"/tasks/statistics/?{query}&csv={chart}")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_tasks_done_and_overdue_per_member_per_week(client_on, alpha, alice, mia, january_tasks):
    client = client_on(alpha, alice)
    m, a = mia.get_short_name(), alice.get_short_name()
    done = task_csv(client, "tasks-done")
    assert done[0] == ["Semaine", m, a]
    assert [row[0] for row in done[1:]] == [
        "Semaine du 01/01/2026",
        "Semaine du 05/01/2026",
        "Semaine du 12/01/2026",
        "Semaine du 19/01/2026",
        "Semaine du 26/01/2026",
    ]
    assert [row[1:] for row in done[1:]] == [
        ["0", "0"],
        ["1", "0"],
        ["1", "0"],
        ["1", "0"],
        ["0", "1"],
    ]
    overdue = task_csv(client, "tasks-overdue")
    assert [row[1:] for row in overdue[1:]] == [
        ["0", "1"],
        ["2", "1"],  # T2, and T6 due on Sunday and done on Monday
        ["1", "1"],
        ["0", "1"],
        ["0", "1"],
    ]
    members = task_csv(client, "tasks-by-member")
    assert members[1:] == [[m, "3", "0"], [a, "1", "1"]]


def test_task_figures_and_filters(client_on, alpha, alice, mia, january_tasks):
    client = client_on(alpha, alice)
    html = client.get(f"/tasks/statistics/?{JANUARY}").content.decode().replace("\xa0", " ")
    figures = html.split('class="grid figures-grid"')[1].split('class="charts"')[0]
    values = [v.split("<")[0] for v in figures.split('class="stat__value">')[1:]]
    assert values == ["4", "25 %", "1"]  # done; by their due date (T4 had none); overdue now
    assert 'aria-current="page"' in html.split('class="object-tabs"')[1].split("</nav>")[0]
    only_alice = task_csv(client, "tasks-done", f"{JANUARY}&owner={alice.pk}")
    assert only_alice[0] == ["Semaine", alice.get_short_name()]


def test_task_statistics_bad_input_and_disabled_objects(
    client_on, alpha, beta, alice, bob, january_tasks
):
    from workspaces.object_settings_services import object_setting_update

    client = client_on(alpha, alice)
    bad = client.get(f"/tasks/statistics/?{JANUARY}&owner={bob.pk}")
    assert bad.status_code == 200 and "form-errors" in bad.content.decode()
    reversed_period = client.get("/tasks/statistics/?period=custom&start=2026-02-01&end=2026-01-01")
    assert "La fin de la période" in reversed_period.content.decode()
    assert client.get(f"/tasks/statistics/?{JANUARY}&csv=nope").status_code == 404
    object_setting_update(workspace=alpha, key="contact", enabled=False)  # T3 was on a contact
    members = task_csv(client, "tasks-by-member")
    assert [row[2] for row in members[1:]] == ["0", "0"]


def test_task_statistics_queries_and_htmx(
    client_on, alpha, alice, january_tasks, django_assert_max_num_queries
):
    client = client_on(alpha, alice)
    client.get(f"/tasks/statistics/?{JANUARY}")
    with django_assert_max_num_queries(14):
        response = client.get(f"/tasks/statistics/?{JANUARY}", HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode() and 'id="results"' in response.content.decode()


def test_no_task_says_what_to_do(client_on, alpha, alice):
    html = client_on(alpha, alice).get("/tasks/statistics/").content.decode()
    assert "Aucune tâche" in html and 'href="/tasks/"' in html
