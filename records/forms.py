"""The base of the four objects' create/edit forms: fitted to the workspace's settings."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from records import custom_fields
from records.picker import MemberIdField, MemberPicker, PickerField
from records.selectors import custom_fields_for
from workspaces.object_settings import ObjectSettings, apply_to_form

# The form's fieldsets, by field name (the four objects share their field names). Two columns
# on a wide screen, one under 900 px (records.css); a field not listed goes under "Other".
SECTIONS = [
    (
        "identity",
        pgettext_lazy("form section", "Identity"),
        {
            "name",
            "first_name",
            "last_name",
            "title",
            "company_name",
            "job_title",
            "organisation",
            "contact",
            "siren",
        },
    ),
    (
        "progress",
        pgettext_lazy("form section", "Progress"),
        {"workflow", "stage", "amount", "expected_close_date", "status", "lost_reason"},
    ),
    (
        "coordinates",
        pgettext_lazy("form section", "Coordinates"),
        {"email", "phone", "mobile", "website"},
    ),
    (
        "address",
        pgettext_lazy("form section", "Address"),
        {"street", "postal_code", "city", "country"},
    ),
]
OTHER_SECTION = ("other", pgettext_lazy("form section", "Other"))
# What an empty select offers instead of Django's « --------- ».
NONE_CHOICE = _("— none —")
DASHES = "---------"


class RecordForm(forms.ModelForm):
    """A ModelForm built with the workspace's `object_settings` (a value, looked up once by the
    view) and its `members` (the owner's choices).

    Hidden fields and links to disabled objects are dropped (`apply_to_form`), and a link is
    labelled with the workspace's name for the object it points at (records.fields `link`).
    Subclasses set `declaration` (their records.fields.ObjectFields).

    An edit form carries the `version` of the record it was opened on: `is_stale()` tells
    whether someone saved the record since, and `conflicts()` what they changed that this
    form would put back.
    """

    declaration = None
    version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=30)

    def __init__(self, *args, object_settings: ObjectSettings, members=None, **kwargs):
        self.object_settings = object_settings
        kwargs.setdefault("label_suffix", "")  # « Nom », not « Nom : »
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["version"]
        else:
            self.fields["version"].initial = self.instance.version
        apply_to_form(self, key=self.declaration.key, settings=object_settings)
        # Labels as on the record page and in the export (the declaration's): a link by the
        # workspace's name for its object. A field the form declares keeps its own label
        # (« Montant (€) »), with the same capitalisation.
        for field in self.declaration:
            if field.name not in self.fields:
                continue
            form_field = self.fields[field.name]
            if field.link or field.name not in self.declared_fields:
                form_field.label = self.declaration.label(field, object_settings)
            elif form_field.label:
                form_field.label = capfirst(form_field.label)
        if members is not None and "owner" in self.fields:
            owner = self.fields["owner"]
            self.fields["owner"] = PickerField(
                picker=MemberPicker(members),
                queryset=members,
                label=owner.label,
                required=owner.required,
                help_text=owner.help_text,
            )
        for form_field in self.fields.values():
            if isinstance(form_field, PickerField):
                form_field.widget.object_settings = object_settings
        self.custom_fields = custom_fields_for(self.declaration.key, include_hidden=False)
        self._add_custom_fields(members)
        links = {field.name: field.link for field in self.declaration}
        for name, form_field in self.fields.items():
            self._name_empty_choice(form_field, links.get(name, ""))

    def _name_empty_choice(self, form_field, link: str) -> None:
        """An empty select says what empty means: « Aucune organisation », « — aucun — »."""
        none = object_settings_none(self.object_settings, link) if link else NONE_CHOICE
        if isinstance(form_field, forms.ModelChoiceField) and not isinstance(
            form_field, forms.ModelMultipleChoiceField
        ):
            if form_field.empty_label is not None:
                form_field.empty_label = none
                form_field.widget.choices = form_field.choices
        elif isinstance(form_field, forms.ChoiceField):
            choices = list(form_field.choices)
            if choices and choices[0][0] in ("", None) and choices[0][1] == DASHES:
                form_field.choices = [("", none), *choices[1:]]

    @property
    def sections(self) -> list[tuple[str, str, list]]:
        """[(key, legend, [bound fields])]: the built-in fields by fieldset, empty ones left out."""
        found: dict[str, list] = {}
        for bound in self.visible_fields():
            key = next((k for k, _legend, names in SECTIONS if bound.name in names), "other")
            found.setdefault(key, []).append(bound)
        legends = [(key, legend) for key, legend, _names in SECTIONS] + [OTHER_SECTION]
        return [(key, legend, found[key]) for key, legend in legends if key in found]

    # --- custom fields (records.custom_fields) ----------------------------------------------

    def _add_custom_fields(self, members) -> None:
        """One typed form field per shown custom field, named custom_<key>."""
        stored = self.instance.custom or {}
        for definition in self.custom_fields:
            if definition.field_type == custom_fields.FieldType.MEMBER and members is not None:
                # A member is chosen with the member picker, like the owner.
                form_field = MemberIdField(
                    members=members,
                    label=definition.label,
                    required=definition.required,
                    help_text=definition.help_text,
                )
                form_field.widget.object_settings = self.object_settings
            else:
                form_field = custom_fields.form_field(definition, [])
            form_field.initial = custom_fields.form_initial(definition, stored.get(definition.key))
            form_field.custom_group = definition.group
            self.fields[definition.form_name] = form_field

    def visible_fields(self):
        """The built-in fields; custom ones come grouped in `custom_groups`."""
        return [f for f in super().visible_fields() if not f.name.startswith("custom_")]

    @property
    def custom_groups(self) -> list[tuple[str, list]]:
        """[(group name, [bound fields])] in the fields' order, ungrouped first."""
        groups: dict[str, list] = {}
        for definition in self.custom_fields:
            if definition.form_name in self.fields:
                groups.setdefault(definition.group, []).append(self[definition.form_name])
        return sorted(groups.items(), key=lambda item: item[0] != "")

    def _post_clean(self):
        """The custom values, parsed to their stored form, go to cleaned_data["custom"] (the
        services write it); a value that does not fit is an error on its field."""
        custom = dict(self.instance.custom or {})
        for definition in self.custom_fields:
            name = definition.form_name
            if name not in self.cleaned_data:
                continue
            try:
                value = custom_fields.parse(definition, self.cleaned_data[name])
            except ValidationError as error:
                self.add_error(name, error)
                continue
            if value is None:
                custom.pop(definition.key, None)
            else:
                custom[definition.key] = value
        self.cleaned_data["custom"] = custom
        super()._post_clean()

    def is_stale(self, saved) -> bool:
        """Whether `saved` (the record as it is now) changed since this form was opened."""
        opened = self.cleaned_data.get("version")
        return bool(opened) and opened != saved.version

    def conflicts(self, saved) -> list[dict]:
        """The fields where `saved` now differs from what this form would write."""
        result = []
        for name, field in self.fields.items():
            if name == "version" or name not in self.cleaned_data:
                continue
            yours = self.cleaned_data[name]
            if name.startswith("custom_"):
                definition = next(d for d in self.custom_fields if d.form_name == name)
                mine = self.cleaned_data["custom"].get(definition.key)
                saved_value = (saved.custom or {}).get(definition.key)
                if mine != saved_value:
                    result.append(
                        _conflict(
                            field,
                            custom_fields.as_text(definition, saved_value),
                            custom_fields.as_text(definition, mine),
                        )
                    )
                continue
            theirs = getattr(saved, name)
            if isinstance(field, forms.ModelMultipleChoiceField):
                yours, theirs = set(yours or ()), set(theirs.all())
                if yours != theirs:
                    result.append(
                        _conflict(field, ", ".join(map(str, theirs)), ", ".join(map(str, yours)))
                    )
            elif (yours or None) != (theirs or None):
                result.append(_conflict(field, theirs, yours))
        return result


def object_settings_none(object_settings: ObjectSettings, key: str) -> str:
    """« Aucune organisation » as the empty choice of a link to `key`."""
    return object_settings[key].none_label


def _conflict(field, theirs, yours) -> dict:
    return {
        "label": field.label,
        "theirs": "" if theirs is None else theirs,
        "yours": "" if yours is None else yours,
    }
