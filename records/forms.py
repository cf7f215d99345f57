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

    An edit form carries the `version` of the record it was opened on: `is_stale()` tells
    whether someone saved the record since, and `conflicts()` what they changed that this
    form would put back.
    """

    declaration = None
    version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=30)

    def __init__(self, *args, object_settings: ObjectSettings, members=None, **kwargs):
        self.object_settings = object_settings
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["version"]
        else:
            self.fields["version"].initial = self.instance.version
        apply_to_form(self, key=self.declaration.key, settings=object_settings)
        for field in self.declaration:
            if field.link and field.name in self.fields:
                self.fields[field.name].label = object_settings[field.link].singular
        if members is not None and "owner" in self.fields:
            self.fields["owner"].queryset = members

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


def _conflict(field, theirs, yours) -> dict:
    return {
        "label": field.label,
        "theirs": "" if theirs is None else theirs,
        "yours": "" if yours is None else yours,
    }
