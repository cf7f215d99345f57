"""Organisation statistics (`/organisations/statistics/`): see records.base_statistics."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from organisations.models import Organisation
from records.base_statistics import base_statistics
from records.statistics import Statistics, StatisticsQuery
from workspaces.object_settings import object_settings_for


def compute(request, query: StatisticsQuery) -> Statistics:
    crm = object_settings_for(request)["organisation"]
    completeness = [
        (_("With an email"), ~Q(email="")),
        (_("With a phone"), ~Q(phone="")),
        (_("With a SIREN"), Q(siren__isnull=False) & ~Q(siren="")),
    ]
    return base_statistics(
        query=query,
        crm=crm,
        model=Organisation,
        list_url=reverse("organisations:list"),
        completeness=completeness,
    )
