"""One searchable picker for every link field: organisation, contact, owner.

A link field (`PickerField`) renders as a search box above a short list of radio buttons: the
current value, a few suggestions (a contact form's organisation's contacts) and, once a term
was searched, the first matches. Each option has a second line that tells homonyms apart
(email and organisation of a contact, city and SIREN of an organisation, email of a member).

- **Without JavaScript** the form posts `<name>` (the checked radio) and `<name>_search` (what
  was typed). A typed term wins over the checked radio, unless that radio is one of the term's
  matches; a term matching exactly one record picks it (within the narrowing value first, see
  `within`), several or none give an error, and the form comes back with the matches as the
  radios, every other input kept.
- **With JavaScript** (static/js/picker.js) the search box is a combobox: typing asks the
  picker's endpoint (`Picker.url_name`, HTMX, 200 ms after the last key) for a listbox of the
  first matches, chosen with the arrow keys and Enter (Escape closes it); the choice becomes the
  checked radio and the search box is emptied.

An object app describes its picker once (a `Picker` subclass: how to search, what the second
line says) and gets both the field and the endpoint (records.pages.RecordPages.picker).
Searches use the trigram indexes through records.paging.first_matches: bounded work, one query
per list of options, whatever the number of records.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from records.filters import workspace_members
from records.search import is_searchable, normalise_search_term, search_filter
from records.validation import clean_text, parse_id

RESULTS = 20  # options offered for a search
SUGGESTED = 5  # options offered in the form before anything was searched


@dataclass(frozen=True)
class PickerOption:
    pk: int
    label: str
    detail: str = ""  # the second line
    suggested: bool = False  # offered first by the form (a probable duplicate)


@dataclass(frozen=True)
class ExtraChoice:
    """A radio beside the records: an action such as "create it" or "none" (the conversion)."""

    value: str
    label: str
    detail: str = ""


class Picker:
    """What one kind of link field searches. Subclass it per object (see organisations/pickers.py).

    `within` is the value of another field that narrows the options (`depends_on`, e.g. the
    organisation chosen for a contact): records within it come first. `object_settings` (the
    workspace's, from the form or the endpoint) decides what the second line may name.
    """

    url_name: str = ""  # the endpoint that answers the combobox (a tenant URL name)
    depends_on: str = ""  # the form field whose value is `within`

    def queryset(self) -> QuerySet:
        raise NotImplementedError

    def search(self, term: str, *, within=None, limit: int = RESULTS) -> list[Model]:
        """The first `limit` records matching `term`, those `within` first."""
        raise NotImplementedError

    def suggested(self, *, within=None, limit: int = RESULTS) -> list[Model]:
        """What the combobox offers before anything is typed."""
        return []

    def form_suggestions(self, *, within=None) -> list[Model]:
        """What the form lists beside the current value before any search (none by default)."""
        return []

    def describe(self, record, object_settings) -> str:
        """The option's second line."""
        return ""

    def label(self, record) -> str:
        return str(record)

    def none_label(self, object_settings) -> str:
        return str(_("None"))

    def within_exists(self, within: int) -> bool:
        """Whether the narrowing id names a record of this workspace (the endpoint 404s else)."""
        return True

    # --- shared ---------------------------------------------------------------------------

    def option(self, record, object_settings) -> PickerOption:
        return PickerOption(record.pk, self.label(record), self.describe(record, object_settings))

    def current(self, pk: int | None) -> list[Model]:
        return list(self.queryset().filter(pk=pk)) if pk is not None else []

    def choose(self, term: str, matches: list[Model], *, within=None) -> Model | None:
        """The one record among `term`'s matches that the term names, or None (several, none):
        the only match, else the only one within the narrowing value, else the only one whose
        name is exactly the term."""
        if len(matches) == 1:
            return matches[0]
        if within is not None:
            inside = [m for m in matches if self.is_within(m, within)]
            if len(inside) == 1:
                return inside[0]
        wanted = normalise_search_term(term).casefold()
        exact = [m for m in matches if self.label(m).casefold() == wanted]
        return exact[0] if len(exact) == 1 else None

    def is_within(self, record, within) -> bool:
        return False


def split_value(value) -> tuple[int | None, str]:
    """(chosen id, typed term) from a PickerWidget value, an id or a record."""
    if isinstance(value, dict):
        return parse_id(value.get("id")), clean_text(value.get("search"), max_length=100).strip()
    if isinstance(value, Model):
        return value.pk, ""
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    return parse_id(value), ""


class PickerWidget(forms.Widget):
    """A search box and radios (see the module's docstring). `within` is set by the form."""

    template_name = "records/widgets/picker.html"

    def __init__(self, picker: Picker, attrs=None):
        super().__init__(attrs)
        self.picker = picker
        self.within = None  # the narrowing value (an id), set by the form
        self.object_settings = None  # the workspace's, set by records.forms.RecordForm
        self.choices = ()  # ModelChoiceField sets it; the options come from the picker
        # Records offered first, marked as suggested (the conversion's probable duplicates).
        self.first: list[Model] = []
        # Radios after the records instead of the "none" one: [ExtraChoice] (posted as their
        # value, e.g. "create"); a value among them is checked as is.
        self.extra_choices: list[ExtraChoice] = []
        # Whether the field depended on has extra choices, which are no `within`.
        self.skip_extra_choices = False

    def matches(self, term: str) -> list[Model]:
        """The picker's search, once per form for a term (the field and the widget both ask)."""
        key = (term, self.within)
        if getattr(self, "_matches", (None, None))[0] != key:
            self._matches = (key, self.picker.search(term, within=self.within))
        return self._matches[1]

    def depends_on_selector(self) -> str:
        """What the combobox sends as `within`: the checked radio of the field depended on
        (`skip_extra_choices`: unless it is an extra choice such as "create")."""
        name = self.picker.depends_on
        if not name:
            return ""
        return f"[name='{name}']:checked" + (
            ":not([data-picker-extra])" if self.skip_extra_choices else ""
        )

    def value_from_datadict(self, data, files, name):
        return {"id": data.get(name) or "", "search": data.get(f"{name}_search") or ""}

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_search" not in data

    def options(self, value) -> tuple[list[PickerOption], int | str | None, str, bool]:
        """(options, checked id or extra value, term kept in the search box, whether the term
        was searched)."""
        extra = self._extra_value(value)
        pk, term = split_value(value)
        picker, settings = self.picker, self.object_settings
        first = [picker.option(r, settings) for r in self.first]
        first = [PickerOption(o.pk, o.label, o.detail, suggested=True) for o in first]
        seen = {o.pk for o in first}
        if term:
            matches = self.matches(term) if is_searchable(term) else []
            options = first + [picker.option(m, settings) for m in matches if m.pk not in seen]
            if pk is not None and pk in {m.pk for m in matches} | seen:
                return options, pk, term, True
            chosen = picker.choose(term, matches, within=self.within)
            return options, chosen.pk if chosen else None, term, True
        records = [r for r in picker.current(pk) if r.pk not in seen]
        seen |= {r.pk for r in records}
        records += [r for r in picker.form_suggestions(within=self.within) if r.pk not in seen]
        options = first + [picker.option(r, settings) for r in records]
        return options, extra or pk, "", False

    def _extra_value(self, value) -> str:
        """The extra choice the value names ("create"), or ""."""
        raw = value.get("id") if isinstance(value, dict) else value
        values = {choice.value for choice in self.extra_choices}
        return raw if isinstance(raw, str) and raw in values else ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        options, checked, term, searched = self.options(value)
        widget = context["widget"]
        widget.update(
            {
                "options": options,
                "checked": checked,
                "search_name": f"{name}_search",
                "search_value": term,
                "searched": searched,
                "searchable": is_searchable(term) if term else True,
                "optional": not self.is_required and not self.extra_choices,
                "extra_choices": self.extra_choices,
                "depends_on_selector": self.depends_on_selector(),
                "none_label": self.picker.none_label(self.object_settings),
                "url": reverse(self.picker.url_name) if self.picker.url_name else "",
                "depends_on": self.picker.depends_on,
            }
        )
        return context


class PickerField(forms.ModelChoiceField):
    """A link to one record, chosen with a `Picker` (radio id, or a typed term resolved)."""

    default_error_messages = {
        "invalid_choice": _("Choose an existing record from the list."),
        "ambiguous": _("Several records match “%(name)s”: choose one in the list."),
        "unknown": _("No record matches “%(name)s”."),
        "short": _("Type at least 3 letters of a word to search."),
    }

    def __init__(self, *, picker: Picker, queryset=None, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", PickerWidget(picker))
        super().__init__(queryset=picker.queryset() if queryset is None else queryset, **kwargs)

    @property
    def picker(self) -> Picker:
        return self.widget.picker

    def set_within(self, within) -> None:
        """The value of the field this one depends on (an id, a record, or None)."""
        within = getattr(within, "pk", within)
        self.widget.within = parse_id(within)

    def to_python(self, value):
        if not isinstance(value, dict):
            return super().to_python(value)
        pk, term = split_value(value)
        if not term:
            return super().to_python(pk) if pk is not None else None
        if not is_searchable(term):
            raise forms.ValidationError(self.error_messages["short"], code="short")
        within = self.widget.within
        matches = self.widget.matches(term)
        chosen = self.picker.choose(term, matches, within=within)
        if pk is not None and pk in {m.pk for m in matches}:
            return super().to_python(pk)
        if chosen is not None:
            return super().to_python(chosen.pk)
        code = "ambiguous" if matches else "unknown"
        raise forms.ValidationError(self.error_messages[code], code=code, params={"name": term})

    def has_changed(self, initial, data):
        if isinstance(data, dict):
            pk, term = split_value(data)
            if term:
                return True
            data = pk
        return super().has_changed(initial, data)


def picker_options_view(request, picker: Picker, object_settings):
    """The combobox's listbox: the first matches of `q` (or of `<field>_search`)."""
    term = request.GET.get("q")
    if term is None:
        term = next((v for k, v in request.GET.items() if k.endswith("_search")), "")
    term = clean_text(term, max_length=100).strip()
    within = None
    if picker.depends_on:
        raw = request.GET.get(picker.depends_on, "")
        if raw:
            within = parse_id(raw)
            if within is None or not picker.within_exists(within):
                raise Http404
    if term:
        searchable = is_searchable(term)
        records = picker.search(term, within=within) if searchable else []
    else:
        searchable = True
        records = picker.suggested(within=within, limit=RESULTS)
    return render(
        request,
        "components/picker_options.html",
        {
            "options": [picker.option(r, object_settings) for r in records],
            "term": term,
            "searchable": searchable,
        },
    )


class MemberPicker(Picker):
    """The members of the workspace (an owner): searched by name or email; the second line is
    the email. `members` is the workspace's queryset (records.filters.workspace_members)."""

    url_name = "member_picker"

    def __init__(self, members: QuerySet, *, none_label=None):
        self.members = members
        self._none_label = none_label  # what no member means here (a task's « Me »)

    def queryset(self):
        return self.members

    def search(self, term, *, within=None, limit=RESULTS):
        if not is_searchable(term):
            return []
        return list(self.members.filter(search_filter(["full_name", "email"], term))[:limit])

    def suggested(self, *, within=None, limit=RESULTS):
        return list(self.members[:limit])

    def form_suggestions(self, *, within=None):
        return list(self.members[:SUGGESTED])

    def describe(self, person, object_settings):
        return person.email if person.full_name else ""

    def none_label(self, object_settings):
        return str(self._none_label or _("Nobody"))


class MemberIdField(PickerField):
    """A member chosen with the member picker, cleaned to their id as text (a custom field of
    type "member" stores the id)."""

    def __init__(self, *, members: QuerySet, **kwargs):
        super().__init__(picker=MemberPicker(members), queryset=members, **kwargs)

    def to_python(self, value):
        member = super().to_python(value)
        return str(member.pk) if member is not None else ""


def member_picker_view(request):
    """The owner picker's options: the members of this workspace matching the term."""
    picker = MemberPicker(workspace_members(request.tenant))
    return picker_options_view(request, picker, None)
