"""A person starts the day on the dashboard: the task overdue on a contact, the contacts list
filtered to those with an overdue next step, the task ticked done from the dashboard, and the
week's figures on the tasks' statistics."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from activities import services
from contacts.models import Contact

pytestmark = pytest.mark.browser


def test_dashboard_tasks_next_step_filter_and_task_statistics(page, journey, django_db_blocker):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with django_db_blocker.unblock(), journey.workspace:
        late = Contact.objects.create(first_name="Hélène", last_name="Noël")
        Contact.objects.create(first_name="Paul", last_name="Calme")
        services.task_create(author=journey.user, record=late, title="Rappeler", due=yesterday)

    journey.login(page, "/")
    panel = page.locator('[data-panel="my-tasks"]')
    expect(panel.get_by_role("heading", name="Mes tâches du jour et en retard")).to_be_visible()
    expect(panel.locator(".task--overdue", has_text="Rappeler")).to_be_visible()

    page.goto(journey.url("/contacts/"))
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(2)
    page.get_by_text("Ajouter un filtre").click()  # the filters' popover
    page.locator("select[name=next_step]").select_option("overdue")
    expect(rows).to_have_count(1)
    expect(rows.first.locator(".next-step--overdue")).to_contain_text("Rappeler")
    expect(page).to_have_url(re.compile(r"/contacts/\?.*next_step=overdue"))  # shareable
    page.locator("select[name=next_step]").select_option("none")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Calme")

    page.goto(journey.url("/"))
    page.get_by_role("button", name="Marquer « Rappeler » comme faite").click()
    expect(panel.locator(".task--done", has_text="Rappeler")).to_be_visible()

    page.goto(journey.url("/tasks/"))
    page.locator(".object-tabs").get_by_role("link", name="Statistiques").click()
    expect(page.get_by_role("heading", name="Statistiques · Tâches")).to_be_visible()
    done = page.locator(".stat", has_text="Tâches faites")
    expect(done.locator(".stat__value")).to_have_text("1")
    expect(page.locator("#chart-tasks-done-title")).to_have_text("Tâches faites par semaine")
