"""Reminders: the morning digest (language, time zone, once a day, nothing when nothing is due)
and the personal calendar feed (parsed back with icalendar; a renewed address 404s)."""

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.core.management import call_command
from icalendar import Calendar

from activities import reminders, services
from activities.models import ActivityPreference
from workspaces.object_settings_services import object_setting_update

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def at(hour, minute=0, day=None):
    day = day or datetime.date.today()
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=PARIS)


@pytest.fixture
def due(alpha, alice, mia, elise):
    today = datetime.date.today()
    with alpha:
        services.task_create(
            author=alice, title="Relancer Élise", record=elise, due=today - datetime.timedelta(1)
        )
        services.task_create(author=alice, title="Appeler le comptable", due=today)
        services.task_create(author=alice, title="Plus tard", due=today + datetime.timedelta(3))
        services.task_create(author=alice, title="Pour Mia", assignee=mia, due=today)


def test_the_digest_waits_for_half_past_seven_workspace_time(alpha, due):
    assert reminders.digests_send(now=at(7, 29)) == 0
    assert not mail.outbox
    assert reminders.digests_send(now=at(7, 31)) >= 2
    to_alice = [m for m in mail.outbox if m.to == ["alice@alpha.test"]]
    assert len(to_alice) == 1
    body = to_alice[0].body
    assert "Relancer Élise" in body and "Appeler le comptable" in body
    assert "Plus tard" not in body and "Pour Mia" not in body
    assert "En retard" in body and "Alpha Conseil" in to_alice[0].subject
    assert "http://alpha.localhost/contacts/" in body


def test_once_a_day_per_person_and_workspace(alpha, due):
    reminders.digests_send(now=at(7, 31))
    count = len(mail.outbox)
    assert reminders.digests_send(now=at(9, 0)) == 0
    assert len(mail.outbox) == count


def test_nothing_due_nothing_sent_and_opting_out_works(alpha, alice, mia, due):
    with alpha:
        reminders.preference_update(user=mia, digest=False)
    reminders.digests_send(now=at(8, 0))
    recipients = {tuple(m.to) for m in mail.outbox}
    assert ("mia@alpha.test",) not in recipients  # opted out
    assert ("val@alpha.test",) not in recipients  # nothing due


def test_the_digest_is_in_the_person_s_language(alpha, alice, due):
    with alpha:
        reminders.preference_update(user=alice, digest=True, language="en")
    reminders.digests_send(now=at(8, 0))
    body = next(m for m in mail.outbox if m.to == ["alice@alpha.test"]).body
    assert "Overdue" in body and "En retard" not in body


def test_a_disabled_object_leaves_the_digest(alpha, alice, due):
    object_setting_update(workspace=alpha, key="contact", enabled=False)
    reminders.digests_send(now=at(8, 0))
    body = next(m for m in mail.outbox if m.to == ["alice@alpha.test"]).body
    assert "Relancer Élise" not in body and "Appeler le comptable" in body


def test_the_command_runs_the_digests(alpha, due, capsys):
    call_command("send_task_digests", "--now", at(7, 45).isoformat())
    assert "digest(s) sent" in capsys.readouterr().out
    assert mail.outbox


def test_the_calendar_feed_lists_the_person_s_tasks(client_on, alpha, alice, due):
    client = client_on(alpha, alice)
    page = client.post("/activities/preferences/", {"action": "calendar"}).content.decode()
    url = page.split('id="feed-url" ')[0].rsplit('value="', 1)[1].split('"')[0]
    path = url.split("alpha.localhost", 1)[1]
    assert path.startswith("/calendar/") and path.endswith(".ics")
    anonymous = client_on(alpha)
    response = anonymous.get(path)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    titles = sorted(str(event["summary"]) for event in calendar.walk("VEVENT"))
    assert titles == ["Appeler le comptable", "Plus tard", "Relancer Élise"]
    # Renewed: the old address is a 404.
    client.post("/activities/preferences/", {"action": "calendar"})
    assert anonymous.get(path).status_code == 404
    assert anonymous.get("/calendar/not-a-token.ics").status_code == 404


def test_a_feed_address_is_a_404_on_another_workspace_host(client_on, alpha, beta, alice):
    with alpha:
        token = reminders.calendar_token_renew(user=alice)
    assert client_on(beta).get(f"/calendar/{token}.ics").status_code == 404
    assert client_on(alpha).get(f"/calendar/{token}.ics").status_code == 200


def test_viewers_may_set_their_own_reminders(client_on, alpha, val):
    response = client_on(alpha, val).post("/activities/preferences/", {"action": "digest"})
    assert response.status_code == 302
    with alpha:
        assert ActivityPreference.objects.get(user=val).digest is False


def test_the_worker_sends_the_digests_every_five_minutes(alpha, due):
    from procrastinate.contrib.django import app

    from activities.jobs import task_digests

    periodic = [p for p in app.periodic_registry.periodic_tasks.values() if p.task is task_digests]
    assert [p.cron for p in periodic] == ["*/5 * * * *"]
    # The job's body, as the worker runs it (in the public schema), at 07:35 in Paris.
    sent = task_digests(timestamp=int(at(7, 35).timestamp()), workspace_schema="public")
    assert sent >= 1 and any(m.to == ["alice@alpha.test"] for m in mail.outbox)
