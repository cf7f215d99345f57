"""The custom field form of Settings › Fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from records.custom_fields import FieldType


class CustomFieldForm(forms.Form):
    label_fr = forms.CharField(label=_("Name in French"), max_length=80, required=False)
    label_en = forms.CharField(label=_("Name in English"), max_length=80, required=False)
    field_type = forms.ChoiceField(label=_("Type"), choices=FieldType.choices)
    options = forms.CharField(
        label=_("Options (choice types)"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One option per line; a colour may follow a bar: « Urgent | red »."),
    )
    group = forms.CharField(
        label=_("Group"),
        max_length=80,
        required=False,
        help_text=_("Fields of one group show together on forms and record pages."),
    )
    help_text = forms.CharField(label=_("Help text"), max_length=200, required=False)
    position = forms.IntegerField(label=_("Order"), min_value=0, max_value=100_000, required=False)
    required = forms.BooleanField(label=_("Required"), required=False)
    shown = forms.BooleanField(label=_("Shown on forms, pages and lists"), required=False)

    def clean(self):
        data = super().clean()
        if not (data.get("label_fr") or "").strip() and not (data.get("label_en") or "").strip():
            self.add_error("label_fr", _("Give the field a name."))
        return data

    @staticmethod
    def initial_for(field) -> dict:
        return {
            "label_fr": field.label_fr,
            "label_en": field.label_en,
            "field_type": field.field_type,
            "options": "\n".join(
                f"{o.get('label', '')} | {o.get('colour', 'grey')}" for o in field.options or []
            ),
            "group": field.group,
            "help_text": field.help_text,
            "position": field.position,
            "required": field.required,
            "shown": field.shown,
        }
