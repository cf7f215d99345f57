"""The organisation list's columns: how each cell renders (escaped HTML, 50 rows a page)."""

from django.utils.translation import gettext_lazy as _

from records.html import date_cell, detail_url, label_chips, link, mailto, tel
from records.pages import Column

COLUMNS = [
    Column("name", _("Name"), lambda o: link(detail_url(o), o.name), sort="name"),
    Column("email", _("Email"), lambda o: mailto(o.email), field="email"),
    Column("phone", _("Phone"), lambda o: tel(o.phone), field="phone"),
    Column("city", _("City"), lambda o: o.city, sort="city", field="city"),
    Column("labels", _("Labels"), label_chips, field="labels"),
    Column(
        "updated",
        lambda settings: settings["organisation"].phrase("updated_on"),
        lambda o: date_cell(o.updated),
        sort="updated",
    ),
]
