"""HTML of a task row, built in Python: "Mes tâches" and record pages show dozens of them and a
template include per row costs about a millisecond each."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from activities.models import Task
from records.html import esc, short_date
from workspaces.object_settings import OBJECT_TYPES

MARKER = 987654321


@lru_cache(maxsize=32)
def _url_pattern(name: str) -> tuple[str, str]:
    head, _marker, tail = reverse(name, args=[MARKER]).partition(str(MARKER))
    return head, tail


def url_for(name: str, pk: int) -> str:
    """reverse(name, args=[pk]) without a reverse() per row."""
    head, tail = _url_pattern(name)
    return f"{head}{pk}{tail}"


@dataclass(frozen=True)
class RowOptions:
    today: datetime.date
    can_write: bool
    csrf_token: str = ""
    target: str = "closest li"  # what the tick's HTMX answer replaces
    show_record: bool = False
    render_row: bool = False  # the tick answers with the row, not the record's section
    next: str = ""


def _who(user) -> str:
    return user.get_short_name() if user is not None else "—"


def task_row(task: Task, options: RowOptions) -> SafeString:
    """One task: its tick (done/reopen), title, due date, assignee, record, done by whom.
    Escaped with records.html.esc (format_html's lazy wrapper costs more than the escaping,
    and the page shows up to 125 rows)."""
    overdue = task.done_at is None and task.due is not None and task.due < options.today
    css = "task" + (" task--done" if task.done_at else " task--overdue" if overdue else "")
    parts = []
    if options.can_write:
        action = esc(
            url_for("activities:task_reopen" if task.done_at else "activities:task_done", task.pk)
        )
        label = (_("Reopen “%(title)s”") if task.done_at else _("Mark “%(title)s” done")) % {
            "title": task.title
        }
        hidden = (
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{esc(options.csrf_token)}">'
        )
        if options.render_row:
            hidden += '<input type="hidden" name="render" value="row">'
        if options.next:
            hidden += f'<input type="hidden" name="next" value="{esc(options.next)}">'
        pressed, tick = ("true", "✓") if task.done_at else ("false", "")
        parts.append(
            f'<form method="post" action="{action}" hx-post="{action}" '
            f'hx-target="{esc(options.target)}" hx-swap="outerHTML" class="task__tick">{hidden}'
            f'<button type="submit" class="tick" aria-pressed="{pressed}" '
            f'aria-label="{esc(label)}">{tick}</button></form>'
        )
    parts.append(f'<span class="task__title">{esc(task.title)}</span>')
    if task.due:
        due = short_date(task.due)
        if task.due_time:
            due = f"{due} {time_format(task.due_time, 'H:i')}"
        if overdue:
            due = _("overdue · %(due)s") % {"due": due}
        parts.append(f'<span class="task__due">{esc(due)}</span>')
    if task.assignee_id:
        parts.append(f'<span class="task__assignee">{esc(_who(task.assignee))}</span>')
    if options.show_record:
        ref = task.record_ref
        if ref is not None:
            url = url_for(f"{OBJECT_TYPES[ref.key].url_namespace}:detail", ref.pk)
            parts.append(f'<a class="task__record" href="{esc(url)}">{esc(task.record)}</a>')
    if task.done_at:
        when = date_format(timezone.localtime(task.done_at), "SHORT_DATETIME_FORMAT")
        done = _("done by %(who)s, %(when)s") % {"who": _who(task.done_by), "when": when}
        parts.append(f'<span class="task__done">{esc(done)}</span>')
    if options.can_write:
        edit_url, edit = url_for("activities:task_update", task.pk), _("Edit")
        parts.append(f'<a class="task__edit" href="{esc(edit_url)}">{esc(edit)}</a>')
    return SafeString(f'<li class="{css}" id="task-{task.pk}">{" ".join(parts)}</li>')
