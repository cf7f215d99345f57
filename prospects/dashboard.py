"""Prospects on the dashboard: how many at each status, how many converted this month.

`figures(request)` returns a list of figures, each {"label", "value", "url"} (url: the list,
filtered), under the workspace's names; nothing when prospects are disabled.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from prospects.models import Status
from prospects.selectors import prospect_figures
from workspaces.object_settings import object_settings_for


def figures(request) -> list[dict]:
    object_settings = object_settings_for(request)
    if not object_settings.is_enabled("prospect"):
        return []
    crm = object_settings["prospect"]
    now = timezone.localtime()
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    counts = prospect_figures(since=month_start)
    list_url = reverse("prospects:list")
    result = [
        {
            "label": _("%(objects)s to qualify") % {"objects": crm.plural},
            "value": counts[Status.NEW] + counts[Status.CONTACTED],
            "url": f"{list_url}?status={Status.NEW}&status={Status.CONTACTED}",
        }
    ]
    for status in Status:
        result.append(
            {
                "label": f"{crm.plural} · {status.label}",
                "value": counts[status.value],
                "url": f"{list_url}?status={status.value}",
            }
        )
    result.append(
        {
            "label": _("%(objects)s converted this month") % {"objects": crm.plural},
            "value": counts["converted_since"],
            "url": f"{list_url}?status={Status.CONVERTED}",
        }
    )
    return result
