"""Benchmark of the activity pages (not a test).

Uses its own database `carnet_bench_activities` on the embedded server (or DATABASE_URL) and
seeds an `activity` workspace once: seed_demo's organisations and contacts, one contact with
2,000 timeline entries (notes, tasks, changes), one person with 10,000 open tasks among
200,000 tasks, and 1,000,000 history rows. Then prints the median time and SQL queries of the
record page, its next timeline page, "Mes tâches", a bulk label change on 1,000 contacts
(history included), the dashboard, the contact list with its next-step column, filter and
sort, and an organisation of 5,000 contacts with its linked records' timeline (the toggle).

    .venv/bin/python bench/activities.py [--repeat 15] [--contacts 100000] [--only "next step"]
        [--gunicorn: the GET pages through gunicorn too, as `make run` serves them]
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.setup import free_port, gunicorn, machine_speed, start, timed, timings  # noqa: E402

start("carnet_bench_activities")

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from workspaces import demo, services  # noqa: E402
from workspaces.models import Workspace  # noqa: E402

SLUG = "activity"
OWNER = "activity@example.com"
COLLEAGUE = "colleague@example.com"


def workspace_ready(contacts: int):
    from django.core.management import call_command

    from activities.models import Note, Task
    from contacts.models import Contact

    call_command("migrate_workspaces", verbosity=0)
    owner = services.user_get_or_create(email=OWNER, password="bench")
    colleague = services.user_get_or_create(email=COLLEAGUE, password="bench")
    workspace = Workspace.objects.filter(schema_name=SLUG).first()
    if workspace is None:
        workspace = services.workspace_create(slug=SLUG, name="Activity", owner=owner)
        services.membership_set(workspace=workspace, user=colleague, role="member")
    with workspace:
        seeded = Contact.objects.count() >= contacts
    if not seeded:
        began = time.perf_counter()
        demo.seed(
            workspace=workspace,
            seed=5,
            organisations=contacts // 5,
            contacts=contacts,
            prospects=0,
            opportunities=0,
        )
        with workspace:
            ids = list(Contact.objects.order_by("pk").values_list("pk", flat=True))
            hero = Contact.objects.get(pk=ids[0])
            today = timezone.localdate()
            Note.objects.bulk_create(
                Note(contact=hero, text=f"Note {i}\nhttps://exemple.fr/{i}", author_id=owner.pk)
                for i in range(1000)
            )
            Task.objects.bulk_create(
                Task(contact=hero, title=f"Tâche {i}", due=today, assignee_id=owner.pk)
                for i in range(500)
            )
            for i in range(500):  # 500 changes, one statement each (the triggers write them)
                Contact.objects.filter(pk=hero.pk).update(city=f"Ville {i}")

            # The person's 10,000 open tasks (500 on the hero above) and 190,000 others.
            def tasks(count, assignee, done):
                for i in range(count):
                    yield Task(
                        contact_id=ids[i % len(ids)],
                        title=f"Relance {i}",
                        due=today + datetime.timedelta(days=i % 60 - 20),
                        assignee_id=assignee,
                        done_at=timezone.now() if done else None,
                    )

            Task.objects.bulk_create(tasks(9500, owner.pk, False), batch_size=5000)
            Task.objects.bulk_create(tasks(90000, colleague.pk, False), batch_size=5000)
            Task.objects.bulk_create(tasks(100000, colleague.pk, True), batch_size=5000)
            with connection.cursor() as cursor:
                # About 1,000,000 history rows: ten changes of each contact (SQL, no trigger).
                cursor.execute(
                    "INSERT INTO activities_contactevent (pgh_created_at, pgh_label, pgh_obj_id, "
                    "id, first_name, last_name, email, phone, mobile, job_title, street, "
                    "postal_code, city, country, organisation_id, owner_id) "
                    "SELECT now() - n * interval '1 day', 'update', c.id, c.id, c.first_name, "
                    "c.last_name, c.email, c.phone, c.mobile, c.job_title, c.street, "
                    "c.postal_code, c.city || n, c.country, c.organisation_id, c.owner_id "
                    "FROM contacts_contact c, generate_series(1, %s) n",
                    [max(1, 1_000_000 // len(ids))],
                )
                cursor.execute("ANALYZE")
        print(f"seeded in {time.perf_counter() - began:.1f} s")
    with workspace:
        big = big_organisation(owner)
    connection.set_schema_to_public()
    return workspace, owner, big


BIG = "Grande Entreprise (bench)"


def big_organisation(owner):
    """An organisation with 5,000 contacts (their history, some notes and tasks), for its
    timeline with the linked records' entries (the toggle). Added once."""
    from activities.models import Note, Task
    from contacts.models import Contact
    from organisations.models import Organisation

    big = Organisation.objects.filter(name=BIG).first()
    if big is not None:
        return big
    big = Organisation.objects.create(name=BIG)
    ids = list(Contact.objects.order_by("pk").values_list("pk", flat=True)[1000:6000])
    Contact.objects.filter(pk__in=ids).update(organisation=big)  # 5,000 history rows
    Note.objects.bulk_create(Note(contact_id=pk, text=f"Note {pk}") for pk in ids[::5])
    Task.objects.bulk_create(
        Task(contact_id=pk, title=f"Appeler {pk}", assignee_id=owner.pk) for pk in ids[::7]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return big


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--only", default="", help="run the cases whose name contains this")
    parser.add_argument(
        "--gunicorn",
        action="store_true",
        help="also time the pages through gunicorn, as `make run` serves them (bench/pages.py)",
    )
    args = parser.parse_args()
    workspace, owner, big = workspace_ready(args.contacts)
    from activities.history_models import ContactEvent
    from activities.models import Task
    from contacts.models import Contact
    from labels.models import Label

    with workspace:
        hero = Contact.objects.order_by("pk").first()
        figures = {
            "tasks": Task.objects.count(),
            "open tasks of the person": Task.objects.filter(
                assignee_id=owner.pk, done_at=None
            ).count(),
            "history rows": ContactEvent.objects.count(),
            "contacts": Contact.objects.count(),
        }
        label, _ = Label.objects.get_or_create(name="Bench", defaults={"colour": "blue"})
        # 998 ids: a form carries at most DATA_UPLOAD_MAX_NUMBER_FIELDS (1,000) fields.
        batch = list(Contact.objects.order_by("-pk").values_list("pk", flat=True)[:998])
    connection.set_schema_to_public()
    print(figures)
    client = Client(HTTP_HOST=workspace.host)
    client.force_login(owner)
    first = client.get(f"/contacts/{hero.pk}/").content.decode()
    more = first.split('class="timeline__more"')[1].split('hx-get="')[1].split('"')[0]
    more = more.replace("&amp;", "&")

    def bulk_label(i):
        return client.post(
            "/contacts/bulk/",
            {
                "ids": batch,
                "action": "add_label" if i % 2 == 0 else "remove_label",
                "label": label.pk,
            },
        )

    cases = [
        ("record page (2,000 entries)", lambda i: client.get(f"/contacts/{hero.pk}/")),
        ("timeline, next 20 (HTMX)", lambda i: client.get(more, headers={"HX-Request": "true"})),
        ("Mes tâches (10,000 open)", lambda i: client.get("/tasks/")),
        ("bulk label, 998 contacts", bulk_label),
        ("dashboard (my tasks panel)", lambda i: client.get("/")),
        ("contact list, next-step column", lambda i: client.get("/contacts/")),
        ("contacts: page 100 with column", lambda i: client.get("/contacts/?page=100")),
        ("contacts: next step overdue", lambda i: client.get("/contacts/?next_step=overdue")),
        ("contacts: next task planned", lambda i: client.get("/contacts/?next_step=planned")),
        ("contacts: no next step", lambda i: client.get("/contacts/?next_step=none")),
        ("contacts: sorted by next step", lambda i: client.get("/contacts/?sort=next_step")),
        (
            "contacts: by next step, page 50",
            lambda i: client.get("/contacts/?sort=next_step&page=50"),
        ),
        (
            "organisation, 5,000 contacts, toggle",
            lambda i: client.get(f"/organisations/{big.pk}/?linked=1"),
        ),
        (
            "its timeline alone (HTMX)",
            lambda i: client.get(
                f"/activities/timeline/organisation:{big.pk}/?linked=1",
                headers={"HX-Request": "true"},
            ),
        ),
        (
            "contacts: overdue, page 20",
            lambda i: client.get("/contacts/?next_step=overdue&page=20"),
        ),
    ]
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} ({os.cpu_count()} CPUs)")
    print(machine_speed())
    print(f"{'request':32} {'median ms':>10} {'min ms':>8} {'queries':>8}")
    for name, request in cases:
        if args.only not in name:
            continue
        median, fastest, queries = timed(request, args.repeat)
        print(f"{name:32} {median:10.1f} {fastest:8.1f} {queries:8d}")
    if args.gunicorn:
        through_gunicorn(workspace, client, args, pages={
            "record page (2,000 entries)": f"/contacts/{hero.pk}/",
            "timeline, next 20 (HTMX)": more,
            "Mes tâches (10,000 open)": "/tasks/",
            "dashboard (my tasks panel)": "/",
            "contacts: next step overdue": "/contacts/?next_step=overdue",
        })  # fmt: skip
    # The same list without the next-step column (the person's column choice), for comparison.
    columns = ["name", "email", "phone", "organisation", "city", "labels", "updated"]
    client.post("/contacts/columns/", {"columns": columns})
    median, fastest, queries = timed(lambda i: client.get("/contacts/"), args.repeat)
    print(f"{'contact list, column hidden':32} {median:10.1f} {fastest:8.1f} {queries:8d}")
    client.post("/contacts/columns/", {"scope": "reset"})


def through_gunicorn(workspace, client, args, pages: dict) -> None:
    """Median and p95 of each page through gunicorn (gunicorn.conf.py: its workers, its
    garbage-collector freeze), one request at a time, as bench/pages.py times issue 16's."""
    import subprocess

    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=Path(__file__).resolve().parent.parent,
        check=True,
    )
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    port = free_port()
    server = gunicorn("crm_project.wsgi", port)
    try:
        print(f"through gunicorn, {args.repeat} requests each; {machine_speed()}")
        print(f"{'request':32} {'median ms':>10} {'p95 ms':>8}")
        for name, url in pages.items():
            if args.only not in name:
                continue
            htmx = {"HX-Request": "true"} if "HTMX" in name else {}
            median, p95 = timings(port, workspace.host, cookie, url, args.repeat, htmx)
            print(f"{name:32} {median:10.1f} {p95:8.1f}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
