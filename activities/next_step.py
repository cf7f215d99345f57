"""The next step on the four lists: a column (the next open task: its title and due date,
red when overdue) and a filter (next task planned, overdue, no next step), contributed to
records.pages through workspaces.registry.ListExtension.

Both stay cheap at 100,000 records: the column is a subquery computed for the page's 50 rows
only (records.paging reads the rows of a page by id), and the filter is an EXISTS / NOT EXISTS
on a partial index of open tasks per record (activities_task_open_<object>_idx).
"""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import Exists, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, JSONObject
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from activities.models import RECORD_FIELDS, Task
from workspaces.registry import ListExtension

NAME = "next_step"
ATTRIBUTE = "next_task"


def open_tasks(key: str):
    """The open tasks of the record of the outer query (one of `key`'s)."""
    return Task.objects.filter(**{key: OuterRef("pk")}, done_at__isnull=True)


def annotate(key: str) -> dict:
    """The next open task of each record, soonest due first (undated last): one index read."""
    first = (
        open_tasks(key)
        .order_by("due", "due_time", "id")
        .values(data=JSONObject(title="title", due="due"))[:1]
    )
    return {ATTRIBUTE: Subquery(first)}


def sort(key: str):
    """The list's sort by next step: the due date of each record's next open task (undated
    ones after every date, records without an open task last): one read of the per-record
    open-task index (activities_task_open_<object>_idx) per record."""
    return Subquery(
        open_tasks(key)
        .order_by("due", "due_time", "id")
        .values(key=Coalesce("due", Value(datetime.date.max)))[:1]
    )


def render(record) -> str:
    task = getattr(record, ATTRIBUTE, None)
    if not task:
        return ""
    due = task.get("due")
    if not due:
        return format_html('<span class="next-step">{}</span>', task["title"])
    day = datetime.date.fromisoformat(due)
    overdue = day < timezone.localdate()
    when = date_format(day, "SHORT_DATE_FORMAT")
    return format_html(
        '<span class="next-step{}">{} <span class="next-step__due">{}</span></span>',
        " next-step--overdue" if overdue else "",
        task["title"],
        _("overdue · %(due)s") % {"due": when} if overdue else when,
    )


CHOICES = [
    ("planned", _("Next task planned")),
    ("overdue", _("Overdue")),
    ("none", _("No next step")),
]


class NextStepFilter(django_filters.ChoiceFilter):
    """`?next_step=planned|overdue|none`: an open task and none overdue / an overdue open task
    / no open task at all."""

    def __init__(self, key: str, **kwargs):
        self.key = key
        super().__init__(choices=CHOICES, label=_("Next step"), empty_label="—", **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        any_open = Exists(open_tasks(self.key))
        overdue = Exists(open_tasks(self.key).filter(due__lt=timezone.localdate()))
        if value == "overdue":
            return qs.filter(overdue)
        if value == "none":
            return qs.filter(~any_open)
        return qs.filter(any_open, ~overdue)


def extension() -> ListExtension:
    return ListExtension(
        name=NAME,
        label=_("Next step"),
        objects=tuple(RECORD_FIELDS),
        annotate=annotate,
        render=render,
        filter=lambda key: NextStepFilter(key, field_name=NAME),
        sort=sort,
    )
