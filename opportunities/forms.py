"""The opportunity form, the lost-reason form and the workflow settings forms."""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from contacts.forms import ContactChoiceField
from labels.forms import LabelMultipleChoiceField
from opportunities import services
from opportunities.fields import OPPORTUNITY_FIELDS
from opportunities.models import Opportunity, Stage, StageKind, Workflow
from organisations.forms import OrganisationChoiceField
from records.forms import RecordForm
from records.search import is_searchable
from records.validation import clean_text, parse_id


class StageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, stage):
        return f"{stage.workflow.name} · {stage.name}"


def first_open_stage(workflow: Workflow) -> Stage | None:
    """The stage a new opportunity starts in: the first open one (else the first one)."""
    stages = workflow.stages.order_by("position", "pk")
    return stages.filter(kind=StageKind.OPEN).first() or stages.first()


class OpportunityForm(RecordForm):
    declaration = OPPORTUNITY_FIELDS
    organisation = OrganisationChoiceField()
    contact = ContactChoiceField()
    labels = LabelMultipleChoiceField()
    stage = StageChoiceField(
        queryset=Stage.objects.select_related("workflow").order_by(
            "workflow__position", "workflow_id", "position", "pk"
        ),
        label=_("Stage"),
    )
    amount = forms.DecimalField(
        label=_("Amount (€)"), min_value=0, max_digits=12, decimal_places=2, required=False
    )

    class Meta:
        model = Opportunity
        fields = OPPORTUNITY_FIELDS.form_names
        widgets = {
            "expected_close_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workflow"].queryset = Workflow.objects.order_by("position", "pk")
        self.fields["workflow"].required = False
        self.fields["workflow"].help_text = _(
            "Changing the workflow? Choose a stage of the new workflow as well."
        )
        if self.instance.pk is None and not self.initial.get("workflow"):
            default = Workflow.objects.filter(is_default=True).first()
            if default is not None:
                self.initial["workflow"] = default.pk
                first = first_open_stage(default)
                self.initial.setdefault("stage", first.pk if first else None)
        # Stages grouped by workflow: changing the workflow means picking in its group. With
        # JavaScript, changing the workflow swaps the stage select for that workflow's stages.
        groups: dict[str, list] = {}
        for stage in self.fields["stage"].queryset:
            groups.setdefault(stage.workflow.name, []).append((stage.pk, stage.name))
        self.fields["stage"].choices = [("", "—"), *groups.items()]
        self.fields["workflow"].widget.attrs.update(
            {
                "hx-get": reverse("opportunities:stages"),
                "hx-trigger": "change",
                "hx-target": "#" + self["stage"].auto_id,
                "hx-swap": "outerHTML",
                "hx-sync": "this:replace",
            }
        )
        if "contact" in self.fields:
            # The contacts of the chosen organisation come first (and a typed name picks the
            # one of them it names): the organisation posted, else the one of the record.
            if self.is_bound:
                organisation = parse_id(self.data.get("organisation"))
                if organisation is None and "organisation" in self.fields:
                    organisation = self._typed_organisation()
            else:
                organisation = self.initial.get("organisation") or self.instance.organisation_id
            self.fields["contact"].set_within(organisation)

    def _typed_organisation(self):
        """The organisation a typed name (without JavaScript) names, if exactly one."""
        field = self.fields["organisation"]
        term = clean_text(self.data.get("organisation_search"), max_length=100).strip()
        if not is_searchable(term):
            return None
        return field.picker.choose(term, field.widget.matches(term))

    def limit_stages_to(self, workflow: Workflow, *, select_first_open: bool = True) -> None:
        """Offer only the stages of `workflow` (the select swapped in when the workflow changes)."""
        stages = workflow.stages.order_by("position", "pk")
        self.fields["stage"].queryset = stages
        self.fields["stage"].choices = [
            ("", "—"),
            *((stage.pk, stage.name) for stage in stages),
        ]
        if select_first_open:
            first = first_open_stage(workflow)
            self.initial["stage"] = first.pk if first else None

    def clean(self):
        data = super().clean()
        stage = data.get("stage")
        if stage is not None and not data.get("workflow"):
            data["workflow"] = stage.workflow
        try:
            if stage is not None:
                services.stage_for(data.get("workflow"), stage, required=True)
            probe = Opportunity(organisation=data.get("organisation"), contact=data.get("contact"))
            services.check_links(probe)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                target = field if field in self.fields else None
                for message in messages:
                    self.add_error(target, message)
        return data


class LostForm(forms.Form):
    """Why the opportunity was lost, asked with the workspace's name for it (« Pourquoi a-t-il
    été perdu ? » for a « Projet »)."""

    lost_reason = forms.CharField(max_length=300, widget=forms.TextInput())

    def __init__(self, *args, crm_object, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lost_reason"].label = crm_object.phrase("why_lost")


class WorkflowForm(forms.ModelForm):
    class Meta:
        model = Workflow
        fields = ["name"]


class StageForm(forms.ModelForm):
    # The database's check, said as a form error rather than a constraint's name.
    probability = forms.IntegerField(label=_("Win probability"), min_value=0, max_value=100)

    class Meta:
        model = Stage
        fields = ["name", "kind", "probability"]
        widgets = {"probability": forms.NumberInput(attrs={"min": 0, "max": 100})}


class StageDeleteForm(forms.Form):
    target = forms.ModelChoiceField(queryset=Stage.objects.none(), label=_("Move its cards to"))

    def __init__(self, *args, stage: Stage, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = Stage.objects.filter(
            workflow_id=stage.workflow_id
        ).exclude(pk=stage.pk)


class WorkflowDeleteForm(forms.Form):
    target = StageChoiceField(queryset=Stage.objects.none(), label=_("Move its cards to"))

    def __init__(self, *args, workflow: Workflow, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = (
            Stage.objects.select_related("workflow")
            .exclude(workflow=workflow)
            .order_by("workflow__position", "position")
        )
