"""Notes and tasks: the rules of their services and of the database."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from activities import selectors, services
from activities.models import Note, Task
from activities.refs import RecordRef, record_or_404
from workspaces.models import Membership
from workspaces.object_settings import ObjectSettings
from workspaces.object_settings_services import object_setting_update

pytestmark = pytest.mark.django_db


def test_a_record_is_named_by_its_object_key_and_id(alpha, elise):
    with alpha:
        settings = ObjectSettings.load(alpha)
        assert RecordRef.of(elise) == RecordRef("contact", elise.pk)
        assert record_or_404(f"contact:{elise.pk}", settings) == elise
        for bad in ["", "contact", "contact:", "contact:0", "contact:-1", "robot:3", "contact:1x"]:
            with pytest.raises(Http404):
                record_or_404(bad, settings)


def test_a_reference_resolves_in_this_schema_only_and_to_enabled_objects(
    alpha, elise, beta_contact
):
    with alpha:
        settings = ObjectSettings.load(alpha)
        assert record_or_404(f"contact:{elise.pk}", settings) == elise
        with pytest.raises(Http404):
            record_or_404("contact:999999", settings)
        if beta_contact.pk != elise.pk:
            with pytest.raises(Http404):
                record_or_404(f"contact:{beta_contact.pk}", settings)
        object_setting_update(workspace=alpha, key="contact", enabled=False)
        with pytest.raises(Http404):
            record_or_404(f"contact:{elise.pk}", ObjectSettings.load(alpha))


def test_a_note_is_on_exactly_one_record(alpha, alice, elise):
    with alpha:
        note = services.note_create(author=alice, record=elise, text="  Rappeler lundi  ")
        assert note.text == "Rappeler lundi" and note.contact == elise and note.record == elise
        with pytest.raises(ValidationError) as error:
            services.note_create(author=alice, record=elise, text="   ")
        assert "text" in error.value.message_dict
        with transaction.atomic(), pytest.raises(IntegrityError):
            Note.objects.create(text="nowhere")
        with transaction.atomic(), pytest.raises(IntegrityError):
            Note.objects.create(text="twice", contact=elise, organisation=elise.organisation)


def test_only_the_author_or_an_admin_changes_a_note(alpha, alice, mia, elise):
    with alpha:
        note = services.note_create(author=mia, record=elise, text="mine")
        as_mia = Membership.objects.get(workspace=alpha, user=mia)
        as_alice = Membership.objects.get(workspace=alpha, user=alice)
        services.note_update(note=note, membership=as_mia, text="still mine")
        services.note_update(note=note, membership=as_alice, text="edited by the admin")
        other = services.note_create(author=alice, record=elise, text="alice's")
        with pytest.raises(PermissionDenied):
            services.note_update(note=other, membership=as_mia, text="no")
        with pytest.raises(PermissionDenied):
            services.note_delete(note=other, membership=as_mia)
        services.note_delete(note=note, membership=as_alice)
        assert not Note.objects.filter(pk=note.pk).exists()


def test_a_task_defaults_to_its_author_and_may_be_on_no_record(alpha, alice, mia, bob, elise):
    with alpha:
        task = services.task_create(author=alice, title="Relancer", record=elise)
        assert task.assignee == alice and task.contact == elise
        free = services.task_create(author=alice, title="Préparer le salon", assignee=mia)
        assert free.record is None and free.assignee == mia
        with pytest.raises(ValidationError) as error:
            services.task_create(author=alice, title="x", assignee=bob)
        assert "assignee" in error.value.message_dict
        with pytest.raises(ValidationError):
            services.task_create(author=alice, title="  ")


def test_a_due_date_in_the_past_is_overdue_not_an_error(alpha, alice, elise):
    with alpha:
        yesterday = datetime.date.today() - datetime.timedelta(days=1)
        task = services.task_create(author=alice, title="Hier", record=elise, due=yesterday)
        settings = ObjectSettings.load(alpha)
        groups = {
            g.name: g
            for g in selectors.task_groups(
                tasks=selectors.task_list(object_settings=settings, assignee_id=alice.pk)
            )
        }
        assert task in groups["overdue"].tasks
        assert selectors.due_count(user=alice, object_settings=settings) == 1


def test_completing_a_task_keeps_who_and_when(alpha, alice, mia, elise):
    with alpha:
        task = services.task_create(author=alice, title="Appeler", record=elise)
        services.task_complete(task=task, user=mia)
        task.refresh_from_db()
        assert task.done_by == mia and task.done_at is not None
        first = task.done_at
        services.task_complete(task=task, user=alice)  # already done: unchanged
        task.refresh_from_db()
        assert task.done_by == mia and task.done_at == first
        services.task_reopen(task=task)
        task.refresh_from_db()
        assert task.done_at is None and task.done_by is None


def test_deleting_a_record_deletes_its_notes_and_tasks(alpha, alice, elise):
    with alpha:
        services.note_create(author=alice, record=elise, text="x")
        services.task_create(author=alice, title="y", record=elise)
        elise.delete()
        assert not Note.objects.exists() and not Task.objects.exists()


def test_the_timeline_pages_through_everything_newest_first(alpha, alice, elise):
    with alpha:
        for i in range(25):
            services.note_create(author=alice, record=elise, text=f"note {i}")
        for i in range(5):
            services.task_create(author=alice, title=f"task {i}", record=elise)
        ref = RecordRef.of(elise)
        first = selectors.timeline(ref=ref)
        assert len(first.entries) == 20 and first.next_cursor
        assert first.entries[0].item.title == "task 4"
        second = selectors.timeline(ref=ref, cursor=first.next_cursor)
        # 25 notes, 5 tasks and the record's creation in its history
        assert len(second.entries) == 11 and second.next_cursor is None
        seen = [(e.kind, e.pk) for e in first.entries + second.entries]
        assert len(set(seen)) == 31 and seen[-1][0] == "history"
        notes = selectors.timeline(ref=ref, kind="note")
        assert {e.kind for e in notes.entries} == {"note"}


def test_the_timeline_cursor_survives_a_round_trip(alpha, alice, elise):
    with alpha:
        services.note_create(author=alice, record=elise, text="x")
        entry = selectors.timeline(ref=RecordRef.of(elise)).entries[0]
        cursor = selectors.Cursor(entry.when, entry.rank, entry.pk)
        assert selectors.Cursor.parse(str(cursor)) == cursor
        assert selectors.Cursor.parse("garbage") is None
        assert selectors.Cursor.parse("2026-01-01T00:00:00_1_2") is None  # naive
