"""The opportunity list's columns: how each cell renders (escaped HTML, 50 rows a page)."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from opportunities.templatetags.opportunities import euros
from records.html import date_cell, label_chips, link
from records.pages import Column


def stage_cell(opportunity) -> str:
    return format_html(
        '<span class="stage-badge stage-badge--{}">{}</span>',
        opportunity.stage.kind,
        opportunity.stage.name,
    )


def amount_cell(opportunity) -> str:
    """The amount in the reader's format (« 1 602 900 € », « €1,602,900 »), on one line."""
    if opportunity.amount is None:
        return ""
    return format_html('<span class="amount">{}</span>', euros(opportunity.amount))


COLUMNS = [
    Column(
        "title",
        _("Title"),
        lambda o: link(o.get_absolute_url(), o.title),
        sort="title",
    ),
    Column("stage", _("Stage"), stage_cell, sort="stage"),
    Column("amount", _("Amount"), amount_cell, sort="amount"),
    Column(
        "close",
        _("Expected close date"),
        lambda o: date_cell(o.expected_close_date),
        sort="close",
        field="expected_close_date",
    ),
    Column(
        "organisation",
        lambda object_settings: object_settings["organisation"].singular,
        lambda o: (
            link(o.organisation.get_absolute_url(), o.organisation.name) if o.organisation else ""
        ),
        sort="organisation",
        field="organisation",
        requires="organisation",
    ),
    Column("owner", _("Owner"), lambda o: o.owner or "", field="owner"),
    Column("labels", _("Labels"), label_chips, field="labels"),
]
