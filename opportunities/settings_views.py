"""/settings/workflows/: workspace admins create, rename, reorder and delete workflows and stages.

Every form posts to a plain URL and redirects to the list with a message (no JavaScript
needed). Deleting a stage or a workflow that holds opportunities first asks where they go.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opportunities import selectors, services
from opportunities.forms import StageDeleteForm, StageForm, WorkflowDeleteForm, WorkflowForm
from opportunities.models import Stage, StageKind, Workflow
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


@admin_required
def workflow_list(request):
    workflows = list(selectors.workflow_list())
    counts = selectors.opportunity_counts_by_stage()
    for workflow in workflows:
        workflow.stage_list = sorted(workflow.stages.all(), key=lambda s: (s.position, s.pk))
        for stage in workflow.stage_list:
            stage.count = counts.get(stage.pk, 0)
        workflow.count = sum(stage.count for stage in workflow.stage_list)
    return render(
        request,
        "opportunities/settings/workflows.html",
        {
            "workflows": workflows,
            "kinds": StageKind.choices,
            "crm_object": object_settings_for(request)["opportunity"],
            "workflow_form": WorkflowForm(),
            "stage_form": StageForm(),
        },
    )


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
    if not form.is_valid():
        return _invalid(request, form)
    try:
        stage = services.stage_create(workflow=workflow, **form.cleaned_data)
    except ValidationError as error:
        return _refused(request, error)
    return _done(request, _("Stage “%(name)s” added.") % {"name": stage.name})


@admin_required
@require_POST
def stage_update(request, pk):
    stage = get_object_or_404(Stage, pk=pk)
    form = StageForm(request.POST, instance=Stage(pk=stage.pk, workflow_id=stage.workflow_id))
    if not form.is_valid():
        return _invalid(request, form)
    try:
        services.stage_update(stage=stage, **form.cleaned_data)
    except ValidationError as error:
        return _refused(request, error)
    return _done(request, _("Stage “%(name)s” saved.") % {"name": form.cleaned_data["name"]})


@admin_required
@require_POST
def stage_move(request, pk):
    stage = get_object_or_404(Stage, pk=pk)
    offset = -1 if request.POST.get("direction") == "up" else 1
    services.stage_move(stage=stage, offset=offset)
    return redirect(LIST)


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
