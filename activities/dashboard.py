"""The dashboard's "my tasks" panel: what is overdue or due today for the person."""

from __future__ import annotations

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import timezone

from activities import selectors
from activities.components import RowOptions, task_row

PANEL_ROWS = 8


def my_tasks_panel(request, object_settings) -> dict | None:
    """Panel: my open tasks overdue and due today, each with its tick and its record; nothing
    when none is (the menu's "My tasks" leads to the rest)."""
    today = timezone.localdate()
    tasks, counts = selectors.due_tasks(
        user=request.user, object_settings=object_settings, today=today, limit=PANEL_ROWS
    )
    if not tasks:
        return None
    membership = getattr(request, "membership", None)
    writable = bool(membership and membership.can_write)
    options = RowOptions(
        today=today,
        can_write=writable,
        csrf_token=get_token(request) if writable else "",
        show_record=True,
        render_row=True,
        next=request.get_full_path(),
    )
    return {
        "rows": [task_row(task, options) for task in tasks],
        "overdue": counts["overdue"],
        "today": counts["today"],
        "more": counts["overdue"] + counts["today"] > len(tasks),
        "tasks_url": reverse("my_tasks"),
    }
