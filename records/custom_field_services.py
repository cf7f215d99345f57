"""Writes on custom fields: create, change (type conversions included), delete (hide), restore,
purge. Values live in each record's `custom` JSON under the field's key."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from records.custom_fields import (
    COLOURS,
    INDEXED_TYPES,
    TEXT_TYPES,
    WARN_ABOVE,
    FieldType,
    as_text,
    custom_index_drop_sql,
    custom_index_sql,
    custom_option_index_changes_sql,
    custom_search_index_sql,
    parse,
    without_key,
)
from records.models import CustomField
from workspaces.object_settings import OBJECT_TYPES
from workspaces.registry import registry

PURGE_AFTER = timedelta(days=30)
# Fields of an object that get their own indexes (dates, numbers, choices): each index costs
# every write of the object's records, so the ones beyond work unindexed (a scan).
INDEXED_FIELDS = 20
MAX_FAILURES_SHOWN = 20
BATCH = 2000
EDITABLE = (
    "label_fr",
    "label_en",
    "help_text",
    "required",
    "position",
    "group",
    "options",
    "shown",
)


@dataclass
class FieldChange:
    field: CustomField
    converted: int = 0
    warnings: list[str] = dataclass_field(default_factory=list)


def _model(object_key: str):
    if object_key not in OBJECT_TYPES:
        raise ValidationError({"object_key": _("Unknown object.")})
    return OBJECT_TYPES[object_key].model


def parse_options(text_or_list) -> list[dict]:
    """Options from lines "Label | colour" (or a list of dicts), each with a stable id."""
    if isinstance(text_or_list, list):
        items = [
            (str(o.get("label", "")).strip(), o.get("colour", ""), o.get("id"))
            for o in text_or_list
        ]
    else:
        items = []
        for line in str(text_or_list or "").replace("\x00", "").splitlines():
            label, _bar, colour = line.partition("|")
            items.append((label.strip(), colour.strip().lower(), None))
    options, seen = [], set()
    for label, colour, option_id in items:
        if not label:
            continue
        if label.casefold() in seen:
            raise ValidationError({"options": _("“%(label)s” is listed twice.") % {"label": label}})
        seen.add(label.casefold())
        options.append(
            {
                "id": option_id or f"o{secrets.token_hex(3)}",
                "label": label[:80],
                "colour": colour if colour in COLOURS else "grey",
            }
        )
    if len(options) > 200:
        raise ValidationError({"options": _("At most 200 options.")})
    return options


def _keep_option_ids(old: list[dict], new: list[dict]) -> list[dict]:
    """An option whose label is unchanged keeps its id (so records keep their choice)."""
    by_label = {str(o.get("label", "")).casefold(): o.get("id") for o in old or []}
    for option in new:
        known = by_label.get(option["label"].casefold())
        if known:
            option["id"] = known
    return new


def _check(field: CustomField) -> None:
    field.label_fr = (field.label_fr or "").replace("\x00", "").strip()
    field.label_en = (field.label_en or "").replace("\x00", "").strip()
    field.help_text = (field.help_text or "").replace("\x00", "").strip()
    field.group = (field.group or "").replace("\x00", "").strip()
    if not field.label_fr and not field.label_en:
        raise ValidationError({"label_fr": _("Give the field a name.")})
    if field.field_type in (FieldType.CHOICE, FieldType.MULTIPLE_CHOICE) and not field.options:
        raise ValidationError({"options": _("A choice needs at least one option.")})
    if field.field_type not in (FieldType.CHOICE, FieldType.MULTIPLE_CHOICE):
        field.options = []
    same_name = CustomField.objects.filter(
        object_key=field.object_key, deleted_at__isnull=True
    ).exclude(pk=field.pk)
    for attribute in ("label_fr", "label_en"):
        name = getattr(field, attribute)
        if name and same_name.filter(**{f"{attribute}__iexact": name}).exists():
            raise ValidationError({attribute: _("Another field already has this name.")})
    field.full_clean(exclude=["key"])


@transaction.atomic
def custom_field_create(
    *,
    object_key: str,
    label: str = "",
    field_type: str,
    label_fr: str = "",
    label_en: str = "",
    help_text: str = "",
    required: bool = False,
    group: str = "",
    options=None,
    position: int | None = None,
    shown: bool = True,
) -> FieldChange:
    """Add a field to an object (`label` names it in both languages unless they are given)."""
    _model(object_key)
    if field_type not in FieldType.values:
        raise ValidationError({"field_type": _("Unknown type.")})
    if position is None:
        last = CustomField.objects.filter(object_key=object_key).aggregate(Max("position"))
        position = (last["position__max"] or 0) + 1
    field = CustomField(
        object_key=object_key,
        key=_new_key(label_fr or label_en or label),
        label_fr=label_fr or label,
        label_en=label_en or ("" if label_fr else label),
        field_type=field_type,
        help_text=help_text,
        required=required,
        group=group,
        options=parse_options(options) if options else [],
        position=position,
        shown=shown,
    )
    _check(field)
    field.save()
    _index(field)
    change = FieldChange(field=field)
    count = CustomField.objects.filter(object_key=object_key, deleted_at__isnull=True).count()
    if count > WARN_ABOVE:
        change.warnings.append(
            _(
                "This object now has %(count)s custom fields: forms and pages get long, "
                "consider hiding or grouping some."
            )
            % {"count": count}
        )
    return change


def _index(field: CustomField) -> None:
    """Indexes measured to matter at 100,000 records (README, *Custom fields and views*): the
    trigram index of the object's custom values with its first text field; btree indexes
    per date, number and choice field (`custom_index_sql`), for the first INDEXED_FIELDS of
    them. Keys are [a-z0-9_] only (see _new_key)."""
    table = _model(field.object_key)._meta.db_table
    if field.field_type in TEXT_TYPES:
        statements = [custom_search_index_sql(table)]
    elif field.field_type in INDEXED_TYPES:
        indexed = (
            CustomField.objects.filter(object_key=field.object_key, field_type__in=INDEXED_TYPES)
            .exclude(pk=field.pk)
            .count()
        )
        statements = custom_index_sql(table, field) if indexed < INDEXED_FIELDS else []
    else:
        return
    _run_ddl(statements)


def _index_options(old: CustomField, field: CustomField) -> None:
    """A choice's options changed: its options' own indexes follow (if the choice has its
    indexes: the first INDEXED_FIELDS fields of an object do)."""
    table = _model(field.object_key)._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND indexname = %s",
            [f"{table}_{field.key}"],
        )
        if cursor.fetchone() is None:
            return
    _run_ddl(custom_option_index_changes_sql(table, old, field))


def _drop_indexes(field: CustomField) -> None:
    _run_ddl(custom_index_drop_sql(_model(field.object_key)._meta.db_table, field))


def _run_ddl(statements: list[str]) -> None:
    """Create or drop indexes in the current transaction. PostgreSQL refuses to while records
    written earlier in it have foreign-key checks pending (deferred to the commit): run them
    now, as Django's own check_constraints() does (it leaves them deferred again)."""
    if not statements:
        return
    connection.check_constraints()
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _new_key(label: str) -> str:
    """A stable key: a letter first (a key made of digits would read as a JSON array index)."""
    stem = slugify(label).replace("-", "_")[:8] or "f"
    return f"f_{stem}_{secrets.token_hex(3)}"[:20]


@transaction.atomic
def custom_field_update(
    *, field: CustomField, field_type: str | None = None, **changes
) -> FieldChange:
    """Change a field. Renaming, reordering or regrouping changes no data; a new type converts
    every value that converts, else refuses with the records that do not."""
    field = CustomField.objects.select_for_update().get(pk=field.pk)
    old = CustomField.objects.get(pk=field.pk)
    for name, value in changes.items():
        if name not in EDITABLE:
            raise ValidationError({name: _("This cannot be changed.")})
        if name == "options":
            value = _keep_option_ids(field.options, parse_options(value))
        setattr(field, name, value)
    change = FieldChange(field=field)
    if field_type is not None and field_type != field.field_type:
        if field_type not in FieldType.values:
            raise ValidationError({"field_type": _("Unknown type.")})
        field.field_type = field_type
        _check(field)
        _drop_indexes(old)  # an index of the old type's expression serves no more
        change.converted = _convert(old, field)
        _index(field)
    else:
        _check(field)
        if field.field_type == FieldType.CHOICE and field.options != old.options:
            _index_options(old, field)
    field.save()
    return change


def _convert(old: CustomField, new: CustomField) -> int:
    """Rewrite every value of `old` as `new`'s type; refuse (listing the records) if some fail."""
    model = _model(old.object_key)
    records = model.objects.filter(custom__has_key=old.key).only("pk", "custom").order_by("pk")
    converted, failures, total_failures = [], [], 0
    for record in records.iterator(chunk_size=BATCH):
        value = record.custom.get(old.key)
        text = as_text(old, value) if not isinstance(value, list) else ",".join(map(str, value))
        if old.field_type in (FieldType.CHOICE, FieldType.MULTIPLE_CHOICE):
            text = as_text(old, value)
        try:
            new_value = parse(new, text)
        except ValidationError:
            total_failures += 1
            if len(failures) < MAX_FAILURES_SHOWN:
                failures.append(f"{record} ({text[:40]})")
            continue
        record.custom[old.key] = new_value
        if new_value is None:
            del record.custom[old.key]
        converted.append(record)
    if total_failures:
        listed = "; ".join(failures)
        more = total_failures - len(failures)
        message = _("%(count)s records have a value that is not a “%(type)s”: %(records)s") % {
            "count": total_failures,
            "type": new.get_field_type_display(),
            "records": listed,
        }
        if more > 0:
            message += " " + _("and %(more)s more.") % {"more": more}
        raise ValidationError({"field_type": message})
    model.objects.bulk_update(converted, ["custom"], batch_size=BATCH)
    return len(converted)


@transaction.atomic
def custom_field_delete(*, field: CustomField) -> CustomField:
    """Hide a field everywhere; its values stay until purged (after 30 days, or explicitly)."""
    field.deleted_at = timezone.now()
    field.save(update_fields=["deleted_at"])
    return field


@transaction.atomic
def custom_field_restore(*, field: CustomField) -> CustomField:
    """Bring a deleted (not yet purged) field back, with its values."""
    field.deleted_at = None
    _check(field)
    field.save(update_fields=["deleted_at"])
    return field


@transaction.atomic
def custom_field_purge(*, field: CustomField) -> int:
    """Erase a deleted field and its values from every record and from the history (the
    apps' `registry.custom_values_purged`). Returns how many records."""
    if field.deleted_at is None:
        raise ValidationError(_("Delete the field before purging it."))
    model = _model(field.object_key)
    count = model.objects.filter(custom__has_key=field.key).update(custom=without_key(field.key))
    # A purge means the values are gone: also from what other apps keep (the history).
    for purge in registry.custom_value_purges:
        purge(field.object_key, field.key)
    _drop_indexes(field)
    field.delete()
    return count


def custom_fields_purge_expired(*, now=None) -> int:
    """Purge every field deleted more than 30 days ago (run daily). Returns how many."""
    limit = (now or timezone.now()) - PURGE_AFTER
    expired = list(CustomField.objects.filter(deleted_at__lt=limit))
    for field in expired:
        custom_field_purge(field=field)
    return len(expired)
