"""Label forms, and the shared label picker the four objects use on their forms.

On an object's form (the model has `labels = models.ManyToManyField("labels.Label", ...)`):

    from labels.forms import LabelMultipleChoiceField

    class OrganisationForm(forms.ModelForm):
        labels = LabelMultipleChoiceField()

It lists the workspace's labels as checkboxes drawn as coloured chips (LabelPicker widget,
styled by static/css/settings.css), works without JavaScript, and accepts only labels of the
current workspace (ids from another schema simply do not exist here).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from labels import services
from labels.models import Colour, Label


class ColourPicker(forms.RadioSelect):
    """The palette as radio buttons, each drawn as a swatch of its colour."""

    template_name = "labels/widgets/colour_picker.html"
    option_template_name = "labels/widgets/colour_option.html"


class LabelPicker(forms.CheckboxSelectMultiple):
    """Checkboxes drawn as label chips (colour and name); the description is the tooltip."""

    template_name = "labels/widgets/label_picker.html"
    option_template_name = "labels/widgets/label_option.html"

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        option["colour"] = getattr(instance, "colour", Colour.GREY)
        option["description"] = getattr(instance, "description", "")
        return option


class LabelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Labels of the current workspace, picked as chips. Not required by default."""

    widget = LabelPicker

    def __init__(self, queryset=None, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Labels"))
        super().__init__(queryset if queryset is not None else Label.objects.all(), **kwargs)


class LabelForm(forms.Form):
    """Create or change a label; the rules (unique name ignoring case…) are the service's."""

    name = forms.CharField(
        label=_("Name"),
        widget=forms.TextInput(attrs={"maxlength": services.NAME_MAX_LENGTH}),
    )
    colour = forms.ChoiceField(
        label=_("Colour"), choices=Colour.choices, initial=Colour.BLUE, widget=ColourPicker
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": services.DESCRIPTION_MAX_LENGTH}),
    )

    def __init__(self, *args, label: Label | None = None, **kwargs):
        self.label = label
        if label is not None:
            kwargs.setdefault(
                "initial",
                {"name": label.name, "colour": label.colour, "description": label.description},
            )
        super().__init__(*args, **kwargs)

    def save(self) -> Label | None:
        """Create or update through the service; None (errors on the form) when refused."""
        try:
            if self.label is None:
                return services.label_create(**self.cleaned_data)
            return services.label_update(label=self.label, **self.cleaned_data)
        except ValidationError as error:
            self.add_error(None, error)
            return None
