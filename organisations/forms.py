from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.fields import ORGANISATION_FIELDS
from organisations.models import Organisation
from organisations.pickers import organisation_picker
from records.forms import RecordForm
from records.picker import PickerField


class OrganisationForm(RecordForm):
    declaration = ORGANISATION_FIELDS

    website = forms.URLField(
        label=Organisation._meta.get_field("website").verbose_name,
        required=False,
        max_length=200,
        assume_scheme="https",
    )

    class Meta:
        model = Organisation
        fields = ORGANISATION_FIELDS.form_names
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "siren": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 9}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "labels": forms.CheckboxSelectMultiple,
        }

    def clean_siren(self):
        siren = "".join(self.cleaned_data.get("siren", "").split())
        if siren:
            others = Organisation.objects.filter(siren=siren).exclude(pk=self.instance.pk)
            if others.exists():
                raise forms.ValidationError(
                    _("Another record already has this SIREN number."), code="siren_taken"
                )
        return siren


class OrganisationChoiceField(PickerField):
    """The organisation of a contact (or an opportunity), chosen with the organisation picker
    (records.picker): searched as you type, or a typed name resolved without JavaScript."""

    def __init__(self, **kwargs):
        super().__init__(picker=organisation_picker, **kwargs)
