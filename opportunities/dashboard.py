"""Opportunities on the dashboard: open pipeline (value, weighted, by stage), won this month.

`figures(request)` returns a list of figures, each {"label", "value", "url"} (url: the list or
board, filtered), under the workspace's names; nothing when opportunities are disabled.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from opportunities.selectors import pipeline_by_stage, won_since
from opportunities.templatetags.opportunities import euros
from workspaces.object_settings import lower_first, object_settings_for


def figures(request) -> list[dict]:
    object_settings = object_settings_for(request)
    if not object_settings.is_enabled("opportunity"):
        return []
    crm = object_settings["opportunity"]
    list_url = reverse("opportunities:list")
    month_start = timezone.localdate().replace(day=1)
    pipeline = pipeline_by_stage()
    won = won_since(month_start)
    result = [
        {
            "label": _("Open %(objects)s") % {"objects": lower_first(crm.plural)},
            "value": sum(row["count"] for row in pipeline),
            "url": f"{list_url}?status=open",
        },
        {
            "label": _("Pipeline value"),
            "value": euros(sum(row["total"] for row in pipeline)),
            "url": reverse("opportunities:board"),
        },
        {
            "label": _("Weighted pipeline"),
            "value": euros(sum(row["weighted"] for row in pipeline)),
            "url": reverse("opportunities:board"),
        },
        {
            "label": _("Won this month"),
            "value": f"{won['count']} · {euros(won['total'])}",
            "url": f"{list_url}?status=won",
        },
    ]
    several = len({row["workflow"] for row in pipeline}) > 1
    for row in pipeline:
        name = f"{row['workflow']} · {row['stage']}" if several else row["stage"]
        result.append(
            {
                "label": name,
                "value": f"{row['count']} · {euros(row['total'])}",
                "url": f"{list_url}?stage={row['stage_id']}",
            }
        )
    return result
