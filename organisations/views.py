"""Organisation pages: the shared record pages (records.pages) described for organisations."""

from organisations import selectors, services
from organisations.components import COLUMNS
from organisations.fields import ORGANISATION_FIELDS
from organisations.filters import OrganisationFilterSet
from organisations.forms import OrganisationForm
from organisations.models import Organisation
from organisations.normalise import email_domain
from organisations.pickers import organisation_picker
from records.pages import RecordPages
from workspaces.object_settings import object_settings_for


class OrganisationPages(RecordPages):
    key = "organisation"
    model = Organisation
    fields = ORGANISATION_FIELDS
    filterset_class = OrganisationFilterSet
    form_class = OrganisationForm
    columns = COLUMNS
    picker = organisation_picker

    def get_queryset(self, request):
        return selectors.organisation_list()

    def get_detail_queryset(self, request):
        return selectors.organisation_detail()

    def detail_context(self, request, record):
        contacts = object_settings_for(request)["contact"]
        return {
            "banner_template": "organisations/banner.html",
            # « 1 contact », « 3 contacts »: how many people work there, under the workspace's name.
            "contacts_count_label": contacts.count(record.contacts_count)
            if contacts.enabled
            else "",
        }

    def find_duplicates(self, request, form):
        data = form.data
        return selectors.organisation_duplicates(
            name=data.get("name", ""),
            siren="".join((data.get("siren") or "").split()),
            email_domain=email_domain(data.get("email", "")),
        )

    def create_record(self, request, form):
        return services.organisation_create(
            data=form.cleaned_data, labels=form.cleaned_data.get("labels")
        )

    def update_record(self, request, form, record):
        return services.organisation_update(
            organisation=record, data=form.cleaned_data, labels=form.cleaned_data.get("labels")
        )

    def delete_warning(self, request, record):
        object_settings = object_settings_for(request)
        count = record.contacts_count
        if not count or not object_settings.is_enabled("contact"):
            return ""
        return services.contacts_kept_warning(
            count=count, contacts_name=object_settings["contact"].plural
        )

    def delete_record(self, request, record):
        name = record.name
        kept = services.organisation_delete(organisation=record)
        object_settings = object_settings_for(request)
        return services.organisation_delete_message(
            deleted=object_settings[self.key].phrase("record_deleted", name=name),
            kept=kept,
            contacts_name=object_settings["contact"].plural,
        )

    def bulk_delete(self, request, queryset):
        return services.organisations_delete(organisations=queryset)


pages = OrganisationPages()
