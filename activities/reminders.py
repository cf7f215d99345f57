"""Reminders: each member's morning digest of overdue and today's tasks, and their calendar feed.

`digests_send(now=…)` is meant to run every few minutes (the `send_task_digests` management
command; the background worker's periodic task once it lands): in each workspace whose local
time is past 07:30, every member who wants it and has something due gets one email, in their
language, at most once a day.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
import zoneinfo

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tenants.utils import get_public_schema_name, get_tenant_model

from activities.models import RECORD_FIELDS, ActivityPreference, Task
from activities.selectors import on_enabled_records
from workspaces.connections import schema_visited
from workspaces.models import Membership
from workspaces.object_settings import ObjectSettings

DIGEST_TIME = datetime.time(7, 30)


def workspace_time_zone(workspace) -> zoneinfo.ZoneInfo:
    """The workspace's time zone (Settings › Workspace)."""
    return workspace.zone


def workspace_address(workspace, path: str = "/") -> str:
    scheme = "https" if settings.SESSION_COOKIE_SECURE else "http"
    return f"{scheme}://{workspace.host}{path}"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def preference_for(user) -> ActivityPreference:
    preference, _created = ActivityPreference.objects.get_or_create(user=user)
    return preference


@transaction.atomic
def calendar_token_renew(*, user) -> str:
    """A new secret address for the person's calendar feed; the previous one stops working."""
    token = secrets.token_urlsafe(24)
    preference = preference_for(user)
    preference.calendar_token_hash = token_hash(token)
    preference.save(update_fields=["calendar_token_hash"])
    return token


@transaction.atomic
def calendar_token_revoke(*, user) -> None:
    ActivityPreference.objects.filter(user=user).update(calendar_token_hash="")


@transaction.atomic
def preference_update(*, user, digest: bool, language: str = "") -> ActivityPreference:
    """Opt in or out of the morning digest (and remember the language to write it in)."""
    preference = preference_for(user)
    preference.digest = digest
    if language:
        preference.language = language
    preference.save(update_fields=["digest", "language"])
    return preference


def due_tasks(*, user, object_settings: ObjectSettings, today: datetime.date):
    """The person's open tasks overdue or due today, on enabled objects."""
    return (
        Task.objects.filter(
            on_enabled_records(object_settings),
            assignee_id=user.pk,
            done_at__isnull=True,
            due__lte=today,
        )
        .select_related(*RECORD_FIELDS)
        .order_by("due", "due_time", "id")
    )


def workspace_digests_send(*, workspace, today: datetime.date) -> int:
    """Send today's digests of one workspace (inside its schema); returns how many."""
    sent = 0
    members = list(
        Membership.objects.filter(workspace_id=workspace.pk).select_related("user").order_by("pk")
    )
    with workspace:
        object_settings = ObjectSettings.load(workspace)
        for membership in members:
            if _member_digest_send(workspace, membership.user, object_settings, today):
                sent += 1
    return sent


@transaction.atomic
def _member_digest_send(workspace, user, object_settings, today) -> bool:
    if not user.is_active:
        return False
    ActivityPreference.objects.get_or_create(user=user)
    preference = ActivityPreference.objects.select_for_update().get(user=user)
    if not preference.digest or preference.digest_sent_on == today:
        return False
    tasks = list(due_tasks(user=user, object_settings=object_settings, today=today))
    if not tasks:
        return False
    overdue = [task for task in tasks if task.due < today]
    due_today = [task for task in tasks if task.due == today]
    language = preference.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "workspace": workspace,
            "user": user,
            "overdue": [_line(workspace, task) for task in overdue],
            "today": [_line(workspace, task) for task in due_today],
            "count": len(tasks),
            "tasks_url": workspace_address(workspace, "/tasks/"),
            "preferences_url": workspace_address(workspace, "/activities/preferences/"),
        }
        subject = render_to_string("activities/digest_subject.txt", context).strip()
        body = render_to_string("activities/digest_email.txt", context)
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[user.email])
    preference.digest_sent_on = today
    preference.save(update_fields=["digest_sent_on"])
    return True


def _line(workspace, task) -> dict:
    record = task.record
    return {
        "title": task.title,
        "due": task.due,
        "due_time": task.due_time,
        "record": str(record) if record is not None else "",
        "url": workspace_address(workspace, record.get_absolute_url())
        if record is not None
        else "",
    }


def digests_send(*, now: datetime.datetime | None = None) -> int:
    """Send the digests due at `now` in every workspace whose local time is past 07:30."""
    now = now or timezone.now()
    sent = 0
    workspaces = get_tenant_model().objects.exclude(schema_name=get_public_schema_name())
    for workspace in workspaces.order_by("pk"):
        local = now.astimezone(workspace_time_zone(workspace))
        if local.time() >= DIGEST_TIME:
            sent += workspace_digests_send(workspace=workspace, today=local.date())
            schema_visited(workspace.schema_name)  # a fresh connection every 100 schemas
    return sent
