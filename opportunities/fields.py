"""An opportunity's fields, declared once (records.fields): form, services, page, export.

The title, stage, amount and expected close date are on the page's banner, not in its fields.
"""

from django.db.models import CharField, Value
from django.db.models.functions import Coalesce, Concat, NullIf, Trim
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from opportunities.models import Opportunity, StageKind
from records.export import LABEL_NAMES, OWNER_NAME, ExportValue, display
from records.fields import ObjectFields, RecordField
from records.html import record_link
from workspaces.models import Gender

# An opportunity's status as an adjective that agrees with the workspace's name for it:
# « Gagnée » for an « Opportunité », « Gagné » for a « Projet ».
STAGE_KIND_LABELS = {
    StageKind.OPEN: (pgettext_lazy("masculine", "Open"), pgettext_lazy("feminine", "Open")),
    StageKind.WON: (pgettext_lazy("masculine", "Won"), pgettext_lazy("feminine", "Won")),
    StageKind.LOST: (pgettext_lazy("masculine", "Lost"), pgettext_lazy("feminine", "Lost")),
}


def stage_kind_labels(crm_object) -> dict[str, str]:
    """Each stage kind's label for the opportunity object `crm_object`, in the current language."""
    feminine = crm_object.gender == Gender.FEMININE
    return {kind: str(pair[1 if feminine else 0]) for kind, pair in STAGE_KIND_LABELS.items()}


def _contact_name(model):
    # A contact's name as `Contact.full_name` writes it: first and last name, else the email.
    full_name = Trim(Concat("contact__first_name", Value(" "), "contact__last_name"))
    return Coalesce(NullIf(full_name, Value("")), "contact__email", output_field=CharField())


OPPORTUNITY_FIELDS = ObjectFields(
    "opportunity",
    Opportunity,
    [
        RecordField("title", detail=False),
        RecordField("workflow", detail=lambda o: o.workflow.name, export="workflow__name"),
        RecordField("stage", detail=False, export="stage__name"),
        RecordField(
            "status",
            label=_("Status"),
            form=False,
            detail=False,
            export=ExportValue("stage__kind", display(StageKind.choices)),
            choice_labels=stage_kind_labels,
        ),
        RecordField(
            "probability",
            label=_("Probability (%)"),
            form=False,
            detail=False,
            export="stage__probability",
        ),
        RecordField("amount", detail=False),
        RecordField("expected_close_date", optional=True, detail=False),
        RecordField(
            "organisation",
            optional=True,
            link="organisation",
            detail=lambda o: record_link(o.organisation),
            export="organisation__name",
        ),
        RecordField(
            "contact",
            optional=True,
            link="contact",
            detail=lambda o: record_link(o.contact),
            export=ExportValue(_contact_name),
        ),
        RecordField("owner", optional=True, export=OWNER_NAME),
        RecordField("labels", optional=True, detail=False, export=LABEL_NAMES),
        RecordField("closed_on", phrase="closed_on", form=False, detail=False),
        RecordField("lost_reason", form=False, detail=False),
        RecordField("created", phrase="created_on", form=False, detail=False),
        RecordField("updated", phrase="updated_on", form=False, detail=False),
    ],
)
