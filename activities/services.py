"""Writes of notes and tasks: one function per use case, one transaction each."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import (
    Checklist,
    ChecklistItem,
    ChecklistTemplate,
    ChecklistTemplateItem,
    Note,
    Task,
)
from activities.refs import RecordRef
from workspaces.models import Membership, Role


def is_member(user) -> bool:
    """Whether `user` belongs to the workspace whose schema is active."""
    return (
        user is not None
        and Membership.objects.filter(workspace_id=connection.tenant.pk, user_id=user.pk).exists()
    )


def can_change_note(*, note: Note, membership) -> bool:
    """A note is edited or deleted by its author or by an admin of the workspace."""
    if membership is None or not membership.can_write:
        return False
    return membership.role == Role.ADMIN or note.author_id == membership.user_id


@transaction.atomic
def note_create(*, author, record, text: str, pinned: bool = False) -> Note:
    """Write a note on `record` (a record of one of the four objects)."""
    note = Note(author=author, text=text.strip(), pinned=pinned)
    note.set_record(record)
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def note_update(*, note: Note, membership, text: str, pinned: bool | None = None) -> Note:
    """Change a note's text (or pin); only its author or an admin may."""
    if not can_change_note(note=note, membership=membership):
        raise PermissionDenied
    note.text = text.strip()
    if pinned is not None:
        note.pinned = pinned
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def note_pin(*, note: Note, membership, pinned: bool) -> Note:
    """Pin a note first on its record's timeline, or unpin it."""
    if membership is None or not membership.can_write:
        raise PermissionDenied
    Note.objects.filter(pk=note.pk).update(pinned=pinned)
    note.pinned = pinned
    return note


@transaction.atomic
def note_delete(*, note: Note, membership) -> None:
    """Delete a note; only its author or an admin may."""
    if not can_change_note(note=note, membership=membership):
        raise PermissionDenied
    note.delete()


def _check_assignee(assignee) -> None:
    if assignee is not None and not is_member(assignee):
        raise ValidationError({"assignee": _("Choose a member of this workspace.")})


@transaction.atomic
def task_create(
    *,
    author,
    title: str,
    record=None,
    due: datetime.date | None = None,
    due_time: datetime.time | None = None,
    assignee=None,
    description: str = "",
) -> Task:
    """Create a task, on `record` or on none; its assignee defaults to its author."""
    assignee = assignee if assignee is not None else author
    _check_assignee(assignee)
    task = Task(
        author=author,
        title=title.strip(),
        description=description.strip(),
        due=due,
        due_time=due_time if due else None,
        assignee=assignee,
    )
    task.set_record(record)
    task.full_clean()
    task.save()
    return task


@transaction.atomic
def task_update(*, task: Task, data: dict) -> Task:
    """Change a task's title, description, due date and time, or assignee."""
    for name in ("title", "description", "due", "due_time", "assignee"):
        if name in data:
            value = data[name]
            setattr(task, name, value.strip() if isinstance(value, str) else value)
    if task.due is None:
        task.due_time = None
    if "assignee" in data:
        _check_assignee(task.assignee)
    task.full_clean()
    task.save()
    return task


@transaction.atomic
def task_complete(*, task: Task, user) -> Task:
    """Mark a task done by `user`, now (a task already done stays as it was)."""
    if task.done_at is None:
        task.done_at = timezone.now()
        task.done_by = user
        task.save(update_fields=["done_at", "done_by", "updated"])
    return task


@transaction.atomic
def task_reopen(*, task: Task) -> Task:
    """Put a done task back among the open ones."""
    task.done_at = None
    task.done_by = None
    task.save(update_fields=["done_at", "done_by", "updated"])
    return task


@transaction.atomic
def task_delete(*, task: Task) -> None:
    task.delete()


# --- checklists -------------------------------------------------------------------------------


def _item_lines(items: list[str]) -> list[str]:
    lines = [line.strip() for line in items if line.strip()]
    if not lines:
        raise ValidationError({"items": _("Give the checklist at least one item.")})
    return lines


@transaction.atomic
def checklist_template_create(*, object_key: str, name: str, items: list[str]):
    """A reusable checklist for the records of `object_key` (one item per line)."""

    template = ChecklistTemplate(object=object_key, name=name.strip())
    template.full_clean()
    lines = _item_lines(items)
    template.save()
    ChecklistTemplateItem.objects.bulk_create(
        ChecklistTemplateItem(template=template, text=text, position=i)
        for i, text in enumerate(lines)
    )
    return template


@transaction.atomic
def checklist_template_update(*, template, name: str, items: list[str]):
    """Rename a template and replace its items (checklists already attached keep theirs)."""

    template.name = name.strip()
    template.full_clean()
    lines = _item_lines(items)
    template.save()
    template.items.all().delete()
    ChecklistTemplateItem.objects.bulk_create(
        ChecklistTemplateItem(template=template, text=text, position=i)
        for i, text in enumerate(lines)
    )
    return template


@transaction.atomic
def checklist_template_delete(*, template) -> None:
    """Delete a template; the checklists made from it stay on their records."""
    template.delete()


@transaction.atomic
def checklist_attach(*, record, template, author):
    """Attach a copy of `template` to `record` (a template of the record's object only)."""

    if template.object != RecordRef.of(record).key:
        raise ValidationError({"template": _("This checklist is not for this kind of record.")})
    checklist = Checklist(template=template, name=template.name, author=author)
    checklist.set_record(record)
    checklist.full_clean()
    checklist.save()
    ChecklistItem.objects.bulk_create(
        ChecklistItem(checklist=checklist, text=item.text, position=item.position)
        for item in template.items.all()
    )
    return checklist


@transaction.atomic
def checklist_item_tick(*, item, user, done: bool):
    """Tick an item (keeping who and when) or untick it."""
    item.done_at = timezone.now() if done else None
    item.done_by = user if done else None
    item.save(update_fields=["done_at", "done_by"])
    return item


@transaction.atomic
def checklist_delete(*, checklist) -> None:
    checklist.delete()
