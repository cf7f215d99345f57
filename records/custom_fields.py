"""What each type of custom field does: its form field, how its value is stored in
`RecordModel.custom` (JSON), parsed from text (imports, type changes), shown, exported, sorted
and filtered.

    definitions = custom_fields_for("contact")   # records.selectors: live fields, in order
    for field in definitions:
        field.parse("12/01/2026")   # -> "2026-01-12" (the stored value) or ValidationError
        field.label, field.form_name, field.field_type

Stored values, by type: text types a string; integer an int; decimal and money a string of
the exact decimal ("1234.50"); date "YYYY-MM-DD" (sorts as text); yes/no true/false; choice
an option id; multiple choice a list of option ids; member a person's id.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models
from django.db.models import DecimalField, Func, Q, TextField
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.lookups import Exact, GreaterThanOrEqual, LessThanOrEqual
from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from records.html import mailto, multiline, tel, website

if TYPE_CHECKING:
    from records.models import CustomField


class FieldType(models.TextChoices):
    TEXT = "text", gettext_lazy("Short text")
    LONG_TEXT = "long_text", gettext_lazy("Long text")
    INTEGER = "integer", gettext_lazy("Whole number")
    DECIMAL = "decimal", gettext_lazy("Decimal number")
    MONEY = "money", gettext_lazy("Amount (€)")
    DATE = "date", gettext_lazy("Date")
    BOOLEAN = "boolean", gettext_lazy("Yes / no")
    CHOICE = "choice", gettext_lazy("Choice")
    MULTIPLE_CHOICE = "multiple_choice", gettext_lazy("Multiple choice")
    URL = "url", gettext_lazy("Web address")
    EMAIL = "email", gettext_lazy("Email")
    PHONE = "phone", gettext_lazy("Phone")
    MEMBER = "member", gettext_lazy("Member")


WARN_ABOVE = 50  # admins are warned above this many fields on one object
MAX_TEXT = 255
MAX_LONG_TEXT = 10_000
MAX_INTEGER = 2**53 - 1  # exact in JSON readers and in JavaScript
TEXT_TYPES = {FieldType.TEXT, FieldType.LONG_TEXT, FieldType.URL, FieldType.EMAIL, FieldType.PHONE}
NUMBER_TYPES = {FieldType.INTEGER, FieldType.DECIMAL, FieldType.MONEY}
CHOICE_TYPES = {FieldType.CHOICE, FieldType.MULTIPLE_CHOICE}
COLOURS = ["grey", "blue", "green", "yellow", "orange", "red", "purple", "pink"]
PHONE = re.compile(r"[0-9+() .\-]{3,30}")
TRUE_WORDS = {"1", "true", "yes", "y", "oui", "o", "vrai", "x"}
FALSE_WORDS = {"0", "false", "no", "n", "non", "faux"}
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y"]


# --- Values -------------------------------------------------------------------------------------


def option_ids(field: CustomField) -> dict[str, dict]:
    return {str(option.get("id")): option for option in field.options or []}


def _invalid(field: CustomField, message: str) -> ValidationError:
    return ValidationError(
        _("%(field)s: %(problem)s") % {"field": field.label, "problem": message}, code="invalid"
    )


def parse(field: CustomField, value) -> object:
    """The stored (JSON) value for `value`, a Python value or a text; None when empty.

    Raises ValidationError naming the field when the value does not fit its type.
    """
    if isinstance(value, str):
        value = value.replace("\x00", "").strip()
    if value in (None, "", [], ()):
        return None
    kind = field.field_type
    if kind in (FieldType.TEXT, FieldType.LONG_TEXT, FieldType.PHONE, FieldType.URL):
        text = str(value)
        limit = MAX_LONG_TEXT if kind == FieldType.LONG_TEXT else MAX_TEXT
        if len(text) > limit:
            raise _invalid(field, _("at most %(limit)s characters.") % {"limit": limit})
        if kind == FieldType.PHONE and not PHONE.fullmatch(text):
            raise _invalid(field, _("enter a phone number."))
        if kind == FieldType.URL:
            try:
                URLValidator()(text)
            except ValidationError:
                raise _invalid(field, _("enter a web address (https://…).")) from None
        return text
    if kind == FieldType.EMAIL:
        text = str(value)
        try:
            EmailValidator()(text)
        except ValidationError:
            raise _invalid(field, _("enter an email address.")) from None
        return text[:MAX_TEXT]
    if kind == FieldType.INTEGER:
        if isinstance(value, bool):
            raise _invalid(field, _("enter a whole number."))
        try:
            number = Decimal(str(value).replace(" ", "").replace("\u202f", ""))
        except InvalidOperation:
            raise _invalid(field, _("enter a whole number.")) from None
        if not number.is_finite() or number != number.to_integral_value():
            raise _invalid(field, _("enter a whole number."))
        if abs(number) > MAX_INTEGER:
            raise _invalid(field, _("this number is too large."))
        return int(number)
    if kind in (FieldType.DECIMAL, FieldType.MONEY):
        if isinstance(value, bool):
            raise _invalid(field, _("enter a number."))
        text = str(value).replace(" ", "").replace("\u202f", "").replace("€", "")
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise _invalid(field, _("enter a number.")) from None
        if not number.is_finite() or abs(number) >= Decimal("1e15"):
            raise _invalid(field, _("enter a number."))
        places = Decimal("0.01") if kind == FieldType.MONEY else Decimal("0.000001")
        number = number.quantize(places)
        return str(number.normalize() if kind == FieldType.DECIMAL else number)
    if kind == FieldType.DATE:
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            day = value
        else:
            day = None
            for pattern in DATE_FORMATS:
                try:
                    day = datetime.datetime.strptime(str(value), pattern).date()
                    break
                except ValueError:
                    continue
            if day is None:
                raise _invalid(field, _("enter a date (YYYY-MM-DD or DD/MM/YYYY)."))
        if not 1000 <= day.year <= 9999:
            raise _invalid(field, _("enter a date (YYYY-MM-DD or DD/MM/YYYY)."))
        return day.isoformat()
    if kind == FieldType.BOOLEAN:
        if isinstance(value, bool):
            return value
        word = str(value).lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise _invalid(field, _("answer yes or no."))
    if kind == FieldType.CHOICE:
        return _option_id(field, value)
    if kind == FieldType.MULTIPLE_CHOICE:
        values = value if isinstance(value, list | tuple) else str(value).split(",")
        ids = [_option_id(field, item) for item in values if str(item).strip()]
        return list(dict.fromkeys(ids)) or None
    if kind == FieldType.MEMBER:
        text = str(value)
        if not re.fullmatch(r"[0-9]{1,18}", text):
            raise _invalid(field, _("choose a member of the workspace."))
        return int(text)
    raise _invalid(field, _("unknown type."))


def _option_id(field: CustomField, value) -> str:
    """An option's id from its id or its label (in either language, any case)."""
    text = str(value).strip()
    options = option_ids(field)
    if text in options:
        return text
    for option_id, option in options.items():
        if text.casefold() in {
            str(option.get("label", "")).casefold(),
            str(option.get("label_en", "")).casefold(),
        }:
            return option_id
    raise _invalid(field, _("“%(value)s” is not one of the options.") % {"value": text[:80]})


def as_text(field: CustomField, value, members: dict | None = None) -> str:
    """The value as plain text (exports, history, type changes)."""
    if value is None or value == "" or value == []:
        return ""
    kind = field.field_type
    if kind == FieldType.BOOLEAN:
        return _("yes") if value else _("no")
    if kind == FieldType.CHOICE:
        return str(option_ids(field).get(str(value), {}).get("label", value))
    if kind == FieldType.MULTIPLE_CHOICE and isinstance(value, list):
        options = option_ids(field)
        return ", ".join(str(options.get(str(v), {}).get("label", v)) for v in value)
    if kind == FieldType.MEMBER:
        return str((members or {}).get(value, value))
    return str(value)


def as_display(field: CustomField, value, members: dict | None = None) -> str:
    """The value as plain text for a reader (the history of changes): dates and numbers in
    the reader's format, amounts with €, yes/no, options' and members' names; "" when empty."""
    if value is None or value == "" or value == []:
        return ""
    kind = field.field_type
    try:
        if kind == FieldType.DATE:
            return date_format(datetime.date.fromisoformat(str(value)), "SHORT_DATE_FORMAT")
        if kind in (FieldType.DECIMAL, FieldType.MONEY):
            places = 2 if kind == FieldType.MONEY else None
            text = number_format(Decimal(str(value)), places, use_l10n=True, force_grouping=True)
            return f"{text}\u00a0€" if kind == FieldType.MONEY else text
        if kind == FieldType.INTEGER:
            return number_format(int(value), use_l10n=True, force_grouping=True)
    except (ValueError, InvalidOperation, TypeError):
        return str(value)
    return as_text(field, value, members)


def as_export(field: CustomField, value, members: dict | None = None):
    """The value for an export cell: a date, a whole number or a decimal for those types (so
    that each format writes it its way: ISO, French, typed XLSX cells), else `as_text`."""
    if value is None or value == "" or value == []:
        return None
    try:
        if field.field_type == FieldType.DATE:
            return datetime.date.fromisoformat(str(value))
        if field.field_type == FieldType.INTEGER and not isinstance(value, bool):
            return int(value)
        if field.field_type in (FieldType.DECIMAL, FieldType.MONEY):
            return Decimal(str(value))
    except (ValueError, InvalidOperation, TypeError):
        pass
    return as_text(field, value, members)


def as_html(field: CustomField, value, members: dict | None = None) -> str:
    """The value as escaped HTML for record pages and list cells."""
    if value is None or value == "" or value == []:
        return ""
    kind = field.field_type
    try:
        if kind == FieldType.DATE:
            day = datetime.date.fromisoformat(str(value))
            return format_html(
                '<time datetime="{}">{}</time>',
                day.isoformat(),
                date_format(day, "SHORT_DATE_FORMAT"),
            )
        if kind in (FieldType.DECIMAL, FieldType.MONEY):
            places = 2 if kind == FieldType.MONEY else None
            text = number_format(Decimal(str(value)), places, use_l10n=True, force_grouping=True)
            return (
                format_html("{}\u00a0€", text)
                if kind == FieldType.MONEY
                else format_html("{}", text)
            )
        if kind == FieldType.INTEGER:
            return format_html("{}", number_format(int(value), use_l10n=True, force_grouping=True))
    except (ValueError, InvalidOperation, TypeError):
        return format_html("{}", value)
    if kind == FieldType.CHOICE:
        option = option_ids(field).get(str(value))
        return _chip(option) if option else format_html("{}", value)
    if kind == FieldType.MULTIPLE_CHOICE and isinstance(value, list):
        options = option_ids(field)
        return format_html_join(
            " ", "{}", ((_chip(options[str(v)]),) for v in value if str(v) in options)
        )
    if kind == FieldType.URL:
        return website(str(value))
    if kind == FieldType.EMAIL:
        return mailto(str(value))
    if kind == FieldType.PHONE:
        return tel(str(value))
    if kind == FieldType.LONG_TEXT:
        return multiline(str(value))
    return format_html("{}", as_text(field, value, members))


def _chip(option: dict) -> str:
    colour = option.get("colour") if option.get("colour") in COLOURS else "grey"
    return format_html('<span class="chip chip--{}">{}</span>', colour, option.get("label", ""))


# --- Forms --------------------------------------------------------------------------------------


def form_field(field: CustomField, members=None) -> forms.Field:
    """The create/edit form's field for a custom field."""
    kind = field.field_type
    common = {"label": field.label, "required": field.required, "help_text": field.help_text}
    if kind == FieldType.TEXT:
        return forms.CharField(max_length=MAX_TEXT, **common)
    if kind == FieldType.LONG_TEXT:
        return forms.CharField(
            max_length=MAX_LONG_TEXT, widget=forms.Textarea(attrs={"rows": 3}), **common
        )
    if kind == FieldType.INTEGER:
        return forms.IntegerField(min_value=-MAX_INTEGER, max_value=MAX_INTEGER, **common)
    if kind == FieldType.DECIMAL:
        return forms.DecimalField(max_digits=21, decimal_places=6, **common)
    if kind == FieldType.MONEY:
        return forms.DecimalField(
            max_digits=17,
            decimal_places=2,
            widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
            **common,
        )
    if kind == FieldType.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if kind == FieldType.BOOLEAN:
        choices = [("", "—"), ("true", _("Yes")), ("false", _("No"))]
        return forms.TypedChoiceField(
            choices=choices, coerce=lambda v: v == "true", empty_value=None, **common
        )
    if kind == FieldType.CHOICE:
        choices = [("", "—")] + [(o["id"], o.get("label", "")) for o in field.options or []]
        return forms.ChoiceField(choices=choices, **common)
    if kind == FieldType.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=[(o["id"], o.get("label", "")) for o in field.options or []],
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
    if kind == FieldType.URL:
        return forms.URLField(max_length=MAX_TEXT, assume_scheme="https", **common)
    if kind == FieldType.EMAIL:
        return forms.EmailField(max_length=MAX_TEXT, **common)
    if kind == FieldType.PHONE:
        return forms.RegexField(
            PHONE,
            max_length=30,
            widget=forms.TextInput(attrs={"type": "tel"}),
            error_messages={"invalid": _("Enter a phone number.")},
            **common,
        )
    if kind == FieldType.MEMBER:
        choices = [("", "—")] + [(str(p.pk), str(p)) for p in (members or [])]
        return forms.ChoiceField(choices=choices, **common)
    raise ValueError(kind)


def form_initial(field: CustomField, value):
    """The form's initial value from the stored one."""
    if value is None:
        return None
    if field.field_type == FieldType.BOOLEAN:
        return "true" if value else "false"
    if field.field_type == FieldType.MEMBER:
        return str(value)
    return value


# --- Queries ------------------------------------------------------------------------------------


def text_expression(field: CustomField):
    """custom ->> 'key': the stored value as text (dates sort and compare as ISO text)."""
    return KeyTextTransform(field.key, "custom")


# A stored number as text ("1200", "1234.50", "-.5", "1E+2"); anything else reads as no number
# (a simple pattern: it runs on every row a filter or sort on an unindexed field scans).
NUMBER_TEXT = "^-?[0-9]*[.]?[0-9]+([eE][-+]?[0-9]{1,2})?$"


class AsNumeric(Func):
    """(text)::numeric when the text is a number, else NULL: a value of another type (written
    by raw SQL, say) never makes a filter, a sort or, through its index, a write fail. The
    same expression is indexed (`custom_index_sql`)."""

    output_field = DecimalField()

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return (
            f"(CASE WHEN {sql} ~ '{NUMBER_TEXT}' THEN ({sql})::numeric END)",
            (*params, *params),
        )


class CustomValuesText(Func):
    """Every value of `custom` as one text (no keys): what the list search looks in, indexed
    by `custom_search_index_sql` (one trigram index for all of an object's fields)."""

    template = "(jsonb_path_query_array(%(expressions)s, 'strict $.*'))::text"
    output_field = TextField()


def custom_search_index_sql(table: str) -> str:
    """The trigram index the list search on custom text values uses (created with the first
    text field of an object: records.custom_field_services)."""
    return (
        f'CREATE INDEX IF NOT EXISTS "{table}_custom_trgm" ON "{table}" USING gin '
        f"(public.immutable_unaccent(lower((jsonb_path_query_array(custom, 'strict $.*'))::text))"
        f" public.gin_trgm_ops)"
    )


INDEXED_TYPES = {FieldType.DATE, FieldType.CHOICE, *NUMBER_TYPES}


OPTION_INDEXES = 12  # a choice's first options get an index of their own (counts)
OPTION_ID = re.compile(r"[a-z0-9_]{1,12}")


def _indexed_options(field: CustomField) -> list[str]:
    """The option ids of a choice that get an index of their own (`custom_index_sql`)."""
    if field.field_type != FieldType.CHOICE:
        return []
    ids = [str(option.get("id", "")) for option in field.options or []]
    return [pk for pk in ids if OPTION_ID.fullmatch(pk)][:OPTION_INDEXES]


def custom_option_index_sql(table: str, field: CustomField, option_id: str) -> str:
    """The partial index of one option of a choice: the ids of the records that chose it.
    A list filtered on a common option counts its matches (up to 10,000, records.paging)
    from this index alone; through the choice's expression index PostgreSQL must read each
    row (it cannot scan an expression index index-only): 40 ms for one record in four of
    100,000, against 1 ms here."""
    return (
        f'CREATE INDEX IF NOT EXISTS "{table}_{field.key}_{option_id}" ON "{table}" (id) '
        f"WHERE (custom ->> '{field.key}') = '{option_id}'"
    )


def custom_index_sql(table: str, field: CustomField) -> list[str]:
    """The btree indexes of one field's filters and sorts, measured at 100,000 records (README,
    *Custom fields and views*): a date (ISO text), a number (`AsNumeric`) in both sort
    directions (empty values last in both, which one index cannot give), a choice (its
    option id, for the filter, and a partial index per option for the counts). None for
    other types. Keys (and indexed option ids) are [a-z0-9_] only."""
    value = f"(custom ->> '{field.key}')"
    if field.field_type in NUMBER_TYPES:
        value = f"(CASE WHEN {value} ~ '{NUMBER_TEXT}' THEN ({value})::numeric END)"
    elif field.field_type not in (FieldType.DATE, FieldType.CHOICE):
        return []
    name = f"{table}_{field.key}"
    sql = [f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" (({value}), id)']
    if field.field_type != FieldType.CHOICE:
        sql.append(
            f'CREATE INDEX IF NOT EXISTS "{name}_desc" ON "{table}" '
            f"(({value}) DESC NULLS LAST, id DESC)"
        )
    sql += [custom_option_index_sql(table, field, pk) for pk in _indexed_options(field)]
    return sql


def custom_index_drop_sql(table: str, field: CustomField) -> list[str]:
    name = f"{table}_{field.key}"
    return [
        f'DROP INDEX IF EXISTS "{name}"',
        f'DROP INDEX IF EXISTS "{name}_desc"',
        *(f'DROP INDEX IF EXISTS "{name}_{pk}"' for pk in _indexed_options(field)),
    ]


def custom_option_index_changes_sql(table: str, old: CustomField, new: CustomField) -> list[str]:
    """When a choice's options change: drop the indexes of the options gone, create those of
    the new ones (the others stay)."""
    before, after = set(_indexed_options(old)), _indexed_options(new)
    name = f"{table}_{new.key}"
    return [f'DROP INDEX IF EXISTS "{name}_{pk}"' for pk in sorted(before - set(after))] + [
        custom_option_index_sql(table, new, pk) for pk in after if pk not in before
    ]


def sort_expression(field: CustomField):
    """What a list sorts on for this field."""
    if field.field_type in NUMBER_TYPES:
        return AsNumeric(KeyTextTransform(field.key, "custom"))
    if field.field_type == FieldType.BOOLEAN:
        return KeyTransform(field.key, "custom")
    return text_expression(field)


def without_key(key: str, column: str = "custom") -> Func:
    """`column - 'key'`: the JSON values without this field's (what a purge writes)."""
    return Func(
        models.F(column), models.Value(key), function="", arg_joiner=" - ",
        output_field=models.JSONField(),
    )  # fmt: skip


def is_empty(field: CustomField) -> Q:
    return ~Q(custom__has_key=field.key) | Q(**{f"custom__{field.key}": None})


def text_lookup(field: CustomField, value: str) -> Q:
    return Q(**{f"custom__{field.key}__icontains": value})


def choice_lookup(field: CustomField, value) -> Q:
    """A multiple choice: custom @> {"key": [value]}; a choice: custom ->> 'key' = value, which
    its index (`custom_index_sql`) serves."""
    if field.field_type == FieldType.MULTIPLE_CHOICE:
        return Q(custom__contains={field.key: [value]})
    return Q(Exact(text_expression(field), str(value)))


def range_lookup(field: CustomField, low, high) -> Q:
    """Values between low and high (either may be None): dates compare as ISO text (the
    stored form, whose order is the dates' order), numbers as numeric."""
    if field.field_type == FieldType.DATE:
        expression = text_expression(field)
        low = low.isoformat() if low is not None else None
        high = high.isoformat() if high is not None else None
    else:
        expression = sort_expression(field)
    condition = Q()
    if low is not None:
        condition &= Q(GreaterThanOrEqual(expression, low))
    if high is not None:
        condition &= Q(LessThanOrEqual(expression, high))
    return condition
