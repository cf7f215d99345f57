"""HTML of a task row, built in Python: "Mes tâches" and record pages show dozens of them and a
template include per row costs about a millisecond each."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from activities.models import Task
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
    """One task: its tick (done/reopen), title, due date, assignee, record, done by whom."""
    overdue = task.done_at is None and task.due is not None and task.due < options.today
    css = "task" + (" task--done" if task.done_at else " task--overdue" if overdue else "")
    parts = []
    if options.can_write:
        action = url_for(
            "activities:task_reopen" if task.done_at else "activities:task_done", task.pk
        )
        label = (_("Reopen “%(title)s”") if task.done_at else _("Mark “%(title)s” done")) % {
            "title": task.title
        }
        hidden = format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', options.csrf_token
        )
        if options.render_row:
            hidden += mark_safe('<input type="hidden" name="render" value="row">')
        if options.next:
            hidden += format_html('<input type="hidden" name="next" value="{}">', options.next)
        parts.append(
            format_html(
                '<form method="post" action="{0}" hx-post="{0}" hx-target="{1}" '
                'hx-swap="outerHTML" class="task__tick">{2}<button type="submit" class="tick" '
                'aria-pressed="{3}" aria-label="{4}">{5}</button></form>',
                action,
                options.target,
                hidden,
                "true" if task.done_at else "false",
                label,
                "✓" if task.done_at else "",
            )
        )
    parts.append(format_html('<span class="task__title">{}</span>', task.title))
    if task.due:
        due = date_format(task.due, "SHORT_DATE_FORMAT")
        if task.due_time:
            due = f"{due} {time_format(task.due_time, 'H:i')}"
        if overdue:
            due = _("overdue · %(due)s") % {"due": due}
        parts.append(format_html('<span class="task__due">{}</span>', due))
    if task.assignee_id:
        parts.append(format_html('<span class="task__assignee">{}</span>', _who(task.assignee)))
    if options.show_record:
        ref = task.record_ref
        if ref is not None:
            url = url_for(f"{OBJECT_TYPES[ref.key].url_namespace}:detail", ref.pk)
            parts.append(format_html('<a class="task__record" href="{}">{}</a>', url, task.record))
    if task.done_at:
        when = date_format(timezone.localtime(task.done_at), "SHORT_DATETIME_FORMAT")
        parts.append(
            format_html(
                '<span class="task__done">{}</span>',
                _("done by %(who)s, %(when)s") % {"who": _who(task.done_by), "when": when},
            )
        )
    if options.can_write:
        parts.append(
            format_html(
                '<a class="task__edit" href="{}">{}</a>',
                url_for("activities:task_update", task.pk),
                _("Edit"),
            )
        )
    return format_html(
        '<li class="{}" id="task-{}">{}</li>', css, task.pk, mark_safe(" ".join(parts))
    )
