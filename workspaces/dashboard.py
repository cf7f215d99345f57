"""The dashboard's figures, contributed by each ENABLED object.

An object app contributes figures by providing `<app>/dashboard.py` with

    def figures(request) -> list[dict]:
        return [{"label": ..., "value": ..., "url": ...}, ...]

- `label`: a short text, named from the workspace-settings API, never hard-coded
  (e.g. _("%(objects)s to qualify") % {"objects": object_settings_for(request)["prospect"].plural});
- `value`: a number or a short formatted text;
- `url`: where a click leads (usually the list, filtered), or None.

The dashboard asks only the apps of enabled objects (a disabled object shows no figure, its
module is not even called), in the order of workspaces.object_settings.OBJECT_TYPES. Keep each
`figures` to a few cheap queries: it runs on every dashboard view.
"""

from __future__ import annotations

import importlib
import importlib.util

from django.apps import apps

from workspaces.object_settings import CrmObject, object_settings_for


def figures_module(crm_object: CrmObject):
    """The object's `<app>.dashboard` module, or None when the app has none."""
    app_label = crm_object.type.model_label.split(".")[0]
    try:
        name = f"{apps.get_app_config(app_label).name}.dashboard"
    except LookupError:
        return None
    if importlib.util.find_spec(name) is None:
        return None
    return importlib.import_module(name)


def dashboard_figures(request) -> list[dict]:
    """[{"object": CrmObject, "figures": [{"label", "value", "url"}, ...]}] for enabled objects."""
    sections = []
    for crm_object in object_settings_for(request).enabled():
        module = figures_module(crm_object)
        if module is None or not hasattr(module, "figures"):
            continue
        figures = list(module.figures(request) or [])
        if figures:
            sections.append({"object": crm_object, "figures": figures})
    return sections
