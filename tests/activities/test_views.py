"""Notes, tasks, the timeline and "Mes tâches" over HTTP."""

import datetime

import pytest

from activities import services
from activities.models import Note, Task
from contacts.models import Contact
from workspaces.object_settings_services import object_setting_update

pytestmark = pytest.mark.django_db

YESTERDAY = datetime.date.today() - datetime.timedelta(days=1)


def test_a_member_writes_a_note_on_a_record(client_on, alpha, mia, elise):
    client = client_on(alpha, mia)
    response = client.post(
        "/activities/notes/new/", {"record": f"contact:{elise.pk}", "text": "Appelé.\nRappeler"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/contacts/{elise.pk}/#activity"
    with alpha:
        note = Note.objects.get()
    assert note.contact_id == elise.pk and note.author_id == mia.pk
    page = client.get(f"/contacts/{elise.pk}/").content.decode()
    assert "Appelé.<br>Rappeler" in page


def test_with_htmx_the_activity_section_is_swapped(client_on, alpha, mia, elise):
    response = client_on(alpha, mia).post(
        "/activities/notes/new/",
        {"record": f"contact:{elise.pk}", "text": "vu"},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'id="activity"' in page and "<html" not in page


def test_an_empty_note_is_a_field_error(client_on, alpha, mia, elise):
    client = client_on(alpha, mia)
    for headers in [{}, {"HTTP_HX_REQUEST": "true"}]:
        response = client.post(
            "/activities/notes/new/", {"record": f"contact:{elise.pk}", "text": "  "}, **headers
        )
        assert response.status_code == 200
        assert "field__errors" in response.content.decode()
    with alpha:
        assert not Note.objects.exists()


def test_notes_are_escaped_and_links_clickable(client_on, alpha, mia, elise):
    text = "<script>alert(1)</script> voir https://example.org/devis?a=1&b=2 " + "x" * 10_000
    with alpha:
        services.note_create(author=mia, record=elise, text=text)
    page = client_on(alpha, mia).get(f"/contacts/{elise.pk}/").content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '<a href="https://example.org/devis?a=1&amp;b=2"' in page
    assert "x" * 10_000 in page


def test_a_record_of_another_workspace_or_a_disabled_object_is_a_404(
    client_on, alpha, mia, elise, beta_contact
):
    client = client_on(alpha, mia)
    with alpha:
        missing = (Contact.objects.order_by("-pk").first().pk or 0) + 1000
    for ref in [f"contact:{missing}", "contact:abc", "robot:1", ""]:
        assert (
            client.post("/activities/notes/new/", {"record": ref, "text": "x"}).status_code == 404
        )
    assert (
        client.post("/activities/tasks/new/", {"record": f"contact:{missing}", "title": "x"})
    ).status_code == 404
    object_setting_update(workspace=alpha, key="contact", enabled=False)
    for url, data in [
        ("/activities/notes/new/", {"record": f"contact:{elise.pk}", "text": "x"}),
        ("/activities/tasks/new/", {"record": f"contact:{elise.pk}", "title": "x"}),
    ]:
        assert client.post(url, data).status_code == 404
    assert client.get(f"/activities/timeline/contact:{elise.pk}/").status_code == 404


def test_viewers_read_but_never_write(client_on, alpha, val, mia, elise):
    with alpha:
        task = services.task_create(author=mia, title="Rappeler", record=elise)
        note = services.note_create(author=mia, record=elise, text="lu")
    client = client_on(alpha, val)
    page = client.get(f"/contacts/{elise.pk}/").content.decode()
    assert "Rappeler" in page and "lu" in page
    assert 'action="/activities/notes/new/"' not in page
    for url in [
        "/activities/notes/new/",
        "/activities/tasks/new/",
        f"/activities/tasks/{task.pk}/done/",
        f"/activities/notes/{note.pk}/delete/",
    ]:
        assert client.post(url, {"record": f"contact:{elise.pk}", "text": "x"}).status_code == 403


def test_ids_of_another_workspace_are_404(client_on, alpha, beta, alice, bob, beta_contact):
    with beta:
        task = services.task_create(author=bob, title="beta", record=beta_contact)
        note = services.note_create(author=bob, record=beta_contact, text="beta")
    client = client_on(alpha, alice)
    with alpha:
        assert not Task.objects.filter(pk=task.pk).exists()
    assert client.post(f"/activities/tasks/{task.pk}/done/").status_code == 404
    assert client.post(f"/activities/notes/{note.pk}/delete/").status_code == 404
    assert client.get(f"/activities/notes/{note.pk}/edit/").status_code == 404


def test_a_task_with_a_stranger_as_assignee_is_a_field_error(client_on, alpha, mia, bob, elise):
    response = client_on(alpha, mia).post(
        "/activities/tasks/new/",
        {"record": f"contact:{elise.pk}", "title": "x", "assignee": bob.pk},
    )
    assert response.status_code == 200
    assert "Choose a member of this workspace" in response.content.decode() or (
        "Choisissez un membre" in response.content.decode()
    )
    with alpha:
        assert not Task.objects.exists()


def test_add_a_task_due_yesterday_then_tick_it_done(client_on, alpha, mia, alice, elise):
    client = client_on(alpha, mia)
    response = client.post(
        "/activities/tasks/new/",
        {
            "record": f"contact:{elise.pk}",
            "title": "Envoyer le devis",
            "due": YESTERDAY.isoformat(),
            "assignee": alice.pk,
        },
    )
    assert response.status_code == 302
    with alpha:
        task = Task.objects.get()
    assert task.assignee_id == alice.pk and task.due == YESTERDAY
    alice_client = client_on(alpha, alice)
    tasks_page = alice_client.get("/tasks/").content.decode()
    assert "Envoyer le devis" in tasks_page and "task--overdue" in tasks_page
    assert f'href="/contacts/{elise.pk}/"' in tasks_page
    assert 'class="badge"' in tasks_page  # the menu's count
    response = alice_client.post(f"/activities/tasks/{task.pk}/done/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'id="activity"' in response.content.decode()
    with alpha:
        task.refresh_from_db()
    assert task.done_by_id == alice.pk
    response = alice_client.post(
        f"/activities/tasks/{task.pk}/reopen/", {"render": "row"}, HTTP_HX_REQUEST="true"
    )
    assert 'id="task-' in response.content.decode() and "<section" not in response.content.decode()
    response = alice_client.post(f"/activities/tasks/{task.pk}/done/")
    assert response.status_code == 302


def test_my_tasks_filters_by_assignee_and_object(client_on, alpha, alice, mia, elise):
    with alpha:
        services.task_create(author=alice, title="Sur le contact", record=elise)
        services.task_create(author=alice, title="Sur l'organisation", record=elise.organisation)
        services.task_create(author=alice, title="Pour Mia", assignee=mia)
    client = client_on(alpha, alice)
    page = client.get("/tasks/").content.decode()
    assert "Sur le contact" in page and "Sur l&#x27;organisation" in page
    assert "Pour Mia" not in page
    assert "Pour Mia" in client.get("/tasks/?assignee=all").content.decode()
    assert "Pour Mia" in client.get(f"/tasks/?assignee={mia.pk}").content.decode()
    page = client.get("/tasks/?object=contact").content.decode()
    assert "Sur le contact" in page and "Sur l&#x27;organisation" not in page
    fragment = client.get("/tasks/?object=contact", HTTP_HX_REQUEST="true").content.decode()
    assert 'id="task-groups"' in fragment and "<html" not in fragment
    object_setting_update(workspace=alpha, key="organisation", enabled=False)
    page = client.get("/tasks/").content.decode()
    assert "Sur le contact" in page and "Sur l&#x27;organisation" not in page


def test_my_tasks_in_a_bounded_number_of_queries(
    client_on, alpha, alice, elise, django_assert_max_num_queries
):
    with alpha:
        for i in range(30):
            services.task_create(
                author=alice, title=f"t{i}", record=elise, due=YESTERDAY + datetime.timedelta(i)
            )
    client = client_on(alpha, alice)
    client.get("/tasks/")
    # Session, membership, settings, menu count; each group's rows and count; one query per
    # kind of link (people, contacts) for all rows: no query per task.
    with django_assert_max_num_queries(20):
        assert client.get("/tasks/").status_code == 200


def test_the_record_page_timeline_pages_with_and_without_javascript(
    client_on, alpha, mia, elise, django_assert_max_num_queries
):
    with alpha:
        for i in range(45):
            services.note_create(author=mia, record=elise, text=f"note-{i:02d}")
    client = client_on(alpha, mia)
    client.get(f"/contacts/{elise.pk}/")
    with django_assert_max_num_queries(25):
        page = client.get(f"/contacts/{elise.pk}/").content.decode()
    assert "note-44" in page and "note-25" in page and "note-24" not in page
    more = page.split('class="timeline__more"')[1].split('href="')[1].split('"')[0]
    more = more.replace("&amp;", "&")
    older = client.get(more).content.decode()  # no JavaScript: the record page, older entries
    assert "note-24" in older and "note-44" not in older
    hx_url = page.split('class="timeline__more"')[1].split('hx-get="')[1].split('"')[0]
    fragment = client.get(hx_url.replace("&amp;", "&"), HTTP_HX_REQUEST="true").content.decode()
    assert "note-24" in fragment and "note-05" in fragment and "note-04" not in fragment
    assert "<html" not in fragment and "timeline__more" in fragment
    notes_only = client.get(
        f"/activities/timeline/contact:{elise.pk}/?kind=note", HTTP_HX_REQUEST="true"
    )
    assert 'id="timeline"' in notes_only.content.decode()


def test_note_edit_by_author_only(client_on, alpha, mia, alice, elise):
    with alpha:
        note = services.note_create(author=alice, record=elise, text="d'Alice")
    assert client_on(alpha, mia).get(f"/activities/notes/{note.pk}/edit/").status_code == 403
    client = client_on(alpha, alice)
    assert client.get(f"/activities/notes/{note.pk}/edit/").status_code == 200
    response = client.post(f"/activities/notes/{note.pk}/edit/", {"text": "modifiée"})
    assert response.status_code == 302
    with alpha:
        assert Note.objects.get().text == "modifiée"


def test_a_converted_prospect_s_notes_show_on_what_it_produced(client_on, alpha, alice):
    from prospects.models import Prospect

    with alpha:
        prospect = Prospect.objects.create(first_name="Jean", last_name="Neuf", company_name="Neuf")
        services.note_create(author=alice, record=prospect, text="Rencontré au salon")
    client = client_on(alpha, alice)
    client.post(
        f"/prospects/{prospect.pk}/convert/", {"organisation": "create", "contact": "create"}
    )
    with alpha:
        prospect.refresh_from_db()
    for record in (prospect.converted_contact, prospect.converted_organisation):
        page = client.get(record.get_absolute_url()).content.decode()
        assert "Rencontré au salon" in page.split('id="activity"')[1]


def test_an_organisation_timeline_may_include_its_contacts_and_opportunities(
    client_on, alpha, alice, elise
):
    organisation = elise.organisation
    with alpha:
        services.note_create(author=alice, record=organisation, text="Note de l'organisation")
        services.note_create(author=alice, record=elise, text="Note d'Élise")
        services.task_create(author=alice, title="Tâche d'Élise", record=elise)
    client = client_on(alpha, alice)
    url = organisation.get_absolute_url()
    page = client.get(url).content.decode().split('id="timeline"')[1]
    assert "Note de l&#x27;organisation" in page and "Note d&#x27;Élise" not in page
    page = client.get(url + "?linked=1").content.decode().split('id="timeline"')[1]
    assert "Note d&#x27;Élise" in page and "Tâche d&#x27;Élise" in page
    assert f'href="/contacts/{elise.pk}/"' in page  # says which record each entry is on
    fragment = client.get(
        f"/activities/timeline/organisation:{organisation.pk}/?linked=1", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Note d&#x27;Élise" in fragment
    object_setting_update(workspace=alpha, key="contact", enabled=False)
    page = client.get(url + "?linked=1").content.decode().split('id="timeline"')[1]
    assert "Note d&#x27;Élise" not in page


def test_the_assignee_is_chosen_with_the_member_picker(client_on, alpha, mia, alice, elise):
    client = client_on(alpha, mia)
    page = client.get(f"/contacts/{elise.pk}/").content.decode()
    assert 'name="assignee_search"' in page and 'hx-get="/pickers/members/"' in page
    assert 'name="assignee_search"' in client.get("/tasks/").content.decode()
    # Without JavaScript: typing a member's email picks them; nobody chosen means « Me ».
    response = client.post(
        "/activities/tasks/new/",
        {"record": f"contact:{elise.pk}", "title": "Rappeler", "assignee_search": "alice@alpha"},
    )
    assert response.status_code == 302
    with alpha:
        assert Task.objects.get(title="Rappeler").assignee_id == alice.pk
    # A term naming nobody of the workspace is a field error, nothing written.
    response = client.post(
        "/activities/tasks/new/",
        {"record": f"contact:{elise.pk}", "title": "Non", "assignee_search": "bob@beta"},
    )
    assert response.status_code == 200 and 'value="bob@beta"' in response.content.decode()
    with alpha:
        assert not Task.objects.filter(title="Non").exists()


def test_the_record_page_reads_a_constant_number_of_queries_whatever_its_timeline(
    client_on, alpha, mia, alice, elise, django_assert_max_num_queries
):
    """One query per panel at most, none per timeline entry: notes (pinned too), tasks, a
    checklist and its ticks, changes by two people, labels added."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from activities.models import ChecklistTemplate, ChecklistTemplateItem
    from labels.models import Label

    with alpha:
        label = Label.objects.create(name="Client", colour="blue")
        template = ChecklistTemplate.objects.create(object="contact", name="Accueil")
        for position, text in enumerate(["Appeler", "Écrire"]):
            ChecklistTemplateItem.objects.create(template=template, text=text, position=position)
    client = client_on(alpha, mia)
    url = f"/contacts/{elise.pk}/"

    def add_one_of_each(i, author):
        with alpha:
            services.note_create(author=author, record=elise, text=f"note-{i} exemple.com")
            services.task_create(author=author, title=f"tâche-{i}", record=elise, due=YESTERDAY)
            Contact.objects.filter(pk=elise.pk).update(city=f"Ville {i}")
        client_on(alpha, author).post(
            f"/contacts/{elise.pk}/labels/",
            {"label": label.pk, "action": "add" if i % 2 else "remove"},
        )

    add_one_of_each(0, mia)
    add_one_of_each(1, alice)  # a label added by someone: its name and theirs are read too
    client.post(
        "/activities/checklists/new/", {"record": f"contact:{elise.pk}", "template": template.pk}
    )
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    # Read now: every request empties the connection's query log.
    queries = [query["sql"][:80] for query in few.captured_queries]
    for i in range(2, 25):
        add_one_of_each(i, alice if i % 2 else mia)
    with alpha:
        Note.objects.filter(contact=elise).update(pinned=True)
    with django_assert_max_num_queries(len(queries)):
        page = client.get(url).content.decode()
    assert "note-24" in page and "tâche-24" in page and "Ville 24" in page
    # Host, session, person, membership and the menu's two figures (8); then the record, its
    # labels (with those that may be added), custom fields, opportunities, open tasks, pinned
    # notes, checklists and their items, the timeline's five sources and the names its lines
    # need (organisation, people, labels), the task form's members, the checklist templates.
    assert len(queries) <= 26, queries


def test_an_inline_label_change_reads_no_activity(client_on, alpha, mia, elise):
    """The HTMX answer re-renders the labels panel only: the timeline reloads itself (its
    own request, on record-changed), so the answer reads none of the activity's tables."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from labels.models import Label

    with alpha:
        label = Label.objects.create(name="Client", colour="blue")
        services.note_create(author=mia, record=elise, text="une note")
    client = client_on(alpha, mia)
    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            f"/contacts/{elise.pk}/labels/",
            {"label": label.pk, "action": "add"},
            HTTP_HX_REQUEST="true",
        )
    page = response.content.decode()
    assert response.status_code == 200 and 'id="labels"' in page and "Client" in page
    assert response.headers["HX-Trigger"].startswith('{"record-changed"')
    read = [
        query["sql"] for query in captured.captured_queries if query["sql"].startswith("SELECT")
    ]
    assert not [sql for sql in read if "activities_" in sql or "opportunities_" in sql]
