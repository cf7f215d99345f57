"""Filters of the opportunity list and of the board (both through records.filters)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from contacts.filters import OrganisationFilter
from contacts.models import Contact
from opportunities.fields import stage_kind_labels
from opportunities.models import Opportunity, Stage, StageKind, Workflow
from records.filters import DATE_INPUT, RecordFilterSet
from records.widgets import RangeWidget


class ContactFilter(django_filters.NumberFilter):
    """`?contact=<id>`: an id, not a select; removed when Contact is disabled."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, field_name="contact", **kwargs)
        self.queryset = Contact.objects.none()


class StageChoiceFilter(django_filters.ModelChoiceFilter):
    def __init__(self, **kwargs):
        kwargs.setdefault(
            "queryset",
            Stage.objects.select_related("workflow").order_by(
                "workflow__position", "workflow_id", "position"
            ),
        )
        super().__init__(**kwargs)

    @property
    def field(self):
        field = super().field
        field.label_from_instance = lambda stage: f"{stage.workflow.name} · {stage.name}"
        return field


class OpportunityFilterSet(RecordFilterSet):
    object_key = "opportunity"

    workflow = django_filters.ModelChoiceFilter(
        queryset=Workflow.objects.order_by("position", "pk"), label=_("Workflow")
    )
    stage = StageChoiceFilter(label=_("Stage"))
    status = django_filters.ChoiceFilter(
        field_name="stage__kind", choices=StageKind.choices, label=_("Status")
    )
    amount = django_filters.RangeFilter(label=_("Amount (€)"), widget=RangeWidget())
    expected_close_date = django_filters.DateFromToRangeFilter(
        label=_("Expected close date"), widget=DATE_INPUT
    )
    closed = django_filters.DateFromToRangeFilter(
        field_name="closed_on", label=_("Closed"), widget=DATE_INPUT
    )
    organisation = OrganisationFilter(widget=django_filters.widgets.forms.HiddenInput)
    contact = ContactFilter(widget=django_filters.widgets.forms.HiddenInput)
    sort_fields = {
        "title": ["title"],
        "stage": ["workflow__position", "stage__position"],
        "amount": ["amount"],
        "close": ["expected_close_date"],
        "organisation": ["organisation__name"],
        "created": ["created"],
        "updated": ["updated"],
    }
    sort_requires = {"organisation": "organisation"}
    default_sort = "-updated"

    class Meta:
        model = Opportunity
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "status" in self.filters:  # « Gagné », « Perdu » for a masculine name
            labels = stage_kind_labels(self.object_settings[self.object_key])
            self.filters["status"].extra["choices"] = list(labels.items())
        for key in ("organisation", "contact"):  # labels: the workspace's names
            if key in self.filters:
                self.filters[key].label = self.object_settings[key].singular


class BoardFilterSet(RecordFilterSet):
    """The board's filters: search, owner, label (the columns are the stages)."""

    object_key = "opportunity"

    class Meta:
        model = Opportunity
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("created", "updated", "sort"):
            self.filters.pop(name, None)

    @property
    def sort_key(self) -> str:
        return ""
