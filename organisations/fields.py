"""An organisation's fields, declared once (records.fields): form, services, page, export."""

from organisations.models import Organisation
from records.export import LABEL_NAMES, OWNER_NAME
from records.fields import ObjectFields, RecordField
from records.html import mailto, multiline, tel, website

ORGANISATION_FIELDS = ObjectFields(
    "organisation",
    Organisation,
    [
        RecordField("name", detail=False),  # the page's title
        RecordField("siren", optional=True),
        RecordField("website", optional=True, detail=lambda o: website(o.website)),
        RecordField("email", optional=True, detail=lambda o: mailto(o.email)),
        RecordField("phone", optional=True, detail=lambda o: tel(o.phone)),
        RecordField("street", optional=True),
        RecordField("postal_code", optional=True),
        RecordField("city", optional=True),
        RecordField("country", optional=True),
        RecordField(
            "description", optional=True, detail=lambda o: multiline(o.description), export=False
        ),
        RecordField("owner", optional=True, export=OWNER_NAME),
        RecordField("labels", optional=True, detail=False, export=LABEL_NAMES),
        RecordField("created", phrase="created_on", form=False, detail=False),
        RecordField("updated", phrase="updated_on", form=False, detail=False),
    ],
)
