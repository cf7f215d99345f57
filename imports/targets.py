"""What a column can be imported into, for each object, and how a cell becomes a value.

The importable fields come from each object's declaration (`registry.object_fields[key]`,
records.fields): its form fields, which the services write. Three kinds are read specially:
`owner` (a member's email), `labels` (names separated by commas or semicolons; unknown ones
are created) and a link to an organisation (its name, and `organisation.siren` for its SIREN
number: found, else created). Matching an existing record follows the conversion's rules:
same email ignoring case for contacts and prospects; same SIREN, then same normalised name
(case, accents and legal forms ignored) for organisations.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from contacts.models import Contact
from opportunities.models import Stage, Workflow
from organisations.models import Organisation
from organisations.normalise import normalise_organisation_name as _normalise_name
from records import custom_fields as custom_types
from records.selectors import custom_fields_for
from workspaces.models import Membership
from workspaces.registry import registry

IMPORTABLE_OBJECTS = ("organisation", "contact", "prospect", "opportunity")
LABEL_SEPARATORS = re.compile(r"[;,]")
SIREN_SUFFIX = ".siren"
CUSTOM_PREFIX = "custom."  # a custom field's target: "custom.<its key>"
CHECK_CACHE = 50_000  # values whose checks are remembered, per field


@lru_cache(maxsize=200_000)
def normalise_organisation_name(name: str) -> str:
    """organisations.normalise's key of a name, remembered: an import meets the same
    organisation names on many rows."""
    return _normalise_name(name)


def normalise_header(text: str) -> str:
    """« Adresse de messagerie » -> "adresse de messagerie"; "E-mail 1" -> "e mail 1"."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


@dataclass(frozen=True)
class Target:
    name: str  # a model field, or "<link>.siren"
    label: str


@dataclass
class RowData:
    """One row read for one object: model values, label names, the linked organisation."""

    line: int
    values: list[str]
    data: dict[str, Any] = field(default_factory=dict)
    labels: list[str] = field(default_factory=list)
    custom: dict[str, Any] = field(default_factory=dict)  # custom field key -> stored value
    link_name: str = ""
    link_siren: str = ""
    # An opportunity's contact as named by the row: its text and the contacts it may be,
    # as (id, organisation id); chosen once the organisation is known.
    contact_text: str = ""
    contacts: list[tuple[int, int | None]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)

    def match_keys(self, key: str) -> list[tuple[str, str]]:
        if key == "opportunity":
            return match_keys(key, {"title": self.data.get("title"), "name": self.link_name})
        return match_keys(key, self.data)


def key_of(record) -> str:
    """The object key of a record."""
    for key, fields in registry.object_fields.items():
        if fields.model is type(record):
            return key
    raise ValueError(record)


def declaration(key: str):
    return registry.object_fields[key]


def link_field(key: str):
    """The declared field linking `key` to organisations, if it has one."""
    for f in declaration(key):
        if f.form and f.link == "organisation":
            return f
    return None


def targets(key: str, object_settings) -> list[Target]:
    """The fields a column may be mapped to, labelled with the workspace's names."""
    fields = declaration(key)
    result = []
    for f in fields.shown(object_settings):
        if not f.form:
            continue
        result.append(Target(f.name, fields.label(f, object_settings)))
        if f.link == "organisation":
            result.append(
                Target(
                    f.name + SIREN_SUFFIX,
                    _("%(field)s (SIREN)") % {"field": fields.label(f, object_settings)},
                )
            )
    for custom in custom_fields_for(key, include_hidden=False):
        result.append(Target(CUSTOM_PREFIX + custom.key, custom.label))
    return result


def required_targets(key: str) -> list[Target]:
    """The targets a column must go to: the object's required custom fields (shown ones;
    hidden ones cannot be mapped, and their forms do not ask for them either)."""
    return [
        Target(CUSTOM_PREFIX + custom.key, custom.label)
        for custom in custom_fields_for(key, include_hidden=False)
        if custom.required
    ]


def required_unmapped(key: str, mapping: list[str]) -> list[Target]:
    """The required targets that no column of this mapping goes to."""
    return [target for target in required_targets(key) if target.name not in mapping]


def match_keys(key: str, data: dict) -> list[tuple[str, str]]:
    """The keys that find this row's record among existing ones, most reliable first."""
    if key == "organisation":
        keys = []
        if data.get("siren"):
            keys.append(("siren", data["siren"]))
        name_key = normalise_organisation_name(data.get("name", ""))
        if name_key:
            keys.append(("name", name_key))
        return keys
    if key == "opportunity":
        # Same title (ignoring case) with the same organisation (by its normalised name).
        title = (data.get("title") or "").strip().lower()
        if not title:
            return []
        return [("title", f"{title}\x1f{normalise_organisation_name(data.get('name', ''))}")]
    email = (data.get("email") or "").strip().lower()
    return [("email", email)] if email else []


def existing_matches(key: str, keys: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """{match key: id of the first existing record with it}, in a few indexed queries."""
    model = declaration(key).model
    found: dict[tuple[str, str], int] = {}
    by_kind: dict[str, list[str]] = {}
    for kind, value in keys:
        by_kind.setdefault(kind, []).append(value)
    for kind, values in by_kind.items():
        for start in range(0, len(values), 20_000):
            # One array parameter (`= ANY(%s)`) rather than thousands of IN parameters.
            chunk = values[start : start + 20_000]
            if kind == "title":
                titles = list({value.split("\x1f")[0] for value in chunk})
                rows = model.objects.extra(where=["lower(title) = ANY(%s)"], params=[titles])
                pairs = rows.order_by("-pk").values_list("title", "organisation__name_key", "pk")
                for title, name_key, pk in pairs:
                    found[(kind, f"{title.strip().lower()}\x1f{name_key or ''}")] = pk
                continue
            if kind == "email":
                # `email <> ''` lets PostgreSQL use the partial index on lower(email).
                rows = model.objects.exclude(email="").extra(
                    where=["lower(email) = ANY(%s)"], params=[chunk]
                )
                column = "email"
            else:
                column = "siren" if kind == "siren" else "name_key"
                rows = model.objects.extra(where=[f"{column} = ANY(%s)"], params=[chunk])
            for value, pk in rows.order_by("-pk").values_list(column, "pk"):
                found[(kind, value.lower() if kind == "email" else value)] = pk  # oldest wins
    return found


class RowReader:
    """Turns the cells of a row into values for one object, with the row's errors."""

    def __init__(self, key: str, mapping: list[str]):
        self.key = key
        self.fields = declaration(key)
        self.model = self.fields.model
        self.columns = {name: i for i, name in reversed(list(enumerate(mapping))) if name}
        link = link_field(key)
        self.link_name = link.name if link else ""
        self._members: dict[str, int] | None = None
        self._choices: dict[str, dict[str, str]] = {}
        self._checks: dict | None = None
        mapped = {name[len(CUSTOM_PREFIX) :] for name in self.columns if _is_custom(name)}
        self.custom_fields = {
            f.key: f for f in (custom_fields_for(key) if mapped else []) if f.key in mapped
        }

    def read(self, line: int, values: list[str]) -> RowData:
        row = RowData(line, values)
        for name, index in self.columns.items():
            text = values[index] if index < len(values) else ""
            if name == "labels":
                row.labels = [n.strip()[:50] for n in LABEL_SEPARATORS.split(text) if n.strip()]
            elif self.link_name and name == self.link_name:
                row.link_name = text
            elif self.link_name and name == self.link_name + SIREN_SUFFIX:
                row.link_siren = text.replace(" ", "")
            elif name == "owner":
                if text:
                    owner = self.members().get(text.lower())
                    if owner is None:
                        row.errors.append(
                            _("No member of this workspace is %(email)s.") % {"email": text}
                        )
                    else:
                        row.data["owner_id"] = owner
            elif _is_custom(name):
                self.read_custom(name[len(CUSTOM_PREFIX) :], text, row)
            elif name in ("workflow", "stage"):
                continue  # read together below
            elif name == "contact":
                row.contact_text = text.strip()
            elif text:
                value = self.convert(name, text, row)
                if value is not None:
                    row.data[name] = value
        if self.key == "organisation" and "siren" in row.data:
            row.data["siren"] = row.data["siren"].replace(" ", "")
        if self.key == "opportunity":
            self.read_stage(row)
            if row.contact_text:
                row.contacts = self.contacts_named(row.contact_text)
                if not row.contacts:
                    row.errors.append(
                        _("No contact is named %(contact)s (its name or email).")
                        % {"contact": row.contact_text}
                    )
        return row

    def cell(self, row: RowData, name: str) -> str:
        index = self.columns.get(name)
        return row.values[index].strip() if index is not None and index < len(row.values) else ""

    def read_stage(self, row: RowData) -> None:
        """An opportunity's workflow and stage by name (the default workflow without one;
        its first stage without a stage)."""
        workflows = self.workflows()
        workflow_name, stage_name = self.cell(row, "workflow"), self.cell(row, "stage")
        if workflow_name:
            workflow = workflows["by_name"].get(normalise_header(workflow_name))
            if workflow is None:
                row.errors.append(
                    _("Unknown workflow “%(workflow)s”; the workflows are: %(names)s.")
                    % {"workflow": workflow_name, "names": ", ".join(workflows["names"])}
                )
                return
        else:
            workflow = workflows["default"]
            if workflow is None:
                row.errors.append(_("This workspace has no workflow."))
                return
        stages = workflows["stages"].get(workflow.pk, [])
        if stage_name:
            stage = next(
                (s for s in stages if normalise_header(s.name) == normalise_header(stage_name)),
                None,
            )
            if stage is None:
                row.errors.append(
                    _(
                        "Unknown stage “%(stage)s” in the workflow “%(workflow)s”, whose stages "
                        "are: %(names)s."
                    )
                    % {
                        "stage": stage_name,
                        "workflow": workflow.name,
                        "names": ", ".join(s.name for s in stages),
                    }
                )
                return
        elif stages:
            stage = stages[0]
        else:
            row.errors.append(_("This workflow has no stage."))
            return
        row.data["workflow_id"], row.data["stage_id"] = workflow.pk, stage.pk

    def apply_closing(self, instance, previous_stage_id: int | None) -> None:
        """closed_on set on entering a won or lost stage, empty in an open one (as the
        opportunities' services do); the lost reason only in a lost stage."""
        stage = self.workflows()["stage_by_id"].get(instance.stage_id)
        if stage is None:
            return
        if not stage.is_closed:
            instance.closed_on = None
        elif previous_stage_id != stage.pk or instance.closed_on is None:
            instance.closed_on = timezone.localdate()
        if not stage.is_lost:
            instance.lost_reason = ""

    def workflows(self) -> dict:
        if not hasattr(self, "_workflows"):
            workflows = list(Workflow.objects.order_by("position", "pk"))
            stages: dict[int, list[Stage]] = {}
            for stage in Stage.objects.order_by("workflow_id", "position", "pk"):
                stages.setdefault(stage.workflow_id, []).append(stage)
            by_name: dict[str, Workflow] = {}
            for workflow in workflows:
                by_name.setdefault(normalise_header(workflow.name), workflow)
            default = next(
                (w for w in workflows if w.is_default), workflows[0] if workflows else None
            )
            self._workflows = {
                "by_name": by_name,
                "names": [w.name for w in workflows],
                "default": default,
                "stages": stages,
                "stage_names": {s.pk: s.name for ss in stages.values() for s in ss},
                "stage_by_id": {s.pk: s for ss in stages.values() for s in ss},
                "workflow_names": {w.pk: w.name for w in workflows},
            }
        return self._workflows

    def contacts_named(self, text: str) -> list[tuple[int, int | None]]:
        """The contacts a cell names: by email (ignoring case), else by first and last name
        as our export writes them (ignoring case and accents)."""
        if not hasattr(self, "_contacts"):
            self._contacts: dict[str, list[tuple[int, int | None]]] = {}
        key = normalise_header(text) if "@" not in text else text.lower()
        if key not in self._contacts:
            if "@" in text:
                found = Contact.objects.exclude(email="").extra(
                    where=["lower(email) = %s"], params=[key]
                )
            else:
                found = Contact.objects.extra(
                    where=[
                        "public.immutable_unaccent(lower(trim(first_name || ' ' || last_name)))"
                        " = public.immutable_unaccent(lower(%s))"
                    ],
                    params=[" ".join(text.split())],
                )
            self._contacts[key] = list(
                found.order_by("pk").values_list("pk", "organisation_id")[:50]
            )
        return self._contacts[key]

    def choose_contact(self, row: RowData, instance) -> None:
        """The row's contact, which must belong to its organisation when both are given
        (as `opportunities.services.check_links` requires); without an organisation, the
        contact's own."""
        if not row.contacts:
            return
        organisation_id = getattr(instance, "organisation_id", None)
        if organisation_id is not None:
            chosen = next((c for c in row.contacts if c[1] == organisation_id), None)
            if chosen is None:
                row.errors.append(
                    _("%(contact)s does not belong to %(organisation)s.")
                    % {"contact": row.contact_text, "organisation": row.link_name or row.link_siren}
                )
                return
        elif len(row.contacts) > 1:
            row.errors.append(
                _("Several contacts are named %(contact)s: give their email instead.")
                % {"contact": row.contact_text}
            )
            return
        else:
            chosen = row.contacts[0]
            instance.organisation_id = chosen[1]
        instance.contact_id = chosen[0]

    def read_custom(self, key: str, text: str, row: RowData) -> None:
        """A custom field's value, parsed and checked as its form does (errors name it)."""
        custom = self.custom_fields.get(key)
        if custom is None:  # deleted since the mapping was chosen
            return
        if custom.field_type == custom_types.FieldType.MEMBER and text.strip():
            member = self.members().get(text.strip().lower())
            if member is None and not text.strip().isdigit():
                row.errors.append(
                    _("%(field)s: no member of this workspace is %(email)s.")
                    % {"field": custom.label, "email": text}
                )
                return
            text = str(member or text.strip())
        try:
            value = custom_types.parse(custom, text)
        except ValidationError as error:
            row.errors.extend(error.messages)
            return
        if value is not None:
            row.custom[key] = value
        elif custom.required:
            row.errors.append(
                _("%(field)s: this field is required; the cell is empty.") % {"field": custom.label}
            )

    def keys_of(self, values: list[str]) -> list[tuple[str, str]]:
        """The match keys of a row, reading only the columns they come from."""
        data = {}
        for name in ("email", "siren", "name", "title"):
            index = self.columns.get(name)
            if index is not None and index < len(values):
                data[name] = values[index].replace(" ", "") if name == "siren" else values[index]
        if self.key == "opportunity" and self.link_name in self.columns:
            index = self.columns[self.link_name]
            data["name"] = values[index] if index < len(values) else ""
        return match_keys(self.key, data)

    def shown(self, row: RowData) -> list[str]:
        """The row's values as they would be saved, one per mapped column."""
        shown = []
        for name, index in sorted(self.columns.items(), key=lambda item: item[1]):
            if name == "labels":
                shown.append(", ".join(row.labels))
            elif self.link_name and name == self.link_name:
                shown.append(row.link_name)
            elif self.link_name and name == self.link_name + SIREN_SUFFIX:
                shown.append(row.link_siren)
            elif name == "owner":
                shown.append(row.values[index] if "owner_id" in row.data else "")
            elif name in ("workflow", "stage"):
                names = self.workflows()[f"{name}_names"]
                shown.append(names.get(row.data.get(f"{name}_id"), ""))
            elif name == "contact":
                shown.append(row.contact_text if row.contacts else "")
            elif _is_custom(name):
                custom = self.custom_fields.get(name[len(CUSTOM_PREFIX) :])
                value = row.custom.get(custom.key) if custom else None
                members = {pk: row.values[index] for pk in [value]} if value else {}
                shown.append(custom_types.as_text(custom, value, members) if custom else "")
            else:
                value = row.data.get(name)
                choices = dict(self.model._meta.get_field(name).flatchoices)
                shown.append(str(choices.get(value, value)) if value is not None else "")
        return shown

    def convert(self, name: str, text: str, row: RowData):
        model_field = self.model._meta.get_field(name)
        if model_field.choices:
            choices = self.choices(name)
            value = choices.get(normalise_header(text))
            if value is None:
                row.errors.append(
                    _("%(field)s: unknown value “%(value)s”.")
                    % {"field": self.verbose_name(name), "value": text}
                )
            return value
        kind = model_field.get_internal_type()
        if kind == "EmailField":
            return text.strip()
        if kind == "DecimalField":
            value = parse_amount(text)
            if value is None:
                row.errors.append(
                    _("%(field)s: “%(value)s” is not a number.")
                    % {"field": self.verbose_name(name), "value": text}
                )
            return value
        if kind == "DateField":
            value = parse_date(text)
            if value is None:
                row.errors.append(
                    _("%(field)s: “%(value)s” is not a date (dd/mm/yyyy or yyyy-mm-dd).")
                    % {"field": self.verbose_name(name), "value": text}
                )
            return value
        return text

    def choices(self, name: str) -> dict[str, str]:
        """A choice's value, or its label in French or English, normalised -> value."""
        if name not in self._choices:
            options: dict[str, str] = {}
            for value, label in self.model._meta.get_field(name).flatchoices:
                options[normalise_header(value)] = value
                for language in ("fr", "en"):
                    with translation.override(language):
                        options[normalise_header(str(label))] = value
            self._choices[name] = options
        return self._choices[name]

    def members(self) -> dict[str, int]:
        """Members by email, and by the name our export writes for an owner."""
        if self._members is None:
            self._members = {}
            memberships = Membership.objects.filter(
                workspace__schema_name=connection.schema_name
            ).select_related("user")
            for membership in memberships:
                user = membership.user
                self._members.setdefault(str(user).lower(), user.pk)
                self._members[user.email.lower()] = user.pk
        return self._members

    def verbose_name(self, name: str) -> str:
        # capfirst, not capitalize: « SIREN » stays « SIREN », not « Siren ».
        return capfirst(self.model._meta.get_field(name).verbose_name)

    def errors_of(self, error: ValidationError) -> list[str]:
        messages = []
        for name, errors in error.message_dict.items():
            for message in errors:
                if name in ("__all__", None) or name not in self.columns:
                    messages.append(message)
                else:
                    messages.append(f"{self.verbose_name(name)}: {message}")
        return messages

    def instance(self, row: RowData):
        return self.model(**row.data, custom=dict(row.custom))

    def excluded(self) -> list[str]:
        """Fields the reader resolves itself (links found by name), not checked as values."""
        exclude = [self.link_name] if self.link_name else []
        if self.key == "opportunity":
            exclude += ["workflow", "stage", "contact", "position"]
        return exclude

    def check(self, row: RowData, *, unset: bool = True) -> None:
        """Add the field errors of the row's values, as full_clean() would find them, at a
        fraction of its cost: each model field checks a given value once per import (values
        repeat: cities, names, stages), fields that no cell sets were checked once with their
        default, and links were resolved by the reader. The database's constraints stay the
        last word (see ChunkWriter._create)."""
        if self._checks is None:
            self._prepare_checks()
        errors: dict[str, list[str]] = {}
        for attname, model_field in self._checks.items():
            if attname in row.data:
                value = row.data[attname]
                cache = self._checked.setdefault(attname, {})
                messages = cache.get(value)
                if messages is None:
                    if len(cache) > CHECK_CACHE:
                        cache.clear()
                    try:
                        model_field.clean(value, None)
                        messages = cache[value] = ()
                    except ValidationError as error:
                        messages = cache[value] = tuple(error.messages)
            elif unset:  # a new record: the field keeps its default
                messages = self._default_errors.get(attname, ())
            else:
                continue
            if messages:
                errors[model_field.name] = list(messages)
        if errors:
            row.errors.extend(self.errors_of(ValidationError(errors)))

    def _prepare_checks(self) -> None:
        exclude = set(self.excluded())
        self._checks = {
            f.attname: f
            for f in self.model._meta.concrete_fields
            if not (f.primary_key or f.is_relation or f.name in exclude or f.name == "custom")
            and f.editable
        }
        self._checked: dict[str, dict] = {}
        blank = self.model()
        self._default_errors = {}
        for attname, model_field in self._checks.items():
            try:
                model_field.clean(getattr(blank, attname), blank)
            except ValidationError as error:
                self._default_errors[attname] = tuple(error.messages)

    def validate(self, row: RowData, instance, *, constraints: bool = False) -> None:
        """Add the field errors (and, for a preview, the database rules) to the row."""
        exclude = self.excluded()
        try:
            with custom_values_set_aside(instance):
                instance.full_clean(
                    exclude=exclude, validate_unique=False, validate_constraints=constraints
                )
        except ValidationError as error:
            row.errors.extend(self.errors_of(error))


AMOUNT_SPACES = re.compile(r"[\s\u00a0\u202f'€]|EUR", re.IGNORECASE)
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y")


def parse_amount(text: str) -> Decimal | None:
    """« 1 234,50 € », "1,234.50", "1234.5" -> Decimal("1234.50"); None if not a number.

    With both a comma and a point, the last one is the decimal mark; with only commas, a
    comma is the decimal mark (French) unless several of them group thousands.
    """
    text = AMOUNT_SPACES.sub("", text)
    if "," in text and "." in text:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        text = text.replace(thousands, "").replace(decimal_mark, ".")
    elif text.count(",") > 1:
        text = text.replace(",", "")
    else:
        text = text.replace(",", ".")
    if text.count(".") > 1:  # 1.234.567 (points grouping thousands)
        text = text.replace(".", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite() or abs(value) >= Decimal("1e12"):
        return None
    return value.quantize(Decimal("0.01"))


def parse_date(text: str) -> datetime.date | None:
    """dd/mm/yyyy, yyyy-mm-dd (and an Excel date cell, read as ISO text) -> a date."""
    text = text.strip()
    if "T" in text or " " in text:  # a date-time: its date
        text = text.replace("T", " ").split(" ")[0]
    for pattern in DATE_FORMATS:
        try:
            day = datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        return day if 1900 <= day.year <= 9999 else None
    return None


@contextmanager
def custom_values_set_aside(record):
    """full_clean() without re-reading the custom fields (one query per row): the import has
    already parsed the row's values with the same code (`records.custom_fields.parse`)."""
    custom = record.custom
    record.custom = {}
    try:
        yield
    finally:
        record.custom = custom


def _is_custom(name: str) -> bool:
    return name.startswith(CUSTOM_PREFIX)


def organisation_lookup(*, name: str, siren: str) -> Organisation | None:
    """The organisation a contact's row names: same SIREN, else same normalised name."""
    if siren:
        found = Organisation.objects.filter(siren=siren).first()
        if found:
            return found
    key = normalise_organisation_name(name) if name else ""
    if key:
        return Organisation.objects.filter(name_key=key).order_by("pk").first()
    return None
