"""Prospects on the dashboard: how many at each status, how many converted this month.

`figures(request)` returns a list of figures, each {"label", "value", "url"} (url: the list,
filtered), under the workspace's names; nothing when prospects are disabled.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from prospects.models import Prospect, Status
from prospects.selectors import prospect_figures
from prospects.statuses import status_labels, waiting_counts
from workspaces.object_settings import object_settings_for

PANEL_ROWS = 6


def _figures(request, *, since) -> dict:
    """The counts (new, contacted, converted since), once per request: the figures and the
    waiting panel share them."""
    if not hasattr(request, "_prospect_figures"):
        request._prospect_figures = prospect_figures(since=since)
    return request._prospect_figures


def _month_start():
    return timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def figures(request) -> list[dict]:
    object_settings = object_settings_for(request)
    if not object_settings.is_enabled("prospect"):
        return []
    crm = object_settings["prospect"]
    counts = _figures(request, since=_month_start())
    list_url = reverse("prospects:list")
    result = [
        {
            "label": _("%(objects)s to qualify") % {"objects": crm.plural},
            "value": (counts[Status.NEW] + counts[Status.CONTACTED]).shown,
            "url": f"{list_url}?status={Status.NEW}&status={Status.CONTACTED}",
        }
    ]
    # By status: the "waiting" panel of the dashboard (see waiting).
    result.append(
        {
            "label": capfirst(crm.phrase("converted_this_month")),
            "value": counts["converted_since"].shown,
            "url": f"{list_url}?status={Status.CONVERTED}",
        }
    )
    return result


def waiting(request, object_settings) -> dict | None:
    """Panel: prospects waiting to be qualified (new or contacted), the oldest first."""
    crm = object_settings["prospect"]
    waiting_statuses = [Status.NEW, Status.CONTACTED]
    counts = _figures(request, since=_month_start())
    new, contacted = counts[Status.NEW], counts[Status.CONTACTED]
    queryset = Prospect.objects.filter(status__in=waiting_statuses)
    oldest = list(queryset.order_by("created", "pk")[:PANEL_ROWS])
    labels = status_labels(crm)
    for prospect in oldest:
        prospect.status_label = labels[prospect.status]
    list_url = reverse("prospects:list")
    new_count, contacted_count = waiting_counts(crm, new=new, contacted=contacted)
    total = new + contacted
    return {
        "crm_object": crm,
        "prospects": oldest,
        "new_count": new_count,
        "contacted_count": contacted_count,
        "total": total.value,
        "total_shown": total.shown,
        "url": f"{list_url}?status={Status.NEW}&status={Status.CONTACTED}&sort=created",
        "new_url": f"{list_url}?status={Status.NEW}",
        "contacted_url": f"{list_url}?status={Status.CONTACTED}",
        "create_url": reverse("prospects:create"),
    }
