"""Garbage in a query string or a form never gives a 500, on any URL of a workspace host.

Walks the same URLs as test_every_url (so a URL added later is covered), with ids of real
records, as an administrator, and sends every parameter name the views read with values
PostgreSQL or Python would choke on: a NUL byte, Unicode digits, a 100,000-character text,
an id beyond bigint, negative and non-numeric ids.
"""

import pytest

from contacts.models import Contact
from imports.models import ImportBatch
from labels.models import Label
from opportunities.models import Opportunity, Workflow
from organisations.models import Organisation
from prospects.models import Prospect
from records.custom_field_services import custom_field_create
from records.custom_fields import FieldType
from records.list_state import SUFFIXES
from records.models import CustomField
from tests.workspaces.test_every_url import PROTECTED

pytestmark = pytest.mark.django_db

PARAMETERS = [
    "q",
    "page",
    "sort",
    "organisation",
    "contact",
    "label",
    "owner",
    "workflow",
    "stage",
    "status",
    "source",
    "created_after",
    "created_before",
    "updated_after",
    "amount_min",
    "organisation_search",
    "contact_search",
    "owner_search",
    "assignee_search",
    "organisation_q",
    "contact_q",
    "next",
    "ids",
    "action",
    "confirm",
    "also",  # personal data: erase the same person elsewhere
    "redact",  # personal data: notes whose mentions are redacted
    "reason",
    "lost_reason",
    "bulk_status",
    "bulk_reason",
    "place",
    "version",
    "offset",
    "direction",
    "index",
    "before",
    "after",
    "target",
    "name",
    "email",
    "first_name",
    "last_name",
    "title",
    "amount",
    "siren",
    "record",
    "text",
    "due",
    "assignee",
    "role",
    "singular",
    "plural",
    "gender",
    "part",
    "filters",
    "swap",
    "refresh",
    # activities (issue 10)
    "kind",
    "group",
    "object",
    "template",
    "pinned",
    "done",
    "render",
    "due_time",
    "description",
    "view",
    "columns",
    "scope",
    "query",
    "shared",
    "default",
    "label_fr",
    "label_en",
    "field_type",
    "options",
    "group",
    "help_text",
    "position",
    "required",
    # this session's pages (issue 14, 13, 10, 11, 15)
    "format",
    "linked",
    "order",
    "term",
    "token",
    "cancel",
    "confirm_duplicate",
    "digest",
    "period",
    "start",
    "end",
    "csv",
    "next_step",
    "time_zone",
    "singular_en",
    "plural_en",
    "probability",
    "namespace",  # the keyboard dialogs (issue 16)
]
GARBAGE = {
    "nul": "a\x00b",
    "unicode digits": "²①",
    "huge": "x" * 100_000,
    "beyond bigint": "99999999999999999999",
    "negative": "-1",
}


@pytest.fixture
def records(alpha, alice):
    """One record of each kind, so that /<plural>/<id>/ reach their views' code."""
    with alpha:
        organisation = Organisation.objects.create(name="Dupont")
        workflow = Workflow.objects.get(is_default=True)
        return {
            "/organisations/": organisation.pk,
            "/contacts/": Contact.objects.create(first_name="Ada", organisation=organisation).pk,
            "/opportunities/": Opportunity.objects.create(
                title="Offre", workflow=workflow, stage=workflow.stages.first()
            ).pk,
            "/prospects/": Prospect.objects.create(first_name="Paul").pk,
            "/settings/labels/": Label.objects.create(name="VIP", colour="green").pk,
            "/settings/workflows/stages/": workflow.stages.first().pk,
            "/settings/workflows/": workflow.pk,
            "/settings/custom-fields/sample/": CustomField.objects.filter(object_key="contact")
            .first()
            .pk,
            "/imports/": ImportBatch.objects.create(
                object_key="contact",
                file_name="x.csv",
                content=b"Email\na@b.fr\n",
                headers=["Email"],
            ).pk,
        }


@pytest.fixture
def custom_parameters(alpha):
    """A contact custom field of every type: the names its form fields and filters read."""
    names = []
    with alpha:
        for field_type in FieldType.values:
            options = "Un\nDeux" if "choice" in field_type else None
            field = custom_field_create(
                object_key="contact",
                label=f"Champ {field_type}",
                field_type=field_type,
                options=options,
            ).field
            names += [field.form_name, *(field.form_name + s for s in SUFFIXES)]
    return names


def with_real_ids(path: str, records: dict) -> str:
    if path.startswith("/personal-data/sample/1/"):  # a person's data: a real contact
        return path.replace("/sample/1/", f"/contact/{records['/contacts/']}/", 1)
    if path.startswith("/settings/custom-fields/sample/"):
        path = path.replace("/sample/", "/contact/", 1)
        records = {"/settings/custom-fields/contact/": records["/settings/custom-fields/sample/"]}
    for prefix, pk in sorted(records.items(), key=lambda item: -len(item[0])):
        if path.startswith(prefix) and "/1/" in path:
            return path.replace("/1/", f"/{pk}/", 1)
    return path


@pytest.mark.parametrize("value", GARBAGE.values(), ids=GARBAGE.keys())
@pytest.mark.parametrize("path", PROTECTED)
def test_garbage_never_gives_a_500(
    client_on, alpha, alice, custom_parameters, records, path, value
):
    client = client_on(alpha, alice)
    url = with_real_ids(path, records)
    data = {name: value for name in PARAMETERS + custom_parameters}
    for response in (
        client.get(url, data),
        client.get(url, data, HTTP_HX_REQUEST="true"),
        client.post(url, data),
    ):
        assert response.status_code < 500, (url, response.status_code)
