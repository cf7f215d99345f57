"""Contact statistics (`/contacts/statistics/`): see records.base_statistics."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from contacts.models import Contact
from records.base_statistics import base_statistics
from records.statistics import Statistics, StatisticsQuery
from workspaces.object_settings import object_settings_for


def compute(request, query: StatisticsQuery) -> Statistics:
    object_settings = object_settings_for(request)
    completeness = [
        (_("With an email"), ~Q(email="")),
        (_("With a phone"), ~Q(phone="") | ~Q(mobile="")),
    ]
    if object_settings.is_enabled("organisation"):
        completeness.append(
            (
                _("With %(object)s") % {"object": object_settings["organisation"].phrase("the")},
                Q(organisation__isnull=False),
            )
        )
    return base_statistics(
        query=query,
        crm=object_settings["contact"],
        model=Contact,
        list_url=reverse("contacts:list"),
        completeness=completeness,
    )
