"""The history of changes: database triggers catch every write path, with who and how."""

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction

from activities.history_models import (
    ContactEvent,
    ContactLabelEvent,
    OpportunityEvent,
    ProspectEvent,
)
from contacts.models import Contact
from labels.models import Label
from tests.opportunities.factories import opportunity, stage_named
from workspaces import services as workspace_services
from workspaces.models import Workspace

pytestmark = pytest.mark.django_db


def history_lines(client, url) -> str:
    page = client.get(url + "?kind=history").content.decode()
    return page.split('id="timeline"')[1]


def test_a_form_edit_is_recorded_with_who_and_old_and_new_values(client_on, alpha, mia, elise):
    client = client_on(alpha, mia)
    response = client.post(
        f"/contacts/{elise.pk}/edit/",
        {"first_name": "Élise", "last_name": "Martin", "email": "", "country": "France"},
    )
    assert response.status_code == 302
    with alpha:
        event = ContactEvent.objects.filter(pgh_obj_id=elise.pk, pgh_label="update").get()
    assert event.last_name == "Martin"
    assert event.pgh_context["user"] == mia.pk and event.pgh_context["channel"] == "form"
    lines = history_lines(client, f"/contacts/{elise.pk}/")
    assert "Nom : Müller → Martin" in lines
    assert "formulaire" in lines and "Mia" in lines or "mia@alpha.test" in lines


def test_a_bulk_update_outside_requests_is_recorded_too(alpha, elise):
    with alpha:
        Contact.objects.filter(pk=elise.pk).update(city="Lyon")
        Contact.objects.filter(pk=elise.pk).update(city="Lyon")  # no change: no event
        events = ContactEvent.objects.filter(pgh_obj_id=elise.pk, pgh_label="update")
        assert [e.city for e in events] == ["Lyon"]
        assert events.get().pgh_context is None  # shown as "outside the application"


def test_a_board_move_shows_the_workspace_stage_names(client_on, alpha, alice):
    with alpha:
        deal = opportunity(title="Audit", stage=stage_named("Proposition"))
        target = stage_named("Négociation")
    client = client_on(alpha, alice)
    assert client.post(f"/opportunities/{deal.pk}/move/", {"stage": target.pk}).status_code in {
        200,
        302,
    }
    with alpha:
        event = OpportunityEvent.objects.filter(pgh_obj_id=deal.pk, pgh_label="update").get()
    assert event.pgh_context["channel"] == "board"
    lines = history_lines(client, f"/opportunities/{deal.pk}/")
    assert "Étape : Proposition → Négociation" in lines


def test_bulk_labels_are_recorded_as_a_bulk_action(client_on, alpha, alice, elise):
    with alpha:
        vip = Label.objects.create(name="VIP", colour="red")
    client = client_on(alpha, alice)
    client.post("/contacts/bulk/", {"ids": [elise.pk], "action": "add_label", "label": vip.pk})
    client.post("/contacts/bulk/", {"ids": [elise.pk], "action": "remove_label", "label": vip.pk})
    with alpha:
        events = list(ContactLabelEvent.objects.filter(contact_id=elise.pk).order_by("pgh_id"))
    assert [e.pgh_label for e in events] == ["label.add", "label.remove"]
    assert {e.pgh_context["channel"] for e in events} == {"bulk"}
    lines = history_lines(client, f"/contacts/{elise.pk}/")
    assert "VIP" in lines


def test_a_conversion_is_recorded_as_such(client_on, alpha, alice):
    from prospects.models import Prospect

    with alpha:
        prospect = Prospect.objects.create(first_name="Jean", last_name="Neuf", company_name="Neuf")
    response = client_on(alpha, alice).post(
        f"/prospects/{prospect.pk}/convert/", {"organisation": "create", "contact": "create"}
    )
    assert response.status_code == 302
    with alpha:
        created = ContactEvent.objects.get(last_name="Neuf", pgh_label="insert")
        prospect_change = ProspectEvent.objects.get(pgh_obj_id=prospect.pk, pgh_label="update")
    assert created.pgh_context["channel"] == "conversion"
    assert prospect_change.status == "converted"
    assert prospect_change.pgh_context == {"user": alice.pk, "channel": "conversion"}


def test_history_entries_can_never_be_edited(alpha, elise):
    with alpha:
        Contact.objects.filter(pk=elise.pk).update(city="Nantes")
        event = ContactEvent.objects.filter(pgh_obj_id=elise.pk).first()
        with transaction.atomic(), pytest.raises(DatabaseError):
            ContactEvent.objects.filter(pk=event.pk).update(city="Paris")
        with transaction.atomic(), pytest.raises(DatabaseError):
            ContactEvent.objects.filter(pk=event.pk).delete()


@pytest.mark.django_db(transaction=True)
def test_a_workspace_cloned_from_the_template_records_history():
    owner = get_user_model().objects.create_user(email="clone@history.test")
    workspace = workspace_services.workspace_create(slug="clonehistory", name="Clone", owner=owner)
    try:
        with workspace:
            contact = Contact.objects.create(first_name="Ana", last_name="Clone")
            Contact.objects.filter(pk=contact.pk).update(last_name="Cloned")
            labels = list(
                ContactEvent.objects.filter(pgh_obj_id=contact.pk)
                .order_by("pgh_id")
                .values_list("pgh_label", "last_name")
            )
            with connection.cursor() as cursor:
                # The triggers of the new schema call the new schema's functions.
                cursor.execute(
                    "SELECT DISTINCT n.nspname FROM pg_trigger t "
                    "JOIN pg_class c ON c.oid = t.tgrelid "
                    "JOIN pg_proc p ON p.oid = t.tgfoid "
                    "JOIN pg_namespace n ON n.oid = p.pronamespace "
                    "WHERE c.relname = 'contacts_contact' AND c.relnamespace = "
                    "'clonehistory'::regnamespace AND t.tgname LIKE 'pgtrigger_%%'"
                )
                schemas = [row[0] for row in cursor.fetchall()]
        assert labels == [("insert", "Clone"), ("update", "Cloned")]
        assert schemas == ["clonehistory"]
    finally:
        connection.set_schema_to_public()
        workspace.delete(force_drop=True)
        owner.delete()
    assert not Workspace.objects.filter(schema_name="clonehistory").exists()


def test_a_label_added_on_the_record_page_is_an_inline_change(client_on, alpha, mia, elise):
    with alpha:
        vip = Label.objects.create(name="VIP", colour="red")
    client_on(alpha, mia).post(f"/contacts/{elise.pk}/labels/", {"label": vip.pk})
    with alpha:
        event = ContactLabelEvent.objects.get(contact_id=elise.pk)
    assert event.pgh_label == "label.add"
    assert event.pgh_context == {"user": mia.pk, "channel": "inline"}
