"""The contact list's columns: how each cell renders (escaped HTML, 50 rows a page)."""

from django.utils.translation import gettext_lazy as _

from records.html import date_cell, detail_url, label_chips, link, mailto, record_link, tel
from records.pages import Column

COLUMNS = [
    Column("name", _("Name"), lambda c: link(detail_url(c), c.full_name), sort="name"),
    Column("email", _("Email"), lambda c: mailto(c.email), sort="email"),
    Column("phone", _("Phone"), lambda c: tel(c.phone or c.mobile), field="phone"),
    Column(
        "organisation",
        lambda object_settings: object_settings["organisation"].singular,
        lambda c: record_link(c.organisation, c.organisation and c.organisation.name),
        sort="organisation",
        field="organisation",
        requires="organisation",
    ),
    Column("city", _("City"), lambda c: c.city, sort="city", field="city"),
    Column("labels", _("Labels"), label_chips, field="labels"),
    Column(
        "updated",
        lambda settings: settings["contact"].phrase("updated_on"),
        lambda c: date_cell(c.updated),
        sort="updated",
    ),
]
