from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import Note, Task
from records.picker import MemberPicker, PickerField


class NoteForm(forms.ModelForm):
    record = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Note
        fields = ["text"]
        labels = {"text": _("Note")}
        widgets = {
            "text": forms.Textarea(
                attrs={"rows": 3, "placeholder": _("Write a note… (links become clickable)")}
            )
        }


class NoteEditForm(forms.ModelForm):
    class Meta:
        model = Note
        fields = ["text", "pinned"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}


class TaskForm(forms.ModelForm):
    """A task: `record` (`contact:42`, empty for none), `title`, `due`, `assignee`…"""

    record = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Task
        fields = ["title", "due", "due_time", "assignee", "description"]
        labels = {"due": _("Due"), "due_time": _("Time")}
        widgets = {
            "due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "due_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "description": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        # The one picker of link fields (records.picker): searched by name or email, the
        # second line the email; nobody chosen means the author.
        self.fields["assignee"] = PickerField(
            picker=MemberPicker(members, none_label=_("Me")),
            queryset=members,
            label=_("Assignee"),
            required=False,
            error_messages={"invalid_choice": _("Choose a member of this workspace.")},
        )


class ChecklistTemplateForm(forms.Form):
    object = forms.ChoiceField(label=_("For"))
    name = forms.CharField(label=_("Name"), max_length=120)
    items = forms.CharField(
        label=_("Items"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One item per line, in order."),
    )

    def __init__(self, *args, object_settings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object"].choices = [(o.key, o.plural) for o in object_settings.enabled()]

    @property
    def item_lines(self) -> list[str]:
        return self.cleaned_data["items"].splitlines()
