"""Forms of the prospect pages: the record form, the quick status change, the conversion."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from contacts.pickers import contact_picker
from labels.forms import LabelMultipleChoiceField
from organisations.pickers import organisation_picker
from prospects.conversion import Choice, Kind
from prospects.fields import PROSPECT_FIELDS
from prospects.models import Prospect, Status
from records.forms import RecordForm
from records.picker import ExtraChoice, PickerField, split_value


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


class ConversionChoiceField(PickerField):
    """What one step of the conversion does, chosen with the record's picker (records.picker):
    link a record (a probable duplicate, offered first, or one searched for, also without
    JavaScript by typing its name), create one from the prospect, or nothing. Cleans to a
    conversion.Choice."""

    def to_python(self, value):
        extra = self.widget._extra_value(value)
        pk, term = split_value(value)
        if extra and not term:
            return Choice.parse(extra)
        if pk is not None and not term:
            # prospect_convert tells a record that is gone (or another workspace's) clearly.
            return Choice.link(pk)
        record = super().to_python(value)
        return Choice.link(record.pk) if record is not None else Choice()

    def validate(self, value):
        pass  # every Choice is valid here; prospect_convert checks the linked record exists


class ConversionForm(forms.Form):
    """The wizard's choices, on one page.

    `organisation` and `contact` are pickers whose radios are the probable duplicates (first),
    the records found by a search, "create" and "none"; they clean to a conversion.Choice. The
    opportunity part is used when `create_opportunity` is ticked; its stage must belong to its
    workflow.
    """

    organisation = ConversionChoiceField(picker=organisation_picker)
    contact = ConversionChoiceField(picker=contact_picker)
    create_opportunity = forms.BooleanField(required=False)
    workflow = forms.IntegerField(required=False)
    stage = forms.IntegerField(required=False)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    amount = forms.DecimalField(
        label=_("Amount (€)"), max_digits=12, decimal_places=2, min_value=0, required=False
    )

    def __init__(
        self,
        *args,
        steps: set[str],
        prospect: Prospect | None = None,
        suggestions=None,
        object_settings=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.steps = steps
        for name in ("organisation", "contact"):
            if name not in steps:
                del self.fields[name]
        if prospect is None or object_settings is None:
            return
        organisations = suggestions.organisations if suggestions else []
        contacts = suggestions.contacts if suggestions else []
        if "organisation" in self.fields:
            self._set_up(
                "organisation",
                object_settings,
                first=organisations,
                create=prospect.company_name,
                default=organisations[0].pk
                if organisations
                else (Kind.CREATE if prospect.company_name else Kind.NONE),
            )
        if "contact" in self.fields:
            self._set_up(
                "contact",
                object_settings,
                first=contacts,
                create=" · ".join(filter(None, [str(prospect), prospect.email])),
                default=contacts[0].pk if contacts else Kind.CREATE,
            )
            if "organisation" in self.fields:
                organisation = self["organisation"].value()
                if isinstance(organisation, dict):
                    organisation = organisation.get("id")
                self.fields["contact"].set_within(organisation)
                self.fields["contact"].widget.skip_extra_choices = True

    def _set_up(self, name, object_settings, *, first, create: str, default) -> None:
        field = self.fields[name]
        field.label = object_settings[name].singular
        widget = field.widget
        widget.object_settings = object_settings
        widget.first = list(first)
        widget.extra_choices = []
        if create:
            widget.extra_choices.append(
                ExtraChoice(Kind.CREATE.value, object_settings[name].new_label, create)
            )
        widget.extra_choices.append(ExtraChoice(Kind.NONE.value, object_settings[name].none_label))
        if name not in self.initial:
            self.initial[name] = {"id": str(default), "search": ""}

    def clean_organisation(self):
        return self.cleaned_data.get("organisation") or Choice()

    def clean_contact(self):
        return self.cleaned_data.get("contact") or Choice()

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
            "organisation": data.get("organisation") or Choice(),
            "contact": data.get("contact") or Choice(),
            "opportunity": opportunity,
        }
