from django.utils.functional import SimpleLazyObject

from activities.selectors import due_count
from workspaces.object_settings import object_settings_for


def tasks_due(request):
    """The menu's figure: the person's tasks overdue or due today (one query, when shown)."""
    if getattr(request, "membership", None) is None:
        return {}
    return {
        "tasks_due": SimpleLazyObject(
            lambda: due_count(user=request.user, object_settings=object_settings_for(request))
        )
    }
