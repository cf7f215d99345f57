"""Forms of the settings pages. They parse input; the rules live in the services they call."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.forms import EmailField
from workspaces.models import Gender, Role
from workspaces.object_settings import CrmObject, ObjectSettings
from workspaces.object_settings_services import (
    NAME_MAX_LENGTH,
    ObjectSettingChange,
    object_setting_update,
)
from workspaces.registry import registry
from workspaces.validators import time_zone_names, validate_single_line


def _name_field(label):
    return forms.CharField(
        label=label,
        required=False,
        strip=False,
        widget=forms.TextInput(attrs={"maxlength": NAME_MAX_LENGTH, "autocomplete": "off"}),
    )


class ObjectSettingForm(forms.Form):
    """One object: on or off, its names in French (with their gender) and in English.
    One form per object (prefix = key)."""

    enabled = forms.BooleanField(label=_("Enabled"), required=False)
    singular = _name_field(_("Singular name"))
    plural = _name_field(_("Plural name"))
    gender = forms.ChoiceField(
        label=_("Grammatical gender"),
        choices=Gender.choices,
        widget=forms.RadioSelect,
        help_text=_("« Nouvelle entreprise » but « Nouveau syndicat »."),
    )
    # Labels of their own, so that each input has a distinct accessible name.
    singular_en = _name_field(_("Singular in English"))
    plural_en = _name_field(_("Plural in English"))

    def __init__(self, *args, crm_object: CrmObject, **kwargs):
        self.crm_object = crm_object
        kwargs.setdefault("prefix", crm_object.key)
        kwargs.setdefault("label_suffix", "")
        kwargs.setdefault(
            "initial",
            {
                "enabled": crm_object.enabled,
                "singular": crm_object.custom_singular,
                "plural": crm_object.custom_plural,
                "gender": crm_object.gender,
                "singular_en": crm_object.custom_singular_en,
                "plural_en": crm_object.custom_plural_en,
            },
        )
        super().__init__(*args, **kwargs)
        # Each language's placeholder is what its readers see when the names are left empty.
        object_type = crm_object.type
        for suffix, language in (("", "fr"), ("_en", "en")):
            with translation.override(language):
                self.fields["singular" + suffix].widget.attrs["placeholder"] = str(
                    object_type.default_singular
                )
                self.fields["plural" + suffix].widget.attrs["placeholder"] = str(
                    object_type.default_plural
                )
                for name in ("singular", "plural"):
                    self.fields[name + suffix].widget.attrs["lang"] = language
        self.fields["singular"].help_text = _(
            "Leave a language's names empty to use the other language's, or the default name."
        )

    def save(self, *, workspace) -> ObjectSettingChange | None:
        """Apply through the service; None (with the errors on the form) when refused."""
        data = self.cleaned_data
        gender = data["gender"]
        names_given = bool(data["singular"].strip() or data["plural"].strip())
        if not names_given and gender == self.crm_object.type.default_gender:
            gender = ""  # default names keep their default gender
        try:
            return object_setting_update(
                workspace=workspace,
                key=self.crm_object.key,
                enabled=data["enabled"],
                singular=data["singular"],
                plural=data["plural"],
                gender=gender,
                singular_en=data["singular_en"],
                plural_en=data["plural_en"],
            )
        except ValidationError as error:
            self.add_error(None, error)
            return None


class HiddenFieldsForm(forms.Form):
    """The optional fields of one object: checked ones show on its forms and pages."""

    shown = forms.MultipleChoiceField(
        label=_("Fields shown"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, crm_object: CrmObject, object_settings: ObjectSettings, **kwargs):
        self.crm_object = crm_object
        kwargs.setdefault("prefix", f"fields-{crm_object.key}")
        optional = crm_object.type.optional_fields
        kwargs.setdefault(
            "initial", {"shown": [name for name in optional if crm_object.shows(name)]}
        )
        super().__init__(*args, **kwargs)
        # Labelled as on the forms: a link by the workspace's name for the object it points at.
        declaration = registry.object_fields.get(crm_object.key)
        declared = {f.name: f for f in declaration} if declaration is not None else {}
        model = crm_object.type.model
        self.fields["shown"].choices = [
            (
                name,
                declaration.label(declared[name], object_settings)
                if name in declared
                else field_label(model, name),
            )
            for name in optional
        ]

    def save(self, *, workspace) -> ObjectSettingChange | None:
        shown = set(self.cleaned_data["shown"])
        hidden = [name for name in self.crm_object.type.optional_fields if name not in shown]
        try:
            return object_setting_update(
                workspace=workspace, key=self.crm_object.key, hidden_fields=hidden
            )
        except ValidationError as error:
            self.add_error(None, error)
            return None


def field_label(model, name: str) -> str:
    try:
        label = str(model._meta.get_field(name).verbose_name)
    except Exception:  # a declared name that is no model field: show it as is
        return name
    return label[:1].upper() + label[1:]


class WorkspaceForm(forms.Form):
    """The workspace itself: its name, its time zone, and whether members must use two-factor."""

    name = forms.CharField(
        label=_("Workspace name"), max_length=100, validators=[validate_single_line]
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=lambda: [(name, name) for name in time_zone_names()],
        required=False,  # not sent: the current one stays
        help_text=_(
            "Days and months follow it: tasks due today, statistics by month, the morning "
            "reminder at 07:30."
        ),
    )
    require_two_factor = forms.BooleanField(
        label=_("Require two-factor authentication"),
        required=False,
        help_text=_(
            "Every member, you included, confirms each sign-in with a code from an "
            "authenticator app. Members without one set it up at their next visit."
        ),
    )


class InvitationForm(forms.Form):
    email = EmailField(label=_("Email"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class InvitationAcceptForm(forms.Form):
    """A newcomer's account: a name and a password (the email is the invitation's)."""

    full_name = forms.CharField(label=_("Your name"), max_length=150)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
