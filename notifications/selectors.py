"""Reads of notifications: a person's own, in the current workspace."""

from __future__ import annotations

from django.db.models import QuerySet

from notifications.models import Notification

COUNT_CAP = 100  # the top bar shows « 99+ » beyond


def notifications_of(*, user_id: int) -> QuerySet[Notification]:
    """The person's notifications, newest first."""
    return Notification.objects.filter(recipient_id=user_id)


def unread_notifications(*, user_id: int) -> QuerySet[Notification]:
    """The person's notifications not read yet, newest first."""
    return notifications_of(user_id=user_id).filter(read_at__isnull=True)


def unread_count(*, user_id: int) -> int:
    """How many unread (counted up to COUNT_CAP, so the query stays cheap): an unsorted read of
    the partial index `notification_unread`, on every page's bell."""
    ids = unread_notifications(user_id=user_id).order_by().values_list("pk", flat=True)
    return len(ids[:COUNT_CAP])
