"""Export content, erasure completeness and atomicity, and the log (personal_data)."""

import pytest
from django.db import DatabaseError, connection, transaction

from activities.history_models import ContactEvent, ProspectEvent
from activities.models import Checklist, Note, Task
from contacts.models import Contact
from imports.models import ImportedRecord
from opportunities.models import Opportunity
from personal_data import selectors, services
from personal_data.models import Action, LogEntryImmutable, PersonalDataLog
from prospects.models import Prospect
from tests.personal_data.conftest import EMAIL, NAME, TRACES
from workspaces.object_settings import ObjectSettings

pytestmark = pytest.mark.django_db


def settings_of(workspace) -> ObjectSettings:
    return ObjectSettings.load(workspace)


def test_the_export_holds_every_category(alpha, person):
    with alpha:
        data = selectors.person_data(person.contact, settings_of(alpha), workspace=alpha)
    fields = {row["name"]: row["value"] for row in data["fields"]}
    assert fields["first_name"] == "Zéphyrin" and fields["email"] == EMAIL
    assert fields["organisation"] == "Quincaillerie Morel"
    assert fields["owner"]  # the owner's name, not an id
    assert data["custom_fields"] == [
        {
            "key": "f_passion_x1",
            "label": "Passion",
            "group": "",
            "deleted": False,
            "value": "Orgues de Barbarie",
        }
    ]
    assert data["labels"] == ["Client fidèle"]
    assert [n["text"] for n in data["notes"]] == ["Préfère être appelé le matin."]
    assert [t["title"] for t in data["tasks"]] == ["Rappeler pour le devis"]
    assert data["checklists"][0]["items"][0]["text"] == "Envoyer la plaquette"
    assert data["checklists"][0]["items"][0]["done_by"]
    # The history with its values: the creation, then the change of email (old → new).
    assert data["history"][0]["action"] == "created"
    changes = [c for event in data["history"] for c in event.get("changes", [])]
    assert any(c["old"] == "z.quaglio@ancien.test" and c["new"] == EMAIL for c in changes)
    assert any(event.get("label") == "Client fidèle" for event in data["history"])
    assert [c["id"] for c in data["conversions"]] == [person.prospect.pk]
    assert [o["title"] for o in data["opportunities"]] == ["Entretien annuel"]
    assert data["imports"][0]["file_name"] == "salon.csv"
    assert data["imports"][0]["previous_values"] == {"phone": "0648271953", "city": "Brest"}


def test_a_prospects_export_has_its_qualification_and_conversions(alpha, person):
    with alpha:
        data = selectors.person_data(person.prospect, settings_of(alpha))
    assert [c["to"] for c in data["status_changes"]] == ["Converti"]
    objects = {c["id"] for c in data["conversions"]}
    assert person.contact.pk in objects


def test_mentions_are_found_in_other_records_notes_only(alpha, person):
    with alpha:
        terms = selectors.person_terms(person.contact)
        found = selectors.mentions([person.contact], terms)
    assert NAME in terms and EMAIL in terms
    assert [n.pk for n in found] == [person.mention.pk]


def tenant_traces(schema: str, traces: list[str]) -> list[tuple[str, str, str]]:
    """(table, column, trace) wherever a trace of the person is left in the schema."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = %s AND data_type IN "
            "('character varying', 'text', 'jsonb', 'json', 'character')",
            [schema],
        )
        columns = cursor.fetchall()
        assert len(columns) > 50  # every table of the workspace, history tables included
        found = []
        for table, column in columns:
            for trace in traces:
                cursor.execute(
                    f'SELECT count(*) FROM "{schema}"."{table}" WHERE "{column}"::text ILIKE %s',
                    [f"%{trace}%"],
                )
                if cursor.fetchone()[0]:
                    found.append((table, column, trace))
    return found


def test_erasure_leaves_nothing_of_the_person_in_any_table(alpha, alice, person):
    contact_pk, prospect_pk = person.contact.pk, person.prospect.pk
    with alpha:
        before = tenant_traces("alpha", TRACES)
        assert {table for table, _c, _t in before} >= {
            "contacts_contact",
            "activities_contactevent",
            "prospects_prospect",
            "activities_prospectevent",
            "activities_note",
            "imports_importedrecord",
        }
        assert ("activities_contactevent", "custom", "Barbarie") in before
        result = services.person_erase(
            record=person.contact,
            actor=alice,
            also=[person.prospect],
            redact_notes=[person.mention.pk],
        )
        assert tenant_traces("alpha", TRACES) == []
        # What the person's records held is gone; what others wrote stays.
        assert not Contact.objects.filter(pk=contact_pk).exists()
        assert not Prospect.objects.filter(pk=prospect_pk).exists()
        assert not Note.objects.filter(text__contains="matin").exists()
        assert not Task.objects.filter(title__contains="devis").exists()
        assert not Checklist.objects.filter(name="Accueil").exists()
        assert not ImportedRecord.objects.filter(record_id=contact_pk).exists()
        deal = Opportunity.objects.get(pk=person.opportunity.pk)
        assert deal.contact_id is None and deal.title == "Entretien annuel"
        mention = Note.objects.get(pk=person.mention.pk)
        assert mention.text == "Recommandée par [effacé] ([effacé]) au salon."
        assert Note.objects.get(pk=person.elsewhere.pk).text == "Rien à voir."
        # History rows stay, with who and when, their values erased.
        events = list(ContactEvent.objects.filter(pgh_obj_id=contact_pk))
        assert len(events) >= 2
        assert {e.last_name for e in events} == {"[effacé]"}
        assert {e.job_title for e in events} == {"", "[effacé]"}
        assert {tuple(e.custom.items()) for e in events} == {(("f_passion_x1", "[effacé]"),)}
        assert all(e.pgh_created_at for e in events)
        assert {e.status for e in ProspectEvent.objects.filter(pgh_obj_id=prospect_pk)}
        entry = PersonalDataLog.objects.get(action=Action.ERASE)
    assert result.notes == 1 and result.tasks == 1 and result.mentions_redacted == 1
    assert entry.object_key == "contact" and entry.record_id == contact_pk
    assert entry.details["records"] == [
        f"contact:{contact_pk}",
        f"prospect:{prospect_pk}",
    ]
    assert entry.actor_id == alice.pk and len(entry.subject_hash) == 64


def test_a_failure_during_erasure_leaves_everything_as_it_was(alpha, alice, person, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("the log could not be written")

    monkeypatch.setattr(services, "log_write", broken)
    contact_pk, prospect_pk = person.contact.pk, person.prospect.pk
    with alpha:
        before = tenant_traces("alpha", TRACES)
        with pytest.raises(RuntimeError):
            services.person_erase(
                record=person.contact,
                actor=alice,
                also=[person.prospect],
                redact_notes=[person.mention.pk],
            )
        assert tenant_traces("alpha", TRACES) == before
        assert Contact.objects.filter(pk=contact_pk).exists()
        assert Note.objects.get(pk=person.mention.pk).text.startswith(f"Recommandée par {NAME}")
        assert Opportunity.objects.get(pk=person.opportunity.pk).contact_id == contact_pk
        assert Prospect.objects.get(pk=prospect_pk).converted_contact_id == contact_pk
        assert not PersonalDataLog.objects.exists()


def test_the_log_cannot_be_changed(alpha, alice, person):
    with alpha:
        entry = services.log_write(actor=alice, action=Action.EXPORT_JSON, record=person.contact)
        entry.action = Action.ERASE
        with pytest.raises(LogEntryImmutable):
            entry.save()
        with pytest.raises(LogEntryImmutable):
            entry.delete()
        with pytest.raises(LogEntryImmutable):
            PersonalDataLog.objects.filter(pk=entry.pk).update(action=Action.ERASE)
        with pytest.raises(LogEntryImmutable):
            PersonalDataLog.objects.filter(pk=entry.pk).delete()
        # Below the ORM, the database refuses (a trigger in the workspace's schema, which was
        # cloned from the template schema).
        with connection.cursor() as cursor:
            for statement in (
                "UPDATE personal_data_personaldatalog SET action = 'erase'",
                "DELETE FROM personal_data_personaldatalog",
            ):
                with pytest.raises(DatabaseError), transaction.atomic():
                    cursor.execute(statement)
        entry = PersonalDataLog.objects.get()
    assert entry.action == Action.EXPORT_JSON


def test_the_log_never_holds_the_persons_name(alpha, alice, person):
    with alpha:
        services.log_write(actor=alice, action=Action.EXPORT_HTML, record=person.contact)
        row = PersonalDataLog.objects.values().get()
    assert not any(
        trace.lower() in str(value).lower() for value in row.values() for trace in TRACES
    )
