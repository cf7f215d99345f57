"""The dashboard's figures, contributed by each ENABLED object through the registry.

An object app registers `figures(request) -> list[dict]` with
`workspaces.registry.registry.dashboard(key, figures)`; each figure is

- `label`: a short text, named from the workspace-settings API, never hard-coded
  (e.g. _("%(objects)s to qualify") % {"objects": object_settings["prospect"].plural});
- `value`: a number or a short formatted text;
- `url`: where a click leads (usually the list, filtered), or None.

The dashboard asks only enabled objects (a disabled object's function is not even called), in
the order of workspaces.object_settings.OBJECT_TYPES. Keep each to a few cheap queries.

Above the figures come the panels apps register (`registry.dashboard_panel`: my tasks, my
opportunities closing this month, prospects waiting, the pipeline chart). A workspace without
any record shows neither: a "first steps" checklist replaces them.
"""

from __future__ import annotations

from django.db.models import Value
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from workspaces.models import Membership
from workspaces.object_settings import object_settings_for
from workspaces.registry import registry


def dashboard_figures(request) -> list[dict]:
    """[{"object": CrmObject, "figures": [{"label", "value", "url"}, ...]}] for enabled objects."""
    sections = []
    for crm_object in object_settings_for(request).enabled():
        function = registry.dashboards.get(crm_object.key)
        if function is None:
            continue
        figures = list(function(request) or [])
        if figures:
            sections.append({"object": crm_object, "figures": figures})
    return sections


def workspace_is_empty(object_settings) -> bool:
    """Whether no enabled object has any record yet (one query)."""
    querysets = [
        crm_object.type.model.objects.order_by().values_list(Value(1))[:1]
        for crm_object in object_settings.enabled()
        if crm_object.type.model is not None
    ]
    if not querysets:
        return True
    first, *others = querysets
    return not list(first.union(*others, all=True)[:1]) if others else not list(first)


def first_steps(request, object_settings) -> list[dict]:
    """The checklist of a new workspace: add a record, then what apps and admins set up."""
    membership = getattr(request, "membership", None)
    can_write = bool(membership and membership.can_write)
    is_admin = bool(membership and membership.is_admin)
    steps = []
    if can_write:
        links = []
        for crm_object in object_settings.enabled():
            try:
                url = reverse(f"{crm_object.type.url_namespace}:create")
            except NoReverseMatch:
                continue
            links.append({"label": crm_object.phrase("add"), "url": url, "object": crm_object.key})
        if links:
            steps.append({"label": _("Add a first record"), "links": links, "done": False})
    for step in registry.first_steps:
        if step.provider and not object_settings.is_enabled(step.provider):
            continue
        if (step.admin_only and not is_admin) or not can_write:
            continue
        steps.append(
            {
                "label": step.label,
                "description": step.description,
                "links": [{"label": step.label, "url": reverse(step.url_name)}],
                "done": bool(step.done and step.done()),
            }
        )
    if is_admin:
        colleagues = Membership.objects.filter(workspace_id=request.tenant.pk).count() > 1
        steps.append(
            {
                "label": _("Invite a colleague"),
                "description": _("Members share the workspace; viewers only read it."),
                "links": [{"label": _("Invite a colleague"), "url": reverse("settings:members")}],
                "done": colleagues,
            }
        )
    return steps


def dashboard_panels(request, object_settings) -> list[str]:
    """The panels of enabled providers (workspaces.registry.DashboardPanel), as HTML."""
    panels = []
    for panel in registry.panels_for(object_settings):
        context = panel.context(request, object_settings)
        if context is not None:
            panels.append(render_to_string(panel.template, context, request=request))
    return panels


def dashboard_context(request) -> dict:
    object_settings = object_settings_for(request)
    empty = workspace_is_empty(object_settings)
    return {
        "first_steps": first_steps(request, object_settings) if empty else [],
        "panels": [] if empty else dashboard_panels(request, object_settings),
        "sections": [] if empty else dashboard_figures(request),
        "empty": empty,
    }
