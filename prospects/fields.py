"""A prospect's fields, declared once (records.fields): form, services, page, export."""

from django.utils.translation import gettext_lazy as _

from prospects.models import Prospect, Source, Status
from prospects.statuses import status_labels
from records.export import LABEL_NAMES, OWNER_NAME, ExportValue, display
from records.fields import ObjectFields, RecordField
from records.html import mailto, tel


def owner_name(prospect) -> str:
    owner = prospect.owner
    return (owner.full_name or owner.email) if owner else ""


def day(value) -> str:
    return value.date().isoformat() if value else ""


PROSPECT_FIELDS = ObjectFields(
    "prospect",
    Prospect,
    [
        RecordField("first_name"),
        RecordField("last_name"),
        RecordField("company_name", label=_("Company")),
        RecordField("job_title", optional=True),
        RecordField("email", detail=lambda p: mailto(p.email)),
        RecordField("phone", optional=True, detail=lambda p: tel(p.phone)),
        RecordField("siren", optional=True),
        RecordField(
            "source",
            detail=lambda p: p.get_source_display(),
            export=ExportValue("source", display(Source.choices)),
        ),
        RecordField("source_detail", optional=True),
        RecordField(
            "status",
            form=False,
            detail=False,
            export=ExportValue("status", display(Status.choices)),
            choice_labels=status_labels,  # « Qualifiée » for a feminine name
        ),
        RecordField("disqualification_reason", form=False, detail=False),
        RecordField("owner", optional=True, detail=owner_name, export=OWNER_NAME),
        RecordField("labels", optional=True, detail=False, export=LABEL_NAMES),
        RecordField(
            "created",
            phrase="created_on",
            form=False,
            detail=False,
            export=ExportValue("created", day),
        ),
        RecordField(
            "converted_at",
            phrase="converted_on",
            form=False,
            detail=False,
            export=ExportValue("converted_at", day),
        ),
    ],
)
