"""Notes, tasks and the timeline over HTTP: thin views over activities.services/selectors.

Every form works as a plain POST (then back to the record page) and with HTMX (then the
activity section, or the task's row, is swapped in place).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from activities import selectors, services, statistics
from activities.components import RowOptions, task_row
from activities.forms import NoteEditForm, NoteForm, TaskForm
from activities.models import RECORD_FIELDS, Note, Task
from activities.refs import RecordRef, record_or_404
from activities.sections import activity_context, timeline_context
from records.filters import workspace_members
from records.pages import safe_next
from records.statistics import statistics_response
from records.validation import parse_id
from workspaces.object_settings import object_settings_for

SECTION = "activities/section.html#section"


def _back(request, record) -> str:
    fallback = (record.get_absolute_url() + "#activity") if record is not None else "/tasks/"
    return safe_next(request, fallback)


def _visible(request, row):
    """404 unless the row's record (if any) belongs to an enabled object."""
    ref = row.record_ref
    if ref is not None and not object_settings_for(request).is_enabled(ref.key):
        raise Http404
    return row


def _get_note(request, pk) -> Note:
    return _visible(request, get_object_or_404(Note.objects.select_related(*RECORD_FIELDS), pk=pk))


def _get_task(request, pk) -> Task:
    return _visible(request, get_object_or_404(Task.objects.select_related(*RECORD_FIELDS), pk=pk))


def _section(request, record, **forms):
    return render(request, SECTION, {"section": activity_context(request, record, **forms)})


def _add_field_errors(form, error: ValidationError) -> None:
    for name, errors in error.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


# --- notes ------------------------------------------------------------------------------------


@require_POST
def note_create(request):
    record = record_or_404(request.POST.get("record", ""), object_settings_for(request))
    form = NoteForm(request.POST, auto_id="note_%s")
    if form.is_valid():
        try:
            services.note_create(author=request.user, record=record, text=form.cleaned_data["text"])
        except ValidationError as error:
            _add_field_errors(form, error)
    if not form.is_valid():
        if request.htmx:
            return _section(request, record, note_form=form)
        return render(
            request, "activities/note_form.html", {"form": form, "record": record, "new": True}
        )
    if request.htmx:
        return _section(request, record)
    messages.success(request, _("Note saved."))
    return HttpResponseRedirect(_back(request, record))


def note_update(request, pk):
    note = _get_note(request, pk)
    if not services.can_change_note(note=note, membership=request.membership):
        raise PermissionDenied
    form = NoteEditForm(request.POST or None, instance=Note.objects.get(pk=note.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.note_update(
                note=note,
                membership=request.membership,
                text=form.cleaned_data["text"],
                pinned=form.cleaned_data["pinned"],
            )
        except ValidationError as error:
            _add_field_errors(form, error)
        else:
            messages.success(request, _("Note saved."))
            return HttpResponseRedirect(_back(request, note.record))
    return render(request, "activities/note_form.html", {"form": form, "record": note.record})


@require_POST
def note_pin(request, pk):
    note = _get_note(request, pk)
    services.note_pin(
        note=note, membership=request.membership, pinned=request.POST.get("pinned") == "1"
    )
    if request.htmx:
        return _section(request, note.record)
    return HttpResponseRedirect(_back(request, note.record))


@require_POST
def note_delete(request, pk):
    note = _get_note(request, pk)
    record = note.record
    services.note_delete(note=note, membership=request.membership)
    if request.htmx:
        return _section(request, record)
    messages.success(request, _("Note deleted."))
    return HttpResponseRedirect(_back(request, record))


# --- tasks ------------------------------------------------------------------------------------


@require_POST
def task_create(request):
    value = request.POST.get("record", "")
    record = record_or_404(value, object_settings_for(request)) if value else None
    form = TaskForm(request.POST, members=workspace_members(request.tenant), auto_id="task_%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.task_create(
                author=request.user,
                record=record,
                title=data["title"],
                due=data["due"],
                due_time=data["due_time"],
                assignee=data["assignee"],
                description=data["description"],
            )
        except ValidationError as error:
            _add_field_errors(form, error)
    if not form.is_valid():
        if request.htmx and record is not None:
            return _section(request, record, task_form=form)
        return render(request, "activities/task_form.html", {"form": form, "record": record})
    if request.htmx and record is not None:
        return _section(request, record)
    messages.success(request, _("Task added."))
    return HttpResponseRedirect(_back(request, record))


def task_update(request, pk):
    task = _get_task(request, pk)
    form = TaskForm(request.POST or None, instance=task, members=workspace_members(request.tenant))
    if request.method == "POST" and form.is_valid():
        try:
            services.task_update(task=Task.objects.get(pk=task.pk), data=form.cleaned_data)
        except ValidationError as error:
            _add_field_errors(form, error)
        else:
            messages.success(request, _("Task saved."))
            return HttpResponseRedirect(_back(request, task.record))
    return render(request, "activities/task_form.html", {"form": form, "record": task.record})


def _row_options(request, **options) -> RowOptions:
    writable = request.membership.can_write
    return RowOptions(
        today=timezone.localdate(),
        can_write=writable,
        csrf_token=get_token(request) if writable else "",
        **options,
    )


def _after_task_change(request, task):
    if request.htmx and request.POST.get("render") == "row":
        task = Task.objects.select_related("assignee", "done_by", *RECORD_FIELDS).get(pk=task.pk)
        options = _row_options(request, show_record=True, render_row=True)
        return HttpResponse(task_row(task, options))
    if request.htmx and task.record is not None:
        return _section(request, task.record)
    return HttpResponseRedirect(_back(request, task.record))


@require_POST
def task_done(request, pk):
    task = services.task_complete(task=_get_task(request, pk), user=request.user)
    return _after_task_change(request, task)


@require_POST
def task_reopen(request, pk):
    task = services.task_reopen(task=_get_task(request, pk))
    return _after_task_change(request, task)


@require_POST
def task_delete(request, pk):
    task = _get_task(request, pk)
    record = task.record
    services.task_delete(task=task)
    if request.htmx and record is not None:
        return _section(request, record)
    messages.success(request, _("Task deleted."))
    return HttpResponseRedirect(_back(request, record))


# --- pages ------------------------------------------------------------------------------------


@require_GET
def timeline(request, ref):
    """The next entries of a record's timeline (HTMX), or the record page (no JavaScript)."""
    object_settings = object_settings_for(request)
    record = record_or_404(ref, object_settings)
    if not request.htmx:
        query = request.GET.urlencode()
        return HttpResponseRedirect(
            record.get_absolute_url() + (f"?{query}" if query else "") + "#timeline"
        )
    context = timeline_context(request, RecordRef.of(record), record.get_absolute_url())
    context["can_write"] = request.membership.can_write
    context["membership"] = request.membership
    part = "entries" if request.GET.get("before") else "timeline"
    return render(request, f"activities/section.html#{part}", {"section": context})


@require_GET
def my_tasks(request):
    """ "Mes tâches": the person's (or anyone's) tasks by due date, on enabled objects."""
    object_settings = object_settings_for(request)
    members = list(workspace_members(request.tenant))
    who = request.GET.get("assignee", "")
    if who == "all":
        assignee_id = None
    elif parse_id(who) is not None and any(m.pk == parse_id(who) for m in members):
        assignee_id = parse_id(who)
    else:
        who, assignee_id = "", request.user.pk
    object_key = request.GET.get("object", "")
    if object_key not in {*RECORD_FIELDS, "none"} or (
        object_key in RECORD_FIELDS and not object_settings.is_enabled(object_key)
    ):
        object_key = ""
    tasks = selectors.task_list(
        object_settings=object_settings, assignee_id=assignee_id, object_key=object_key
    )
    only = request.GET.get("group", "")
    if only not in selectors.GROUP_NAMES:
        only = ""
    params = request.GET.copy()
    params.pop("group", None)
    groups = selectors.task_groups(tasks=tasks, only=only)
    options = _row_options(request, show_record=True, render_row=True, next=request.get_full_path())
    for group in groups:
        group.rows = [task_row(task, options) for task in group.tasks]
    context = {
        "groups": groups,
        "only": only,
        "filters_query": params.urlencode(),
        "members": members,
        "assignee": who,
        "object_key": object_key,
        "objects": object_settings.enabled(),
        "today": timezone.localdate(),
        "tabs": task_tabs(request),
        "can_write": request.membership.can_write,
        "task_form": TaskForm(members=workspace_members(request.tenant), auto_id="task_%s")
        if request.membership.can_write
        else None,
    }
    template = "activities/tasks.html"
    if request.htmx and not request.htmx.boosted:
        template += "#groups"
    return render(request, template, context)


def task_tabs(request) -> list[dict]:
    """The sub-navigation of "My tasks": the list, its statistics."""
    current = request.resolver_match.view_name if request.resolver_match else ""
    return [
        {"label": label, "url": reverse(name), "current": current == name}
        for label, name in ((_("Tasks"), "my_tasks"), (_("Statistics"), "task_statistics"))
    ]


@require_GET
def task_statistics(request):
    """Tasks done and overdue per member per week (records.statistics' period and filters)."""
    return statistics_response(
        request,
        compute=statistics.compute_tasks,
        subject=_("Tasks"),
        show_labels=False,
        owner_label=_("Assignee"),
        context={
            "tabs": task_tabs(request),
            "tabs_label": _("Tasks"),
            "empty_text": _(
                "No task was done or overdue in this period with these filters. Choose a "
                "longer period, or add tasks with due dates on your records."
            ),
            "empty_link": {"label": _("My tasks"), "url": reverse("my_tasks")},
        },
    )
