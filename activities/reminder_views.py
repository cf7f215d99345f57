"""The person's reminders (digest opt-out, calendar feed address) and the feed itself."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from icalendar import Calendar, Event

from activities import reminders
from activities.models import RECORD_FIELDS, ActivityPreference, Task
from activities.selectors import on_enabled_records
from workspaces.access import personal
from workspaces.models import Membership
from workspaces.object_settings import ObjectSettings

FEED_DAYS_BACK = 30


@personal
def preferences(request):
    """Opt in or out of the morning digest; get (or renew, or revoke) the calendar address."""
    preference = ActivityPreference.objects.filter(user=request.user).first()
    feed_url = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "digest":
            reminders.preference_update(
                user=request.user,
                digest=request.POST.get("digest") == "on",
                language=get_language() or "",
            )
            messages.success(request, _("Your reminders are saved."))
        elif action == "calendar":
            token = reminders.calendar_token_renew(user=request.user)
            feed_url = request.build_absolute_uri(reverse("calendar_feed", args=[token]))
            messages.success(
                request, _("A new calendar address: the previous one no longer works.")
            )
        elif action == "revoke":
            reminders.calendar_token_revoke(user=request.user)
            messages.success(request, _("Your calendar address no longer works."))
        if not feed_url:
            return HttpResponseRedirect(reverse("activities:preferences"))
        preference = ActivityPreference.objects.filter(user=request.user).first()
    return render(
        request,
        "activities/preferences.html",
        {
            "digest": preference.digest if preference else True,
            "has_feed": bool(preference and preference.calendar_token_hash),
            "feed_url": feed_url,
        },
    )


@login_not_required
@require_GET
def calendar_feed(request, token: str):
    """The person's tasks as an iCalendar feed, at a secret address (a revoked one is a 404)."""
    if not token or len(token) > 100:
        raise Http404
    preference = ActivityPreference.objects.filter(
        calendar_token_hash=reminders.token_hash(token)
    ).first()
    if preference is None or preference.user_id is None:
        raise Http404
    if not Membership.objects.filter(
        workspace_id=request.tenant.pk, user_id=preference.user_id
    ).exists():
        raise Http404
    object_settings = ObjectSettings.load(request.tenant)
    since = timezone.localdate() - datetime.timedelta(days=FEED_DAYS_BACK)
    tasks = (
        Task.objects.filter(
            on_enabled_records(object_settings),
            assignee_id=preference.user_id,
            due__isnull=False,
            due__gte=since,
        )
        .select_related(*RECORD_FIELDS)
        .order_by("due", "id")[:1000]
    )
    calendar = Calendar()
    calendar.add("prodid", "-//Carnet//Tasks//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Carnet · {request.tenant.name}")
    tz = reminders.workspace_time_zone(request.tenant)
    for task in tasks:
        event = Event()
        event.add("uid", f"task-{task.pk}@{request.tenant.host}")
        event.add("summary", ("✓ " if task.done_at else "") + task.title)
        if task.due_time:
            start = datetime.datetime.combine(task.due, task.due_time, tzinfo=tz)
            event.add("dtstart", start)
            event.add("dtend", start + datetime.timedelta(minutes=30))
        else:
            event.add("dtstart", task.due)
            event.add("dtend", task.due + datetime.timedelta(days=1))
        event.add("dtstamp", task.updated)
        record = task.record
        description = task.description
        if record is not None:
            url = request.build_absolute_uri(record.get_absolute_url())
            event.add("url", url)
            description = f"{record}\n{url}\n\n{description}".strip()
        if description:
            event.add("description", description)
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
