"""Organisation pages: the shared record pages (records.roles) described for organisations."""

from django.shortcuts import render
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from organisations import selectors, services
from organisations.filters import OrganisationFilterSet
from organisations.forms import OrganisationForm
from organisations.models import Organisation
from organisations.normalise import email_domain
from organisations.selectors import organisation_duplicates
from records.export import ExportColumn
from records.roles import Column, DetailField, RecordPages, detail_url, label_chips, link
from workspaces.object_settings import object_enabled, object_settings_for

PICKER_RESULTS = 20


def field_label(name: str) -> str:
    return str(Organisation._meta.get_field(name).verbose_name).capitalize()


def mailto(email: str) -> str:
    return format_html('<a href="mailto:{}">{}</a>', email, email) if email else ""


def tel(number: str) -> str:
    if not number:
        return ""
    target = "".join(c for c in number if c.isdigit() or c == "+")
    return format_html('<a href="tel:{}">{}</a>', target, number)


def website(url: str) -> str:
    return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', url, url) if url else ""


class OrganisationPages(RecordPages):
    key = "organisation"
    model = Organisation
    filterset_class = OrganisationFilterSet
    form_class = OrganisationForm
    templates = {}
    columns = [
        Column("name", _("Name"), lambda o: link(detail_url(o), o.name), sort="name"),
        Column("email", _("Email"), lambda o: mailto(o.email), field="email"),
        Column("phone", _("Phone"), lambda o: tel(o.phone), field="phone"),
        Column("city", _("City"), lambda o: o.city, sort="city", field="city"),
        Column("labels", _("Labels"), label_chips, field="labels"),
        Column(
            "updated",
            _("Updated"),
            lambda o: format_html("{}", o.updated.date().isoformat()),
            sort="updated",
        ),
    ]

    def get_queryset(self, request):
        return selectors.organisation_list()

    def get_detail_queryset(self, request):
        return selectors.organisation_detail()

    def visible_fields(self, request) -> list[str]:
        shown = object_settings_for(request)["organisation"]
        return [name for name in Organisation.optional_fields if shown.shows(name)]

    def export_columns(self, request):
        shown = set(self.visible_fields(request))
        columns = [ExportColumn(field_label("name"), lambda o: o.name)]
        for name in ["siren", "website", "email", "phone", "street", "postal_code", "city"]:
            if name in shown:
                columns.append(ExportColumn(field_label(name), _getter(name)))
        if "country" in shown:
            columns.append(ExportColumn(field_label("country"), _getter("country")))
        if "owner" in shown:
            columns.append(ExportColumn(field_label("owner"), lambda o: o.owner or ""))
        if "labels" in shown:
            columns.append(
                ExportColumn(
                    field_label("labels"), lambda o: ", ".join(lbl.name for lbl in o.labels.all())
                )
            )
        columns.append(ExportColumn(field_label("created"), lambda o: o.created.isoformat()))
        columns.append(ExportColumn(field_label("updated"), lambda o: o.updated.isoformat()))
        return columns

    def detail_fields(self, request, record):
        shown = set(self.visible_fields(request))
        values = {
            "siren": record.siren,
            "website": website(record.website),
            "email": mailto(record.email),
            "phone": tel(record.phone),
            "street": record.street,
            "postal_code": record.postal_code,
            "city": record.city,
            "country": record.country,
            "description": format_html('<span class="prewrap">{}</span>', record.description)
            if record.description
            else "",
            "owner": record.owner or "",
        }
        return [
            DetailField(field_label(name), value) for name, value in values.items() if name in shown
        ]

    def detail_context(self, request, record):
        return {"banner_template": "organisations/banner.html"}

    def find_duplicates(self, request, form):
        data = form.data
        return organisation_duplicates(
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
        return services.organisation_delete_message(
            name=name, kept=kept, contacts_name=object_settings_for(request)["contact"].plural
        )

    def bulk_delete(self, request, queryset):
        return services.organisations_delete(organisations=queryset)

    def picker_view(self, request):
        """Options for the organisation picker (HTMX): the organisations matching the search."""
        term = request.GET.get("q") or next(
            (v for k, v in request.GET.items() if k.endswith("_search")), ""
        )
        if term.strip():
            organisations = list(selectors.organisation_search(term=term, limit=PICKER_RESULTS))
        else:
            organisations = list(Organisation.objects.order_by("name", "pk")[:PICKER_RESULTS])
        return render(
            request, "organisations/picker_options.html", {"organisations": organisations}
        )

    def urlpatterns(self):
        return [
            *super().urlpatterns(),
            path("picker/", object_enabled(self.key)(self.picker_view), name="picker"),
        ]


def _getter(name):
    return lambda record: getattr(record, name)


pages = OrganisationPages()
