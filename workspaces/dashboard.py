"""The dashboard's figures, contributed by each ENABLED object through the registry.

An object app registers `figures(request) -> list[dict]` with
`workspaces.registry.registry.dashboard(key, figures)`; each figure is

- `label`: a short text, named from the workspace-settings API, never hard-coded
  (e.g. _("%(objects)s to qualify") % {"objects": object_settings["prospect"].plural});
- `value`: a number or a short formatted text;
- `url`: where a click leads (usually the list, filtered), or None.

The dashboard asks only enabled objects (a disabled object's function is not even called), in
the order of workspaces.object_settings.OBJECT_TYPES. Keep each to a few cheap queries.
"""

from __future__ import annotations

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
