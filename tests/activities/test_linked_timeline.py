"""An organisation's timeline with its contacts' and opportunities' entries (the toggle)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities import history, selectors, services
from activities.refs import RecordRef
from contacts.models import Contact
from labels.models import Label
from opportunities.models import Opportunity, Workflow
from workspaces.object_settings import ObjectSettings
from workspaces.object_settings_services import object_setting_update

pytestmark = pytest.mark.django_db

LINKED = frozenset({"contact", "opportunity"})


def _timeline(client, organisation, query="?linked=1") -> str:
    page = client.get(organisation.get_absolute_url() + query).content.decode()
    return page.split('id="timeline"')[1]


def test_the_toggle_brings_every_kind_of_entry_of_the_linked_records(
    client_on, alpha, alice, elise
):
    organisation = elise.organisation
    with alpha:
        label = Label.objects.create(name="Salon 2026", colour="green")
        Contact.objects.filter(pk=elise.pk).update(job_title="Acheteuse")
        elise.labels.add(label)
        workflow = Workflow.objects.get(is_default=True)
        deal = Opportunity.objects.create(
            title="Contrat cadre",
            workflow=workflow,
            stage=workflow.stages.order_by("position").first(),
            organisation=organisation,
        )
        Opportunity.objects.filter(pk=deal.pk).update(title="Contrat cadre 2027")
        services.note_create(author=alice, record=deal, text="Note du projet")
    client = client_on(alpha, alice)
    without = _timeline(client, organisation, "")
    assert "Acheteuse" not in without and "Contrat cadre 2027" not in without
    page = _timeline(client, organisation)
    # Field changes (old → new), labels, notes: each says which record it is on.
    assert "Acheteuse" in page and "Salon 2026" in page
    assert "Contrat cadre → Contrat cadre 2027" in page and "Note du projet" in page
    assert f'href="/contacts/{elise.pk}/"' in page
    assert f'href="/opportunities/{deal.pk}/"' in page
    only_changes = client.get(
        f"/activities/timeline/organisation:{organisation.pk}/?linked=1&kind=history",
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "Acheteuse" in only_changes and "Note du projet" not in only_changes
    # A disabled object's records bring nothing, not even their history.
    object_setting_update(workspace=alpha, key="opportunity", enabled=False)
    page = _timeline(client, organisation)
    assert "Contrat cadre 2027" not in page and "Acheteuse" in page


def test_a_linked_change_is_told_against_its_own_previous_snapshot(alpha, elise):
    organisation = elise.organisation
    with alpha:
        other = Contact.objects.create(first_name="Paul", organisation=organisation)
        Contact.objects.filter(pk=elise.pk).update(city="Lyon")
        Contact.objects.filter(pk=other.pk).update(city="Brest")
        Contact.objects.filter(pk=elise.pk).update(city="Nantes")
        page = selectors.timeline(
            ref=RecordRef.of(organisation), kind="history", linked=frozenset({"contact"})
        )
        history.describe(page.entries, ObjectSettings.load(alpha))
    changes = [
        (entry.extra["on"].pk, [(c.label, c.old, c.new) for c in entry.extra["changes"]])
        for entry in page.entries
        if entry.extra.get("action") == "changed"
    ]
    assert changes == [
        (elise.pk, [("Ville", "Lyon", "Nantes")]),
        (other.pk, [("Ville", "—", "Brest")]),
        (elise.pk, [("Ville", "—", "Lyon")]),
    ]


def test_paging_through_a_linked_timeline_shows_each_entry_once(alpha, alice, elise):
    organisation = elise.organisation
    with alpha:
        label = Label.objects.create(name="Client", colour="blue")
        contacts = [elise] + [
            Contact.objects.create(first_name=f"P{i}", organisation=organisation) for i in range(6)
        ]
        for i, contact in enumerate(contacts):
            services.note_create(author=alice, record=contact, text=f"note {i}")
            services.task_create(author=alice, title=f"tâche {i}", record=contact)
            Contact.objects.filter(pk=contact.pk).update(city=f"Ville {i}")
            contact.labels.add(label)
        services.note_create(author=alice, record=organisation, text="la sienne")
        everything = selectors.timeline(ref=RecordRef.of(organisation), size=500, linked=LINKED)
        seen, cursor = [], None
        while True:
            page = selectors.timeline(
                ref=RecordRef.of(organisation), cursor=cursor, size=7, linked=LINKED
            )
            seen += [(e.kind, e.rank, e.pk) for e in page.entries]
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
    expected = [(e.kind, e.rank, e.pk) for e in everything.entries]
    assert seen == expected and len(set(seen)) == len(seen)
    # Notes, tasks, creations, changes and labels of the seven contacts; its own note and creation.
    assert len(expected) == 7 * 5 + 2


def test_the_linked_timeline_reads_the_same_queries_however_many_contacts(
    client_on, alpha, alice, elise, django_assert_max_num_queries
):
    organisation = elise.organisation
    client = client_on(alpha, alice)
    url = f"/activities/timeline/organisation:{organisation.pk}/?linked=1"
    with alpha:  # one entry of each kind
        label = Label.objects.create(name="Client", colour="blue")
        services.note_create(author=alice, record=elise, text="une")
        services.task_create(author=alice, title="une tâche", record=elise)
        Contact.objects.filter(pk=elise.pk).update(city="Lyon")
        elise.labels.add(label)
    client.get(url, HTTP_HX_REQUEST="true")
    with CaptureQueriesContext(connection) as few:
        client.get(url, HTTP_HX_REQUEST="true")
    with alpha:
        for i in range(40):
            contact = Contact.objects.create(first_name=f"P{i}", organisation=organisation)
            services.note_create(author=alice, record=contact, text=f"note {i}")
            Contact.objects.filter(pk=contact.pk).update(city=f"Ville {i}")
            contact.labels.add(label)
    with django_assert_max_num_queries(len(few)):
        page = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert page.count("<article") == selectors.TIMELINE_PAGE
