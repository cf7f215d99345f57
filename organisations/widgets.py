"""The organisation picker: a search box that fills a select as you type (HTMX).

It posts two values: `<name>` (the chosen id, from the select) and `<name>_search` (what was
typed). Without JavaScript the select offers the current organisation and the first ones by
name, and a typed name is resolved by the form field (OrganisationChoiceField).
"""

from django import forms
from django.urls import reverse

from organisations.selectors import organisation_choices
from records.validation import parse_id


class OrganisationPicker(forms.Select):
    template_name = "organisations/widgets/picker.html"

    def value_from_datadict(self, data, files, name):
        return {"id": data.get(name) or "", "search": data.get(f"{name}_search") or ""}

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_search" not in data

    def format_value(self, value):
        if isinstance(value, dict):
            value = value.get("id")
        return super().format_value(value)

    def optgroups(self, name, value, attrs=None):
        # Only a few options: the current one and the first organisations by name.
        current = [pk for pk in map(parse_id, value) if pk is not None]
        self.choices = [("", "—"), *organisation_choices(current=current)]
        return super().optgroups(name, value, attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        typed = value.get("search", "") if isinstance(value, dict) else ""
        context["widget"]["search_value"] = "" if context["widget"]["value"] != [""] else typed
        context["widget"]["search_name"] = f"{name}_search"
        context["widget"]["picker_url"] = reverse("organisations:picker")
        return context
