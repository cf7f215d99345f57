from django import forms
from django.utils.translation import gettext_lazy as _

from contacts.fields import CONTACT_FIELDS
from contacts.models import Contact
from contacts.pickers import contact_picker
from contacts.selectors import contact_duplicates
from organisations.forms import OrganisationChoiceField
from records.forms import RecordForm
from records.picker import PickerField


class ContactChoiceField(PickerField):
    """The contact of an opportunity, chosen with the contact picker (records.picker): those of
    the organisation chosen on the same form come first."""

    def __init__(self, **kwargs):
        super().__init__(picker=contact_picker, **kwargs)


class ContactForm(RecordForm):
    declaration = CONTACT_FIELDS
    organisation = OrganisationChoiceField()

    class Meta:
        model = Contact
        fields = CONTACT_FIELDS.form_names
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "mobile": forms.TextInput(attrs={"type": "tel"}),
            "labels": forms.CheckboxSelectMultiple,
        }

    def clean_email(self):
        email = self.cleaned_data.get("email", "").strip()
        if email and contact_duplicates(email=email, exclude_pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("Another record already has this email address."), code="email_taken"
            )
        return email

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in ["first_name", "last_name", "email"]) and not (
            self.errors.get("email")
        ):
            raise forms.ValidationError(
                _("Give a first name, a last name or an email address."), code="name_or_email"
            )
        return data
