"""Contact pages: the shared record pages (records.pages) described for contacts."""

from contacts import selectors, services
from contacts.components import COLUMNS
from contacts.fields import CONTACT_FIELDS
from contacts.filters import ContactFilterSet
from contacts.forms import ContactForm
from contacts.models import Contact
from contacts.pickers import contact_picker
from records.pages import RecordPages
from workspaces.object_settings import object_settings_for


class ContactPages(RecordPages):
    key = "contact"
    model = Contact
    fields = CONTACT_FIELDS
    filterset_class = ContactFilterSet
    form_class = ContactForm
    columns = COLUMNS
    picker = contact_picker

    def get_queryset(self, request):
        return selectors.contact_list()

    def detail_context(self, request, record):
        object_settings = object_settings_for(request)
        return {
            "banner_template": "contacts/banner.html",
            "show_organisation": object_settings.is_enabled("organisation")
            and object_settings["contact"].shows("organisation"),
        }

    def find_duplicates(self, request, form):
        return selectors.contact_duplicates(email=form.data.get("email", ""))

    def create_record(self, request, form):
        return services.contact_create(
            data=form.cleaned_data, labels=form.cleaned_data.get("labels")
        )

    def update_record(self, request, form, record):
        return services.contact_update(
            contact=record, data=form.cleaned_data, labels=form.cleaned_data.get("labels")
        )

    def delete_record(self, request, record):
        name = str(record)
        services.contact_delete(contact=record)
        return self.crm_object(request).phrase("record_deleted", name=name)

    def bulk_delete(self, request, queryset):
        return services.contacts_delete(contacts=queryset)


pages = ContactPages()
