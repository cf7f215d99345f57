"""The dashboard's "my tasks" panel and the "import a file" first step."""

import datetime

import pytest
from django.utils import timezone

from activities import services
from activities.models import Task
from imports.models import BatchStatus, ImportBatch
from organisations.models import Organisation
from workspaces.object_settings_services import object_setting_update

pytestmark = pytest.mark.django_db
ONE_DAY = datetime.timedelta(days=1)


def panel(html: str) -> str:
    return html.split('data-panel="my-tasks"')[1].split("</section>")[0]


def test_my_tasks_overdue_and_today_first_on_the_dashboard(client_on, alpha, mia, alice, elise):
    today = timezone.localdate()
    with alpha:
        late = services.task_create(
            author=mia, record=elise, title="Relancer", due=today - datetime.timedelta(days=3)
        )
        services.task_create(author=mia, title="Appeler", due=today)
        services.task_create(author=mia, title="Plus tard", due=today + datetime.timedelta(days=1))
        services.task_create(author=mia, title="Sans date")
        services.task_create(author=alice, title="Pas à moi", due=today)
        done = services.task_create(author=mia, title="Déjà fait", due=today)
        services.task_complete(task=done, user=mia)
        services.task_create(
            author=mia,
            record=Organisation.objects.create(name="<b>X</b>"),
            title="Sur une organisation",
            due=today,
        )
    html = client_on(alpha, mia).get("/").content.decode()
    mine = panel(html)
    assert html.index('data-panel="my-tasks"') < html.index('data-panel="my-closing"')
    assert "Mes tâches du jour et en retard" in mine
    assert "Relancer" in mine and "Appeler" in mine and "Sur une organisation" in mine
    for absent in ("Plus tard", "Sans date", "Pas à moi", "Déjà fait"):
        assert absent not in mine
    assert mine.index("Relancer") < mine.index("Appeler")  # the oldest due first
    assert '<li class="task task--overdue"' in mine  # in red (activities.css)
    assert f'href="/contacts/{elise.pk}/"' in mine  # each task links to its record
    assert "&lt;b&gt;X&lt;/b&gt;" in mine and "<b>X</b>" not in mine
    assert f'action="/activities/tasks/{late.pk}/done/"' in mine  # tick to complete
    assert "1 en retard" in mine and "2 pour aujourd’hui" in mine
    assert 'href="/tasks/"' in mine


def test_ticking_a_task_on_the_dashboard_completes_it_in_place(client_on, alpha, mia):
    today = timezone.localdate()
    with alpha:
        Organisation.objects.create(name="Acme")
        task = services.task_create(author=mia, title="Appeler", due=today)
    client = client_on(alpha, mia)
    response = client.post(
        f"/activities/tasks/{task.pk}/done/", {"render": "row", "next": "/"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and 'class="task task--done"' in response.content.decode()
    response = client.post(f"/activities/tasks/{task.pk}/reopen/", {"next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    with alpha:
        assert Task.objects.get().done_at is None


def test_a_viewer_sees_no_tick_and_a_disabled_object_hides_its_tasks(
    client_on, alpha, mia, val, elise
):
    today = timezone.localdate()
    with alpha:
        services.task_create(author=val, assignee=val, record=elise, title="Sur contact", due=today)
        services.task_create(author=val, assignee=val, title="Sans fiche", due=today)
    mine = panel(client_on(alpha, val).get("/").content.decode())
    assert "Sur contact" in mine and "/done/" not in mine
    object_setting_update(workspace=alpha, key="contact", enabled=False)
    mine = panel(client_on(alpha, val).get("/").content.decode())
    assert "Sur contact" not in mine and "Sans fiche" in mine


def test_nothing_due_no_panel(client_on, alpha, mia):
    with alpha:
        Organisation.objects.create(name="Acme")
        services.task_create(author=mia, title="Demain", due=timezone.localdate() + ONE_DAY)
    assert 'data-panel="my-tasks"' not in client_on(alpha, mia).get("/").content.decode()


def test_the_panel_keeps_the_dashboard_queries_bounded(
    client_on, alpha, mia, elise, django_assert_max_num_queries
):
    today = timezone.localdate()
    with alpha:
        for number in range(12):
            services.task_create(author=mia, record=elise, title=f"T{number}", due=today)
    client = client_on(alpha, mia)
    client.get("/")
    with django_assert_max_num_queries(21):  # +1: the notifications bell
        html = client.get("/").content.decode()
    assert panel(html).count('<li class="task') == 8 and "Toutes mes tâches" in panel(html)


def test_first_step_import_a_file_is_ticked_once_an_import_finished(client_on, alpha, alice, val):
    def step(html):
        return html.split("Importer un fichier</strong>")[1].split("</li>")[0]

    html = client_on(alpha, alice).get("/").content.decode()
    assert 'href="/imports/"' in step(html) and "fait" not in step(html)
    with alpha:
        ImportBatch.objects.create(object_key="contact", file_name="a.csv", status="failed")
    assert "fait" not in step(client_on(alpha, alice).get("/").content.decode())
    with alpha:
        ImportBatch.objects.create(
            object_key="contact", file_name="b.csv", status=BatchStatus.DONE
        )  # then undone: the workspace is empty again, the step stays done
    assert "✓ fait" in step(client_on(alpha, alice).get("/").content.decode())
    assert "/imports/" not in client_on(alpha, val).get("/").content.decode()
