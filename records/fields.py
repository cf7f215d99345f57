"""Each object's fields, declared once: its form, its services, its optional fields, its record
page and its export all read the same declaration.

    CONTACT_FIELDS = ObjectFields("contact", Contact, [
        RecordField("first_name"),
        RecordField("email", detail=mailto),
        RecordField("organisation", optional=True, link="organisation", detail=record_link),
        RecordField("labels", optional=True, detail=False, export=LABEL_NAMES),
        RecordField("created", form=False, detail=False),
    ])

- `form`: the field is in the create/edit form and written by the services (labels, a
  many-to-many, are in the form and set apart by the services);
- `optional`: a workspace may hide it (Settings › Fields); required fields always show;
- `link`: the object it points at, whose name labels it and without which it disappears;
- `phrase`: a label that agrees with the object's gender (« Créé le » for a « Projet », « Créée
  le » for an « Entreprise »), a kind of workspaces.object_settings PHRASES;
- `detail`: how the record page shows it (escaped HTML), from the record; `None` means the plain
  value, `False` leaves it out;
- `choice_labels`: for a choice whose labels agree with the object (a prospect « Qualifié » or
  « Qualifiée »), a function of the object (workspaces.object_settings CrmObject) giving
  {value: label}; the export and the history lines use it as the screens do;
- `export`: what the export reads from the database (`records.export`: a field path such as
  `"organisation__name"` or an `ExportValue`); `None` means the field itself, `False` leaves it
  out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db.models import Model
from django.utils.html import format_html
from django.utils.text import capfirst

from records.export import ExportColumn, ExportValue


@dataclass(frozen=True)
class DetailField:
    label: str
    value: str  # escaped HTML
    name: str = ""  # the form field's name (custom fields: custom_<key>)
    edit_url: str = ""  # set when the person may change it in place (records.inline_edit)


@dataclass(frozen=True)
class RecordField:
    name: str
    label: Any = None  # default: the model field's verbose name
    phrase: str = ""  # a label that agrees with the object (« Créée le »): CrmObject.phrase kind
    optional: bool = False
    form: bool = True
    link: str = ""
    detail: Callable[[Any], Any] | None | bool = None
    export: str | ExportValue | None | bool = None
    choice_labels: Callable[[Any], dict] | None = None


class ObjectFields:
    """The declared fields of one object, and what each part of Carnet takes from them."""

    def __init__(self, key: str, model: type[Model], fields: list[RecordField]):
        self.key = key
        self.model = model
        self.fields = fields

    def __iter__(self):
        return iter(self.fields)

    @property
    def form_names(self) -> list[str]:
        """The create/edit form's fields, in order."""
        return [f.name for f in self.fields if f.form]

    @property
    def writable_names(self) -> frozenset[str]:
        """What the services write from a form's data (many-to-many links apart)."""
        return frozenset(
            f.name
            for f in self.fields
            if f.form and not self.model._meta.get_field(f.name).many_to_many
        ) | {"custom"}  # custom field values (RecordForm puts them in cleaned_data["custom"])

    @property
    def optional_names(self) -> list[str]:
        """Fields a workspace may hide."""
        return [f.name for f in self.fields if f.optional]

    def label(self, field: RecordField, object_settings) -> str:
        if field.link:
            return object_settings[field.link].singular
        if field.phrase:
            return object_settings[self.key].phrase(field.phrase)
        if field.label is not None:
            return str(field.label)
        return capfirst(self.model._meta.get_field(field.name).verbose_name)

    def choice_labels(self, name: str, object_settings) -> dict | None:
        """{value: label} of field `name` agreeing with the object, or None if it has none."""
        field = next((f for f in self.fields if f.name == name), None)
        if field is None or field.choice_labels is None:
            return None
        return {k: str(v) for k, v in field.choice_labels(object_settings[self.key]).items()}

    def shown(self, object_settings) -> list[RecordField]:
        """The fields this workspace shows: not hidden, and not linking to a disabled object."""
        crm_object = object_settings[self.key]
        return [
            f
            for f in self.fields
            if (not f.optional or crm_object.shows(f.name))
            and (not f.link or object_settings.is_enabled(f.link))
        ]

    def detail_fields(self, record, object_settings) -> list[DetailField]:
        """The record page's fields, as escaped HTML."""
        result = []
        for f in self.shown(object_settings):
            if f.detail is False:
                continue
            value = f.detail(record) if callable(f.detail) else getattr(record, f.name)
            if value is None:
                value = ""
            result.append(
                DetailField(self.label(f, object_settings), format_html("{}", value), f.name)
            )
        return result

    def export_columns(self, object_settings) -> list[ExportColumn]:
        """The export's columns, headed with the workspace's names."""
        columns = []
        for f in self.shown(object_settings):
            if f.export is False:
                continue
            # The plain value: each export format writes dates and numbers its own way.
            value = (
                f.export if isinstance(f.export, ExportValue) else ExportValue(f.export or f.name)
            )
            header = self.label(f, object_settings)
            convert = value.convert
            if f.choice_labels is not None:
                labels = self.choice_labels(f.name, object_settings)
                convert = partial(_labelled, labels)
            columns.append(ExportColumn(header, value.select, convert))
        return columns


def _labelled(labels: dict, value):
    return labels.get(value, value)
