from django import forms
from django.utils.translation import gettext_lazy as _

from organisations.fields import ORGANISATION_FIELDS
from organisations.models import Organisation
from organisations.normalise import normalise_organisation_name
from organisations.widgets import OrganisationPicker
from records.forms import RecordForm
from records.search import search_filter


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


class OrganisationChoiceField(forms.ModelChoiceField):
    """The organisation of a contact (or an opportunity): searched as you type.

    Without JavaScript it is a plain select of the current value and the first organisations,
    plus a text box: a typed name that matches exactly one organisation is accepted.
    """

    widget = OrganisationPicker
    default_error_messages = {
        "invalid_choice": _("Choose an existing record from the list."),
        "ambiguous": _("Several records match “%(name)s”: choose one in the list."),
        "unknown": _("No record matches “%(name)s”."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Organisation.objects.order_by("name", "pk"))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, dict):  # (id, typed name) from OrganisationPicker
            pk, typed = value.get("id"), (value.get("search") or "").strip()
            if pk:
                return super().to_python(pk)
            if typed:
                return self.from_name(typed)
            return None
        return super().to_python(value)

    def from_name(self, typed: str):
        exact = list(self.queryset.filter(name_key=normalise_organisation_name(typed))[:2])
        if len(exact) == 1:
            return exact[0]
        matches = exact or list(self.queryset.filter(search_filter(["name"], typed))[:2])
        if len(matches) == 1:
            return matches[0]
        code = "ambiguous" if matches else "unknown"
        raise forms.ValidationError(self.error_messages[code], code=code, params={"name": typed})
