"""A person follows up a contact: a note, a task due yesterday that "Mes tâches" shows as
overdue, ticked done on the record, and the history line of a field they changed."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from activities.models import Task
from contacts.models import Contact
from workspaces import services

pytestmark = pytest.mark.browser


@pytest.fixture
def contact(journey, django_db_blocker):
    with django_db_blocker.unblock(), journey.workspace:
        return Contact.objects.create(first_name="Hélène", last_name="Noël", city="Lyon")


def test_note_task_my_tasks_tick_and_history(page, journey, contact):
    journey.login(page, f"/contacts/{contact.pk}/")
    expect(page.get_by_role("heading", name="Hélène Noël")).to_be_visible()

    activity = page.locator("#activity")
    activity.get_by_label("Note").fill("Appelée ce matin.\nDevis sur https://example.org/devis")
    activity.get_by_role("button", name="Ajouter la note").click()
    timeline = page.locator("#timeline")
    expect(timeline.get_by_text("Appelée ce matin.")).to_be_visible()
    expect(timeline.get_by_role("link", name="https://example.org/devis")).to_be_visible()

    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    page.locator("#activity summary", has_text="Ajouter une tâche").click()
    page.fill("#task_title", "Envoyer le devis")
    page.fill("#task_due", yesterday.isoformat())
    page.locator("#activity").get_by_role("button", name="Ajouter la tâche").click()
    open_tasks = page.locator("#activity .task-list")
    expect(open_tasks.locator(".task--overdue", has_text="Envoyer le devis")).to_be_visible()

    page.get_by_role("link", name="Mes tâches").click()
    overdue = page.locator(".task-group--overdue")
    expect(overdue.get_by_text("Envoyer le devis")).to_be_visible()
    expect(page.locator(".mainnav__list .badge")).to_have_text("1")  # the bar's copy
    overdue.get_by_role("link", name="Hélène Noël").click()

    page.get_by_role("button", name="Marquer « Envoyer le devis » comme faite").click()
    expect(page.locator("#activity .task-list").get_by_text("Rien à faire.")).to_be_visible()
    expect(page.locator("#timeline").get_by_text("faite par")).to_be_visible()

    page.get_by_role("link", name="Modifier", exact=True).first.click()
    page.fill("input[name=city]", "Grenoble")
    page.get_by_role("button", name="Enregistrer").click()
    page.goto(journey.url(f"/contacts/{contact.pk}/"))
    page.locator("#timeline").get_by_role("link", name="Modifications").click()
    expect(page.locator("#timeline").get_by_text("Ville : Lyon → Grenoble")).to_be_visible()


def test_the_task_assignee_is_chosen_with_the_picker(page, journey, contact, django_db_blocker):
    with django_db_blocker.unblock():
        # Two namesakes: the picker's second line, their email, tells them apart.
        namesake = services.user_get_or_create(email="agnes@example.org", full_name="Agnès Moreau")
        services.membership_set(workspace=journey.workspace, user=namesake, role="member")
        other = services.user_get_or_create(email="a.moreau@example.org", full_name="Agnès Moreau")
        services.membership_set(workspace=journey.workspace, user=other, role="member")
    journey.login(page, f"/contacts/{contact.pk}/")
    page.locator("#activity summary", has_text="Ajouter une tâche").click()
    page.fill("#task_title", "Relancer")
    assignee = page.get_by_role("combobox", name="Responsable")
    assignee.press_sequentially("moreau")
    result = page.locator("#task_assignee_listbox .picker__result", has_text="a.moreau@example.org")
    expect(result).to_contain_text("Agnès Moreau")  # the second line: the email
    result.click()
    expect(page.get_by_role("radio", name=re.compile("a.moreau@example.org"))).to_be_checked()
    page.locator("#activity").get_by_role("button", name="Ajouter la tâche").click()
    expect(page.locator("#activity .task-list").get_by_text("Relancer")).to_be_visible()
    with django_db_blocker.unblock(), journey.workspace:
        assert Task.objects.get(title="Relancer").assignee_id == other.pk
