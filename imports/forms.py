from django import forms
from django.utils.translation import gettext_lazy as _

from imports.models import OnMatch
from imports.parsing import MAX_BYTES


class UploadForm(forms.Form):
    object_key = forms.ChoiceField(label=_("Import into"))
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (any separator, any usual encoding) or Excel .xlsx, up to 50 MB."),
    )
    sheet = forms.CharField(
        label=_("Sheet"),
        required=False,
        max_length=100,
        help_text=_("For an Excel file: the sheet's name (the first sheet if empty)."),
    )

    def __init__(self, *args, objects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object_key"].choices = [(o.key, o.plural) for o in objects]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB; split it into several files.")
                % {"size": MAX_BYTES // (1024 * 1024)}
            )
        return upload

    def clean_sheet(self):
        return self.cleaned_data["sheet"].replace("\x00", "").strip()


class MappingForm(forms.Form):
    """One select per column of the file, and what to do with rows matching a record."""

    on_match = forms.ChoiceField(
        label=_("When a row matches an existing record"),
        choices=OnMatch.choices,
        widget=forms.RadioSelect,
        initial=OnMatch.SKIP,
    )

    def __init__(self, *args, headers=(), targets=(), mapping=(), required=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.required = required  # targets a column must go to (required custom fields)
        choices = [("", _("— ignore —")), *[(t.name, t.label) for t in targets]]
        self.columns = []
        for i, header in enumerate(headers):
            name = f"column_{i}"
            self.fields[name] = forms.ChoiceField(
                label=header,
                choices=choices,
                required=False,
                initial=mapping[i] if i < len(mapping) else "",
            )
            self.columns.append(name)

    def clean(self):
        cleaned_data = super().clean()
        mapped = set(self.mapping())
        for target in self.required:
            if target.name not in mapped:
                self.add_error(
                    None,
                    _("“%(field)s” is required: choose the column that holds it.")
                    % {"field": target.label},
                )
        return cleaned_data

    def mapping(self) -> list[str]:
        return [self.cleaned_data.get(name) or "" for name in self.columns]

    def column_fields(self):
        return [self[name] for name in self.columns]
