"""Forms of the prospect pages: the record form, the quick status change, the conversion."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from labels.forms import LabelMultipleChoiceField
from prospects.conversion import Choice
from prospects.fields import PROSPECT_FIELDS
from prospects.models import Prospect, Status
from records.forms import RecordForm


class ProspectForm(RecordForm):
    declaration = PROSPECT_FIELDS
    labels = LabelMultipleChoiceField()

    class Meta:
        model = Prospect
        fields = PROSPECT_FIELDS.form_names

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in ("first_name", "last_name", "company_name", "email")):
            raise ValidationError(_("Give at least a name, a company name or an email address."))
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        required=False,
        help_text=_("Required to disqualify."),
    )

    def clean(self):
        data = super().clean()
        if data.get("status") == Status.DISQUALIFIED and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for disqualifying."))
        return data


class ConversionForm(forms.Form):
    """The wizard's choices, on one page.

    `organisation` and `contact` are "create", "none" or the id of a record to link (one of
    the suggestions, or one found by searching). The opportunity part is used when
    `create_opportunity` is ticked; its stage must belong to its workflow.
    """

    organisation = forms.CharField(required=False)
    contact = forms.CharField(required=False)
    create_opportunity = forms.BooleanField(required=False)
    workflow = forms.IntegerField(required=False)
    stage = forms.IntegerField(required=False)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    amount = forms.DecimalField(
        label=_("Amount (€)"), max_digits=12, decimal_places=2, min_value=0, required=False
    )

    def __init__(self, *args, steps: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.steps = steps

    @staticmethod
    def _choice(value: str) -> Choice:
        try:
            return Choice.parse(value)
        except ValueError:
            raise ValidationError(_("Unknown choice.")) from None

    def clean_organisation(self):
        if "organisation" not in self.steps:
            return Choice()
        return self._choice(self.cleaned_data.get("organisation"))

    def clean_contact(self):
        if "contact" not in self.steps:
            return Choice()
        return self._choice(self.cleaned_data.get("contact"))

    def clean(self):
        data = super().clean()
        if not ("opportunity" in self.steps and data.get("create_opportunity")):
            data["create_opportunity"] = False
            return data
        if not data.get("workflow"):
            self.add_error("workflow", _("Choose a workflow."))
        if not data.get("stage"):
            self.add_error("stage", _("Choose a stage."))
        if not (data.get("title") or "").strip():
            self.add_error("title", _("Give it a title."))
        return data

    def conversion_arguments(self) -> dict:
        """Keyword arguments for conversion.prospect_convert."""
        data = self.cleaned_data
        opportunity = None
        if data.get("create_opportunity"):
            opportunity = {
                "workflow": data["workflow"],
                "stage": data["stage"],
                "title": data["title"],
                "amount": data.get("amount"),
            }
        return {
            "organisation": data.get("organisation"),
            "contact": data.get("contact"),
            "opportunity": opportunity,
        }
