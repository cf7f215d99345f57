"""An opportunity's fields, declared once (records.fields): form, services, page, export.

The title, stage, amount and expected close date are on the page's banner, not in its fields.
"""

from django.utils.translation import gettext_lazy as _

from opportunities.models import Opportunity
from records.fields import ObjectFields, RecordField
from records.html import record_link


def label_names(record) -> str:
    return ", ".join(label.name for label in record.labels.all())


OPPORTUNITY_FIELDS = ObjectFields(
    "opportunity",
    Opportunity,
    [
        RecordField("title", detail=False),
        RecordField("workflow", detail=lambda o: o.workflow.name, export=lambda o: o.workflow.name),
        RecordField("stage", detail=False, export=lambda o: o.stage.name),
        RecordField(
            "status",
            label=_("Status"),
            form=False,
            detail=False,
            export=lambda o: o.stage.get_kind_display(),
        ),
        RecordField(
            "probability",
            label=_("Probability (%)"),
            form=False,
            detail=False,
            export=lambda o: o.stage.probability,
        ),
        RecordField("amount", detail=False),
        RecordField("expected_close_date", optional=True, detail=False),
        RecordField(
            "organisation",
            optional=True,
            link="organisation",
            detail=lambda o: record_link(o.organisation),
            export=lambda o: o.organisation or "",
        ),
        RecordField(
            "contact",
            optional=True,
            link="contact",
            detail=lambda o: record_link(o.contact),
            export=lambda o: o.contact or "",
        ),
        RecordField("owner", optional=True, export=lambda o: o.owner or ""),
        RecordField("labels", optional=True, detail=False, export=label_names),
        RecordField("closed_on", form=False, detail=False),
        RecordField("lost_reason", form=False, detail=False),
        RecordField("created", label=_("Created"), form=False, detail=False),
        RecordField("updated", label=_("Updated"), form=False, detail=False),
    ],
)
