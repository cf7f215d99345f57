"""The base of the four objects' create/edit forms: fitted to the workspace's settings."""

from __future__ import annotations

from django import forms

from workspaces.object_settings import ObjectSettings, apply_to_form


class RecordForm(forms.ModelForm):
    """A ModelForm built with the workspace's `object_settings` (a value, looked up once by the
    view) and its `members` (the owner's choices).

    Hidden fields and links to disabled objects are dropped (`apply_to_form`), and a link is
    labelled with the workspace's name for the object it points at (records.fields `link`).
    Subclasses set `declaration` (their records.fields.ObjectFields).
    """

    declaration = None

    def __init__(self, *args, object_settings: ObjectSettings, members=None, **kwargs):
        self.object_settings = object_settings
        super().__init__(*args, **kwargs)
        apply_to_form(self, key=self.declaration.key, settings=object_settings)
        for field in self.declaration:
            if field.link and field.name in self.fields:
                self.fields[field.name].label = object_settings[field.link].singular
        if members is not None and "owner" in self.fields:
            self.fields["owner"].queryset = members
