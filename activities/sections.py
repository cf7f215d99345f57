"""The activity section of every record page: notes, tasks and the timeline."""

from __future__ import annotations

from urllib.parse import urlencode

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import timezone

from activities import history, selectors
from activities.components import RowOptions, task_row, url_for
from activities.forms import NoteForm, TaskForm
from activities.refs import RecordRef
from activities.services import can_change_note
from records.filters import workspace_members
from records.inline_edit import RECORD_CHANGED
from workspaces.object_settings import OBJECT_KEYS, object_settings_for
from workspaces.registry import RecordSection


def can_write(request) -> bool:
    membership = getattr(request, "membership", None)
    return bool(membership and membership.can_write)


def entry_lines(entries: list[selectors.Entry], membership) -> None:
    """What the timeline's one loop shows of a note besides its row: its actions (URLs
    without a reverse() per entry), for those who may use them."""
    can_write = bool(membership and membership.can_write)
    for entry in entries:
        if entry.kind != "note" or not can_write:
            continue
        note, extra = entry.item, entry.extra
        extra["pin_url"] = url_for("activities:note_pin", note.pk)
        extra["can_change"] = can_change_note(note=note, membership=membership)
        if extra["can_change"]:
            extra["edit_url"] = url_for("activities:note_update", note.pk)
            extra["delete_url"] = url_for("activities:note_delete", note.pk)


def timeline_context(request, ref: RecordRef, record_url: str) -> dict:
    """One page of the timeline, with its kind filter and its "more" link."""
    kind = request.GET.get("kind", "")
    if kind not in selectors.timeline_kinds():
        kind = ""
    cursor = selectors.Cursor.parse(request.GET.get("before"))
    object_settings = object_settings_for(request)
    linkable = frozenset(
        key
        for key in selectors.LINKABLE
        if ref.key == "organisation" and object_settings.is_enabled(key)
    )
    linked = linkable if request.GET.get("linked") == "1" else frozenset()
    page = selectors.timeline(ref=ref, kind=kind, cursor=cursor, linked=linked)
    history.describe(page.entries, object_settings)
    entry_lines(page.entries, getattr(request, "membership", None))
    timeline_url = reverse("activities:timeline", args=[str(ref)])
    more = ""
    if page.next_cursor:
        params = {"before": str(page.next_cursor), **({"kind": kind} if kind else {})}
        if linked:
            params["linked"] = "1"
        more = "?" + urlencode(params)
    # What the timeline shows now (its filters, not its page), asked again when the record
    # changes on the page (RECORD_CHANGED: a click-to-edit save adds a history line).
    shown = {**({"kind": kind} if kind else {}), **({"linked": "1"} if linked else {})}
    refresh_url = timeline_url + ("?" + urlencode(shown) if shown else "")
    return {
        "entries": page.entries,
        "kind": kind,
        "kinds": selectors.timeline_kinds(),
        "timeline_url": timeline_url,
        "refresh_url": refresh_url,
        "refresh_event": RECORD_CHANGED,
        "record_url": record_url,
        "more_query": more,
        "older": cursor is not None,
        "linked": linked,
        "can_link": bool(linkable),
        "link_names": " / ".join(object_settings[key].plural for key in sorted(linkable)),
        "ref_pk": ref.pk,
    }


def activity_context(request, record, object_settings=None, *, note_form=None, task_form=None):
    ref = RecordRef.of(record)
    writable = can_write(request)
    record_url = record.get_absolute_url()
    open_tasks = list(selectors.record_open_tasks(ref=ref)[: selectors.OPEN_TASKS_SHOWN + 1])
    row_options = RowOptions(
        today=timezone.localdate(),
        can_write=writable,
        csrf_token=get_token(request) if writable else "",
        target="#activity",
    )
    context = {
        "ref": str(ref),
        "ref_key": ref.key,
        "record": record,
        "record_url": record_url,
        "can_write": writable,
        "membership": getattr(request, "membership", None),
        "today": timezone.localdate(),
        "open_tasks": [
            task_row(task, row_options) for task in open_tasks[: selectors.OPEN_TASKS_SHOWN]
        ],
        "more_open_tasks": max(0, len(open_tasks) - selectors.OPEN_TASKS_SHOWN),
        "pinned_notes": list(selectors.pinned_notes(ref=ref)),
        "checklists": selectors.record_checklists(ref=ref),
        **timeline_context(request, ref, record_url),
    }
    if writable:
        context["checklist_templates"] = list(selectors.checklist_templates_for(key=ref.key))
        context["note_form"] = note_form or NoteForm(
            initial={"record": str(ref)}, auto_id="note_%s"
        )
        context["task_form"] = task_form or TaskForm(
            initial={"record": str(ref)},
            members=workspace_members(request.tenant),
            auto_id="task_%s",
        )
    return context


def section_context(request, record, object_settings) -> dict:
    return {"section": activity_context(request, record, object_settings)}


def activity_section() -> RecordSection:
    return RecordSection(
        name="activity",
        objects=tuple(OBJECT_KEYS),
        template="activities/section.html",
        context=section_context,
        order=900,
    )


PREVIEW_TASKS = 3  # the next open tasks a record's preview (from a list) shows


def preview_tasks_context(request, record, object_settings) -> dict:
    """The record's next open tasks, for its preview (one query)."""
    ref = RecordRef.of(record)
    tasks = list(selectors.record_open_tasks(ref=ref)[: PREVIEW_TASKS + 1])
    return {
        "tasks": tasks[:PREVIEW_TASKS],
        "more_tasks": len(tasks) > PREVIEW_TASKS,
        "today": timezone.localdate(),
    }


def preview_tasks_section() -> RecordSection:
    return RecordSection(
        name="tasks",
        objects=tuple(OBJECT_KEYS),
        template="activities/preview_tasks.html",
        context=preview_tasks_context,
        order=900,
    )
