"""/settings/workflows/: workspace admins create, rename, reorder and delete workflows and stages.

Every form posts to a plain URL and redirects to the list with a message (no JavaScript
needed). With HTMX the stages of a workflow are edited in place (issue 14): renaming, changing
the kind or probability, adding, moving up/down or dragging answer with the workflow's stage
editor (the "stages" partial of workflows.html), errors said inline. Deleting a stage or a
workflow that holds opportunities first asks where they go.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from opportunities import selectors, services
from opportunities.fields import stage_kind_labels
from opportunities.forms import StageDeleteForm, StageForm, WorkflowDeleteForm, WorkflowForm
from opportunities.models import Stage, Workflow
from workspaces.object_settings import object_settings_for
from workspaces.settings_views import admin_required

LIST = "workflow_settings:list"


def _done(request, text: str):
    messages.success(request, text)
    return redirect(LIST)


def _refused(request, error: ValidationError):
    messages.error(request, " ".join(error.messages))
    return redirect(LIST)


def _invalid(request, form):
    errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
    messages.error(request, " ".join(errors))
    return redirect(LIST)


# Said when two admins change the same workflow at once and the second change no longer fits.
CONCURRENT = gettext_lazy(
    "Someone changed these stages at the same time: here they are as they are now."
)


def _with_stages(workflow: Workflow, counts: dict[int, int]) -> Workflow:
    workflow.stage_list = sorted(workflow.stages.all(), key=lambda s: (s.position, s.pk))
    for stage in workflow.stage_list:
        stage.count = counts.get(stage.pk, 0)
    workflow.count = sum(stage.count for stage in workflow.stage_list)
    return workflow


def _page_context(request) -> dict:
    crm_object = object_settings_for(request)["opportunity"]
    # « Gagné » for a « Projet »: the kinds agree with the workspace's name, as in exports.
    return {"kinds": list(stage_kind_labels(crm_object).items()), "crm_object": crm_object}


@admin_required
def workflow_list(request):
    counts = selectors.opportunity_counts_by_stage()
    workflows = [_with_stages(workflow, counts) for workflow in selectors.workflow_list()]
    return render(
        request,
        "opportunities/settings/workflows.html",
        {
            **_page_context(request),
            "workflows": workflows,
            "workflow_form": WorkflowForm(),
            "stage_form": StageForm(),
        },
    )


def _stage_editor(request, workflow_pk: int, **extra):
    """The stage editor of one workflow, as it is now (HTMX answer of every stage change)."""
    workflow = get_object_or_404(selectors.workflow_list(), pk=workflow_pk)
    workflow = _with_stages(workflow, selectors.opportunity_counts_by_stage(workflow=workflow))
    context = {**_page_context(request), "workflow": workflow, **extra}
    return render(request, "opportunities/settings/workflows.html#stages", context)


@admin_required
@require_POST
def workflow_create(request):
    form = WorkflowForm(request.POST)
    if not form.is_valid():
        return _invalid(request, form)
    workflow = services.workflow_create(name=form.cleaned_data["name"])
    return _done(request, _("Workflow “%(name)s” created.") % {"name": workflow.name})


@admin_required
@require_POST
def workflow_rename(request, pk):
    workflow = get_object_or_404(Workflow, pk=pk)
    form = WorkflowForm(request.POST, instance=Workflow(pk=workflow.pk))
    if not form.is_valid():
        return _invalid(request, form)
    services.workflow_rename(workflow=workflow, name=form.cleaned_data["name"])
    return _done(request, _("Workflow “%(name)s” saved.") % {"name": workflow.name})


@admin_required
@require_POST
def workflow_default(request, pk):
    workflow = get_object_or_404(Workflow, pk=pk)
    services.workflow_set_default(workflow=workflow)
    return _done(request, _("“%(name)s” is now the default workflow.") % {"name": workflow.name})


@admin_required
@require_POST
def workflow_move(request, pk):
    workflow = get_object_or_404(Workflow, pk=pk)
    offset = -1 if request.POST.get("direction") == "up" else 1
    services.workflow_move(workflow=workflow, offset=offset)
    return redirect(LIST)


@admin_required
def workflow_delete(request, pk):
    workflow = get_object_or_404(Workflow, pk=pk)
    count = workflow.opportunities.count()
    form = WorkflowDeleteForm(request.POST or None, workflow=workflow)
    if request.method == "POST" and (count == 0 or form.is_valid()):
        target = form.cleaned_data["target"] if count else None
        try:
            services.workflow_delete(workflow=workflow, target_stage=target)
        except ValidationError as error:
            return _refused(request, error)
        return _done(request, _("Workflow “%(name)s” deleted.") % {"name": workflow.name})
    return render(
        request,
        "opportunities/settings/delete.html",
        {
            "thing": workflow,
            "count": count,
            "form": form,
            "is_last": not Workflow.objects.exclude(pk=workflow.pk).exists(),
            "crm_object": object_settings_for(request)["opportunity"],
        },
    )


@admin_required
@require_POST
def stage_create(request, pk):
    workflow = get_object_or_404(Workflow, pk=pk)
    form = StageForm(request.POST)
    error = None
    if form.is_valid():
        try:
            stage = services.stage_create(workflow=workflow, **form.cleaned_data)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        except IntegrityError:
            error = str(CONCURRENT)
        else:
            text = _("Stage “%(name)s” added.") % {"name": stage.name}
            if request.htmx:
                return _stage_editor(request, workflow.pk, status=text, focus_new=True)
            return _done(request, text)
    if request.htmx:
        return _stage_editor(request, workflow.pk, new_form=form, new_error=error)
    return _refused(request, ValidationError(error)) if error else _invalid(request, form)


@admin_required
@require_POST
def stage_update(request, pk):
    stage = get_object_or_404(Stage, pk=pk)
    form = StageForm(request.POST, instance=Stage(pk=stage.pk, workflow_id=stage.workflow_id))
    error = None
    if form.is_valid():
        try:
            services.stage_update(stage=stage, **form.cleaned_data)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            text = _("Stage “%(name)s” saved.") % {"name": form.cleaned_data["name"]}
            if request.htmx:
                return _stage_editor(request, stage.workflow_id, status=text, saved=stage.pk)
            return _done(request, text)
    if request.htmx:
        # The row keeps what was typed, with the error under it; nothing was saved.
        return _stage_editor(
            request, stage.workflow_id, failed=stage.pk, failed_form=form, failed_error=error
        )
    return _refused(request, ValidationError(error)) if error else _invalid(request, form)


@admin_required
@require_POST
def stage_move(request, pk):
    stage = get_object_or_404(Stage, pk=pk)
    offset = -1 if request.POST.get("direction") == "up" else 1
    services.stage_move(stage=stage, offset=offset)
    if request.htmx:
        return _stage_editor(request, stage.workflow_id, moved=stage.pk)
    return redirect(LIST)


@admin_required
@require_POST
def stage_order(request, pk):
    """The stages of a workflow in a new order (dragged): every stage id, once, comma-separated.

    A list that no longer matches the workflow (another admin added, deleted or moved a stage
    meanwhile) changes nothing: the answer shows the stages as they are now, and says so.
    """
    workflow = get_object_or_404(Workflow, pk=pk)
    raw = request.POST.get("order", "")
    try:
        ids = [int(part) for part in raw.split(",") if part.strip()]
        services.stage_reorder(workflow=workflow, stage_ids=ids)
    except (ValueError, ValidationError, IntegrityError):
        if request.htmx:
            return _stage_editor(request, workflow.pk, problem=CONCURRENT)
        messages.error(request, CONCURRENT)
        return redirect(LIST)
    if request.htmx:
        return _stage_editor(request, workflow.pk, status=_("New order saved."))
    return _done(request, _("New order saved."))


@admin_required
def stage_delete(request, pk):
    stage = get_object_or_404(Stage.objects.select_related("workflow"), pk=pk)
    count = stage.opportunities.count()
    form = StageDeleteForm(request.POST or None, stage=stage)
    if request.method == "POST" and (count == 0 or form.is_valid()):
        target = form.cleaned_data["target"] if count else None
        try:
            services.stage_delete(stage=stage, target=target)
        except ValidationError as error:
            return _refused(request, error)
        return _done(request, _("Stage “%(name)s” deleted.") % {"name": stage.name})
    return render(
        request,
        "opportunities/settings/delete.html",
        {
            "thing": stage,
            "count": count,
            "form": form,
            "is_last": not Stage.objects.filter(workflow_id=stage.workflow_id)
            .exclude(pk=stage.pk)
            .exists(),
            "crm_object": object_settings_for(request)["opportunity"],
        },
    )
