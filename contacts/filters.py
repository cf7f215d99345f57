import django_filters

from contacts.models import Contact
from organisations.models import Organisation
from records.filters import RecordFilterSet


class OrganisationFilter(django_filters.NumberFilter):
    """`?organisation=<id>`: an id, not a select (a workspace may have 20,000 organisations)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, field_name="organisation", **kwargs)
        # A queryset lets RecordFilterSet remove the filter when Organisation is disabled.
        self.queryset = Organisation.objects.none()


class ContactFilterSet(RecordFilterSet):
    object_key = "contact"
    organisation = OrganisationFilter(widget=django_filters.widgets.forms.HiddenInput)
    sort_fields = {
        "name": ["last_name", "first_name"],
        "email": ["email"],
        "organisation": ["organisation_name"],  # kept by the database: no join to sort
        "city": ["city"],
        "created": ["created"],
        "updated": ["updated"],
    }
    sort_requires = {"organisation": "organisation"}
    default_sort = "name"

    class Meta:
        model = Contact
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "organisation" in self.filters:  # its label is the workspace's name for it
            self.filters["organisation"].label = self.object_settings["organisation"].singular
