"""Writes of notifications: send one, mark them read.

    notification_send(user_id=user.pk, text=_("Your import is done."), url="/imports/3/")

Any app may send one (this app sits low in the layers); the top bar shows the unread count.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from notifications.models import Notification


@transaction.atomic
def notification_send(*, user_id: int, text: str, url: str = "") -> Notification:
    """Tell one person something in the current workspace, with a link to a page of it."""
    if url and not url.startswith("/"):
        url = ""  # only links inside the workspace (never another site)
    return Notification.objects.create(recipient_id=user_id, text=text[:500], url=url[:500])


@transaction.atomic
def notifications_mark_read(*, user_id: int, ids: list[int] | None = None) -> int:
    """Mark the person's unread notifications read (all, or the given ones); returns how many."""
    unread = Notification.objects.filter(recipient_id=user_id, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
