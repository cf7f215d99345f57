from django.utils.functional import SimpleLazyObject

from activities.selectors import DUE_COUNT_CAP, due_count
from workspaces.object_settings import object_settings_for


def tasks_due(request):
    """The menu's figure: the person's tasks overdue or due today (one query, when shown)."""
    if getattr(request, "membership", None) is None:
        return {}

    def figure() -> str:
        count = due_count(user=request.user, object_settings=object_settings_for(request))
        return f"{DUE_COUNT_CAP - 1}+" if count >= DUE_COUNT_CAP else str(count) if count else ""

    return {"tasks_due": SimpleLazyObject(figure)}
