from django.utils.functional import SimpleLazyObject

from notifications.selectors import COUNT_CAP, unread_count


def notifications(request):
    """The top bar's figure: the person's unread notifications (one query, when shown)."""
    if getattr(request, "membership", None) is None:
        return {}

    def figure() -> str:
        count = unread_count(user_id=request.user.pk)
        return f"{COUNT_CAP - 1}+" if count >= COUNT_CAP else str(count) if count else ""

    return {"notifications_unread": SimpleLazyObject(figure)}
