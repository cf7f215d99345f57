"""The person's notifications: listed (newest first), opened, marked read."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from notifications.selectors import notifications_of
from notifications.services import notifications_mark_read
from workspaces.access import personal

PAGE_SIZE = 50


@require_GET
def notification_list(request):
    page = Paginator(notifications_of(user_id=request.user.pk), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    shown = list(page.object_list)
    # Shown is read: what this page lists is marked read (it still appears in bold once).
    notifications_mark_read(user_id=request.user.pk, ids=[n.pk for n in shown if n.read_at is None])
    return render(request, "notifications/list.html", {"page": page, "notifications": shown})


@personal  # viewers too: it is their own notification
@require_POST
def notifications_read(request):
    count = notifications_mark_read(user_id=request.user.pk)
    if count:
        messages.success(request, _("All notifications are marked read."))
    return redirect("notifications:list")


@require_GET
def notification_open(request, pk: int):
    notification = notifications_of(user_id=request.user.pk).filter(pk=pk).first()
    if notification is None:
        raise Http404
    notifications_mark_read(user_id=request.user.pk, ids=[notification.pk])
    return redirect(notification.url or "notifications:list")
