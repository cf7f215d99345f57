from organisations.models import Organisation
from records.filters import RecordFilterSet


class OrganisationFilterSet(RecordFilterSet):
    object_key = "organisation"
    sort_fields = {
        "name": ["name"],
        "city": ["city"],
        "created": ["created"],
        "updated": ["updated"],
    }
    default_sort = "name"

    class Meta:
        model = Organisation
        fields = []
