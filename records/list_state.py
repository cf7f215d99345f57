"""What a list shows for one person: the saved view in use, the filters and sort (from the URL
and the view), the columns (the view's, else the person's, else the workspace default, else
the built-in ones), and notices (a view whose filter names a deleted field).

    state = list_state(request, object_key="contact", custom_fields=[...], available=[...])
    state.params      # QueryDict the FilterSet reads
    state.view        # the SavedView in use, or None
    state.columns     # column names in order
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import Http404, QueryDict
from django.utils.translation import gettext as _

from records.models import SavedView
from records.selectors import list_preferences, saved_views_for
from records.validation import parse_id

CUSTOM_PREFIX = "custom_"
SUFFIXES = ("_min", "_max", "_after", "_before", "_empty")


@dataclass
class ListState:
    params: QueryDict
    view: SavedView | None
    views: list[SavedView]
    columns: list[str]
    chosen: bool  # the columns are a choice (view, person or workspace), not the defaults
    notices: list[str] = field(default_factory=list)
    personal_columns: list[str] = field(default_factory=list)
    workspace_columns: list[str] = field(default_factory=list)
    default_view_id: int | None = None


def custom_key_of(param: str) -> str | None:
    """'custom_f_x_min' -> 'custom_f_x'; None for other parameters."""
    if not param.startswith(CUSTOM_PREFIX):
        return None
    for suffix in SUFFIXES:
        if param.endswith(suffix):
            return param.removesuffix(suffix)
    return param


def _drop_unknown_fields(params: QueryDict, known: set[str]) -> bool:
    """Remove filters and sorts on custom fields that no longer exist; True if any was."""
    dropped = False
    for name in list(params):
        key = custom_key_of(name)
        if key is not None and key not in known:
            del params[name]
            dropped = True
    sort = (params.get("sort") or "").lstrip("-")
    if sort.startswith(CUSTOM_PREFIX) and sort not in known:
        del params["sort"]
        dropped = True
    return dropped


def list_state(request, *, object_key: str, custom_fields: list, available: list[str]) -> ListState:
    """The list's state for this request (two queries: views, preferences)."""
    user_id = request.user.pk
    views = saved_views_for(object_key=object_key, user_id=user_id)
    mine, workspace = list_preferences(object_key=object_key, user_id=user_id)
    by_id = {view.pk: view for view in views}
    default_id = None
    for preference in (mine, workspace):
        if preference is not None and preference.default_view_id in by_id:
            default_id = preference.default_view_id
            break

    view = None
    raw = request.GET.get("view")
    if raw not in (None, ""):
        pk = parse_id(raw)
        view = by_id.get(pk) if pk else None
        if view is None:  # unknown, or another person's personal view
            raise Http404
    elif raw is None and not request.GET and default_id is not None:
        view = by_id[default_id]

    if view is not None:
        params = QueryDict(view.query, mutable=True)
        for name in request.GET:
            if name != "view":
                params.setlist(name, request.GET.getlist(name))
        params["view"] = str(view.pk)
    else:
        params = request.GET.copy()
        params.pop("view", None)

    known = {f.form_name for f in custom_fields}
    notices = []
    if _drop_unknown_fields(params, known):
        notices.append(
            _(
                "A filter or sort of this view was on a field that no longer exists: "
                "the list shows without it."
            )
        )

    personal = [c for c in (mine.columns if mine else []) if c in available]
    default = [c for c in (workspace.columns if workspace else []) if c in available]
    from_view = [c for c in (view.columns if view else []) if c in available]
    columns = from_view or personal or default
    return ListState(
        params=params,
        view=view,
        views=views,
        columns=columns,
        chosen=bool(columns),
        notices=notices,
        personal_columns=personal,
        workspace_columns=default,
        default_view_id=default_id,
    )
