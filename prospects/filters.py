"""The prospect list's filters: the shared ones plus status and source."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from prospects.models import Prospect, Source, Status
from prospects.statuses import status_choices
from records.filters import RecordFilterSet


class ProspectFilterSet(RecordFilterSet):
    object_key = "prospect"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "status" in self.filters:  # « Nouvelle », « Contactée »… for a feminine name
            self.filters["status"].extra["choices"] = status_choices(
                self.object_settings[self.object_key]
            )

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
        label=_("Status"),
        choices=Status.choices,
        distinct=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "status-filter"}),
    )
    source = django_filters.ChoiceFilter(label=_("Source"), choices=Source.choices)

    class Meta:
        model = Prospect
        fields = []
