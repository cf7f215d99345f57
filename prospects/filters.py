"""The prospect list's filters: the shared ones plus status and source."""

import django_filters
from django.utils.translation import gettext_lazy as _

from prospects.models import Prospect, Source, Status
from records.filters import RecordFilterSet


class ProspectFilterSet(RecordFilterSet):
    object_key = "prospect"
    sort_fields = {
        "name": ["last_name", "first_name"],
        "company": ["company_name"],
        "status": ["status"],
        "created": ["created"],
        "updated": ["updated"],
    }
    default_sort = "-created"

    # One row per prospect already: no DISTINCT (it would cost a sort of every match).
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=Status.choices, distinct=False
    )
    source = django_filters.MultipleChoiceFilter(
        label=_("Source"), choices=Source.choices, distinct=False
    )

    class Meta:
        model = Prospect
        fields = []
