"""Contact pages: the shared record pages (records.roles) described for contacts."""

from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contacts import selectors, services
from contacts.filters import ContactFilterSet
from contacts.forms import ContactForm
from contacts.models import Contact
from contacts.selectors import contact_duplicates
from organisations.views import mailto, tel
from records.export import ExportColumn
from records.roles import Column, DetailField, RecordPages, detail_url, label_chips, link
from workspaces.object_settings import object_settings_for


def field_label(name: str) -> str:
    return str(Contact._meta.get_field(name).verbose_name).capitalize()


def organisation_link(contact) -> str:
    organisation = contact.organisation
    return link(detail_url(organisation), organisation.name) if organisation else ""


class ContactPages(RecordPages):
    key = "contact"
    model = Contact
    filterset_class = ContactFilterSet
    form_class = ContactForm
    columns = [
        Column(
            "name",
            gettext_lazy("Name"),
            lambda c: link(detail_url(c), c.full_name),
            sort="name",
        ),
        Column("email", gettext_lazy("Email"), lambda c: mailto(c.email), sort="email"),
        Column("phone", gettext_lazy("Phone"), lambda c: tel(c.phone or c.mobile), field="phone"),
        Column(
            "organisation",
            lambda object_settings: object_settings["organisation"].singular,
            organisation_link,
            sort="organisation",
            field="organisation",
            requires="organisation",
        ),
        Column("city", gettext_lazy("City"), lambda c: c.city, sort="city", field="city"),
        Column("labels", gettext_lazy("Labels"), label_chips, field="labels"),
        Column(
            "updated",
            gettext_lazy("Updated"),
            lambda c: format_html("{}", c.updated.date().isoformat()),
            sort="updated",
        ),
    ]

    def get_queryset(self, request):
        return selectors.contact_list()

    def shown(self, request) -> set[str]:
        object_settings = object_settings_for(request)
        crm_object = object_settings["contact"]
        names = {name for name in Contact.optional_fields if crm_object.shows(name)}
        if not object_settings.is_enabled("organisation"):
            names.discard("organisation")
        return names

    def export_columns(self, request):
        shown = self.shown(request)
        object_settings = object_settings_for(request)
        columns = [
            ExportColumn(field_label("first_name"), lambda c: c.first_name),
            ExportColumn(field_label("last_name"), lambda c: c.last_name),
            ExportColumn(field_label("email"), lambda c: c.email),
        ]
        if "organisation" in shown:
            columns.append(
                ExportColumn(
                    object_settings["organisation"].singular,
                    lambda c: c.organisation.name if c.organisation else "",
                )
            )
        for name in ["job_title", "phone", "mobile", "street", "postal_code", "city", "country"]:
            if name in shown:
                columns.append(ExportColumn(field_label(name), _getter(name)))
        if "owner" in shown:
            columns.append(ExportColumn(field_label("owner"), lambda c: c.owner or ""))
        if "labels" in shown:
            columns.append(
                ExportColumn(
                    field_label("labels"), lambda c: ", ".join(lbl.name for lbl in c.labels.all())
                )
            )
        columns.append(ExportColumn(field_label("created"), lambda c: c.created.isoformat()))
        columns.append(ExportColumn(field_label("updated"), lambda c: c.updated.isoformat()))
        return columns

    def detail_fields(self, request, record):
        shown = self.shown(request)
        object_settings = object_settings_for(request)
        fields = [
            DetailField(field_label("first_name"), record.first_name),
            DetailField(field_label("last_name"), record.last_name),
            DetailField(field_label("email"), mailto(record.email)),
        ]
        if "organisation" in shown:
            fields.append(
                DetailField(object_settings["organisation"].singular, organisation_link(record))
            )
        values = {
            "job_title": record.job_title,
            "phone": tel(record.phone),
            "mobile": tel(record.mobile),
            "street": record.street,
            "postal_code": record.postal_code,
            "city": record.city,
            "country": record.country,
            "notes": format_html('<span class="prewrap">{}</span>', record.notes)
            if record.notes
            else "",
            "owner": record.owner or "",
        }
        fields += [
            DetailField(field_label(name), value) for name, value in values.items() if name in shown
        ]
        return fields

    def detail_context(self, request, record):
        return {
            "banner_template": "contacts/banner.html",
            "show_organisation": "organisation" in self.shown(request),
        }

    def find_duplicates(self, request, form):
        return contact_duplicates(email=form.data.get("email", ""))

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
        return _("“%(name)s” deleted.") % {"name": name}

    def bulk_delete(self, request, queryset):
        return services.contacts_delete(contacts=queryset)


def _getter(name):
    return lambda record: getattr(record, name)


pages = ContactPages()
