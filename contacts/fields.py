"""A contact's fields, declared once (records.fields): form, services, page, export."""

from contacts.models import Contact
from records.export import LABEL_NAMES, OWNER_NAME
from records.fields import ObjectFields, RecordField
from records.html import mailto, record_link, tel

CONTACT_FIELDS = ObjectFields(
    "contact",
    Contact,
    [
        RecordField("first_name"),
        RecordField("last_name"),
        RecordField("email", detail=lambda c: mailto(c.email)),
        RecordField(
            "organisation",
            optional=True,
            link="organisation",
            detail=lambda c: record_link(c.organisation, c.organisation and c.organisation.name),
            export="organisation__name",
        ),
        RecordField("job_title", optional=True),
        RecordField("phone", optional=True, detail=lambda c: tel(c.phone)),
        RecordField("mobile", optional=True, detail=lambda c: tel(c.mobile)),
        RecordField("street", optional=True),
        RecordField("postal_code", optional=True),
        RecordField("city", optional=True),
        RecordField("country", optional=True),
        RecordField("owner", optional=True, export=OWNER_NAME),
        RecordField("labels", optional=True, detail=False, export=LABEL_NAMES),
        RecordField("created", phrase="created_on", form=False, detail=False),
        RecordField("updated", phrase="updated_on", form=False, detail=False),
    ],
)
