"""The history of changes on the timeline: « Étape : Proposition → Négociation ».

Event rows (activities.history_models) are snapshots; a change is the difference between a
snapshot and the one before it. Names (stages, workflows, linked records, people, labels,
custom fields) are looked up in one query per kind for a whole page of entries, and objects
are named by the workspace (`workspaces.object_settings`).

Custom values (`custom`, JSON keyed by each field's stable key) give one line per changed key,
labelled with the field's name in the reader's language and formatted by its type
(`records.custom_fields.as_display`). The change of a deleted (or purged) or hidden field is
not shown, like its values elsewhere; an entry left with no line is dropped from the page.
"""

from __future__ import annotations

import datetime
import decimal
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Q, Subquery
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from activities.history_models import LABEL_EVENTS, RECORD_EVENTS, TRACKED_FIELDS
from activities.refs import RecordRef
from activities.selectors import (
    LINKABLE,
    Cursor,
    Entry,
    TimelineSource,
    newest,
    timeline_source,
)
from labels.models import Label
from opportunities.models import Stage, Workflow
from records.custom_fields import FieldType, as_display
from records.models import CustomField
from workspaces.object_settings import OBJECT_TYPES, ObjectSettings
from workspaces.registry import registry

RECORD_RANK = 3
LABEL_RANK = 4
# An organisation's timeline with its contacts' and opportunities' entries: one rank per
# table, so that the cursor's (when, rank, id) never compares ids of two tables.
LINKED_RANKS = {"contact": (6, 7), "opportunity": (8, 9)}  # (changes, labels)

CHANNELS = {
    "form": _("form"),
    "inline": _("record page"),
    "bulk": _("bulk action"),
    "board": _("board"),
    "conversion": _("conversion"),
    "import": _("import"),
    "erasure": _("personal-data erasure"),
    "admin": _("administration"),
    "shell": _("outside the application"),
}

# Fields pointing at a record of one of the four objects: named by the workspace.
RECORD_LINKS = {
    "organisation": "organisation",
    "contact": "contact",
    "converted_organisation": "organisation",
    "converted_contact": "contact",
    "converted_opportunity": "opportunity",
}
OTHER_LINKS = {"stage": Stage, "workflow": Workflow}


@dataclass
class Change:
    label: str
    old: str
    new: str


def _before(cursor: Cursor | None, rank: int):
    return cursor.before(rank, "pgh_created_at") if cursor else None


def record_changes(
    ref: RecordRef, cursor: Cursor | None, limit: int, linked: frozenset = frozenset()
) -> list[Entry]:
    """Creations and changes of the record's fields, with each one's previous snapshot."""
    events = RECORD_EVENTS[ref.key].objects.filter(pgh_obj_id=ref.pk)
    condition = _before(cursor, RECORD_RANK)
    if condition is not None:
        events = events.filter(condition)
    rows = list(events.order_by("-pgh_created_at", "-pgh_id")[: limit + 1])
    entries = []
    for index, event in enumerate(rows[:limit]):
        if event.pgh_label == "baseline":
            continue
        previous = rows[index + 1] if index + 1 < len(rows) else None
        entries.append(
            Entry(
                "history",
                event.pgh_created_at,
                RECORD_RANK,
                event.pgh_id,
                event,
                {"key": ref.key, "previous": previous},
            )
        )
    return entries


def label_changes(
    ref: RecordRef, cursor: Cursor | None, limit: int, linked: frozenset = frozenset()
) -> list[Entry]:
    """Labels added to or removed from the record."""
    events = LABEL_EVENTS[ref.key].objects.filter(**{f"{ref.key}_id": ref.pk})
    condition = _before(cursor, LABEL_RANK)
    if condition is not None:
        events = events.filter(condition)
    return [
        Entry(
            "history",
            event.pgh_created_at,
            LABEL_RANK,
            event.pgh_id,
            event,
            {"key": ref.key, "label_event": True},
        )
        for event in events.order_by("-pgh_created_at", "-pgh_id")[:limit]
    ]


def _linked(ref: RecordRef, linked: frozenset, key: str):
    """The ids of the organisation's records of `key` (a subquery), or None when its
    timeline does not include them."""
    if ref.key != "organisation" or key not in linked:
        return None
    return LINKABLE[key].objects.filter(organisation_id=ref.pk).values("pk")


def linked_record_changes(key: str):
    """The changes of an organisation's contacts (or opportunities), each with its own
    previous snapshot and the record it is on: the newest `limit` only, in three queries."""
    rank = LINKED_RANKS[key][0]

    def read(ref: RecordRef, cursor: Cursor | None, limit: int, linked: frozenset):
        records = _linked(ref, linked, key)
        if records is None:
            return []
        model = RECORD_EVENTS[key]
        previous = (
            model.objects.filter(pgh_obj_id=OuterRef("pgh_obj_id"), pgh_id__lt=OuterRef("pgh_id"))
            .order_by("-pgh_id")
            .values("pgh_id")[:1]
        )
        # Snapshots taken while the record was at the organisation (a bounded range of
        # act_*_event_org_idx), of records still at it.
        events = model.objects.filter(organisation_id=ref.pk, pgh_obj_id__in=records).exclude(
            pgh_label="baseline"
        )
        condition = _before(cursor, rank)
        if condition is not None:
            events = events.filter(condition)
        rows = list(
            events.annotate(previous_id=Subquery(previous)).order_by("-pgh_created_at", "-pgh_id")[
                :limit
            ]
        )
        if not rows:
            return []
        snapshots = model.objects.in_bulk([row.previous_id for row in rows if row.previous_id])
        on = LINKABLE[key].objects.in_bulk({row.pgh_obj_id for row in rows})
        return [
            Entry(
                "history",
                row.pgh_created_at,
                rank,
                row.pgh_id,
                row,
                {
                    "key": key,
                    "previous": snapshots.get(row.previous_id),
                    "on": on.get(row.pgh_obj_id),
                },
            )
            for row in rows
        ]

    return read


def linked_label_changes(key: str):
    """Labels added to or removed from an organisation's contacts (or opportunities)."""
    rank = LINKED_RANKS[key][1]

    def read(ref: RecordRef, cursor: Cursor | None, limit: int, linked: frozenset):
        records = _linked(ref, linked, key)
        if records is None:
            return []
        events = LABEL_EVENTS[key].objects.all()
        condition = _before(cursor, rank)
        if condition is not None:
            events = events.filter(condition)
        ids = newest(events, [Q(**{f"{key}_id__in": records})], "pgh_created_at", limit, load=False)
        rows = list(events.filter(pk__in=ids).order_by("-pgh_created_at", "-pgh_id"))
        on = LINKABLE[key].objects.in_bulk({getattr(row, f"{key}_id") for row in rows})
        return [
            Entry(
                "history",
                row.pgh_created_at,
                rank,
                row.pgh_id,
                row,
                {"key": key, "label_event": True, "on": on.get(getattr(row, f"{key}_id"))},
            )
            for row in rows
        ]

    return read


timeline_source(TimelineSource("history", RECORD_RANK, record_changes))
timeline_source(TimelineSource("history", LABEL_RANK, label_changes))
for _key, (_changes_rank, _labels_rank) in LINKED_RANKS.items():
    timeline_source(TimelineSource("history", _changes_rank, linked_record_changes(_key)))
    timeline_source(TimelineSource("history", _labels_rank, linked_label_changes(_key)))


# --- describing a page of entries -----------------------------------------------------------


CUSTOM = "custom"
CUSTOM_PREFIX = "custom:"  # a change of one custom value: ("custom:<key>", old, new)


def _custom_changes(event, previous) -> list[tuple[str, object, object]]:
    """One change per custom key whose value differs (null `custom`, in rows written before
    it was kept, reads as no values: activities 0010 wrote a baseline for the others)."""
    new_values = event.custom or {}
    old_values = {} if event.pgh_label == "insert" or previous is None else previous.custom or {}
    changes = []
    for key in dict.fromkeys([*new_values, *old_values]):
        old, new = old_values.get(key), new_values.get(key)
        if old in (None, "", []) and new in (None, "", []) or old == new:
            continue
        changes.append((CUSTOM_PREFIX + key, old, new))
    return changes


def _field_changes(event, previous, key: str) -> list[tuple[str, object, object]]:
    """(field, old value, new value) of each tracked field that differs from the snapshot
    before (every non-empty field for a creation)."""
    changes = []
    for name in TRACKED_FIELDS[key]:
        if name == CUSTOM:
            changes.extend(_custom_changes(event, previous))
            continue
        attname = event._meta.get_field(name).attname
        new = getattr(event, attname)
        if event.pgh_label == "insert" or previous is None:
            old = None
            if event.pgh_label == "insert" and new in (None, ""):
                continue
        else:
            old = getattr(previous, attname)
            if old == new:
                continue
        changes.append((name, old, new))
    return changes


def _display(value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, datetime.date | decimal.Decimal):
        return formats.localize(value)
    return str(value)


def describe(
    entries: list[Entry], object_settings: ObjectSettings, *, every_custom_field: bool = False
) -> None:
    """Fill each history entry's `changes`, `who` and `channel` (a few queries per page).

    A change whose every line is hidden (a deleted or hidden custom field) is removed from
    `entries`; `every_custom_field` shows those fields too (a person's data, where a deleted
    field's name is followed by « (deleted) »).
    """
    history = [entry for entry in entries if entry.kind == "history"]
    if not history:
        return
    wanted: dict[str, set] = defaultdict(set)  # what to name: "user", "label", field names
    raw = {}
    for entry in history:
        event = entry.item
        context = event.pgh_context or {}
        if context.get("user"):
            wanted["user"].add(context["user"])
        if entry.extra.get("label_event"):
            wanted["label"].add(event.label_id)
            continue
        changes = _field_changes(event, entry.extra["previous"], entry.extra["key"])
        raw[id(entry)] = changes
        for name, old, new in changes:
            if name in RECORD_LINKS or name in OTHER_LINKS or name == "owner":
                wanted[name].update(v for v in (old, new) if v is not None)
            elif name.startswith(CUSTOM_PREFIX):
                wanted[CUSTOM].add(entry.extra["key"])
    custom_fields = _custom_fields(wanted[CUSTOM], every_custom_field)
    for entry in history:
        changes = raw.get(id(entry), [])
        for name, old, new in changes:  # members named in custom values are people too
            field = custom_fields.get(name[len(CUSTOM_PREFIX) :])
            if field is not None and field.field_type == FieldType.MEMBER:
                wanted["user"].update(v for v in (old, new) if isinstance(v, int))
        if changes:  # custom lines in the fields' order (JSON keeps no order)
            changes.sort(key=_order(entry.extra["key"], custom_fields))
    names: dict[str, dict] = {CUSTOM: custom_fields}
    users = get_user_model().objects.filter(pk__in=wanted["user"] | wanted["owner"])
    names["user"] = names["owner"] = {u.pk: u.get_full_name() or u.email for u in users}
    names["label"] = {
        label.pk: label.name for label in Label.objects.filter(pk__in=wanted["label"])
    }
    for name, model in OTHER_LINKS.items():
        if wanted[name]:
            names[name] = {row.pk: row.name for row in model.objects.filter(pk__in=wanted[name])}
    for name, target in RECORD_LINKS.items():
        if wanted[name] and object_settings.is_enabled(target):
            model = OBJECT_TYPES[target].model
            names[name] = {row.pk: str(row) for row in model.objects.filter(pk__in=wanted[name])}
    for entry in history:
        event = entry.item
        context = event.pgh_context or {}
        entry.extra["who"] = names["user"].get(context.get("user"), "")
        entry.extra["channel"] = CHANNELS.get(context.get("channel") or "shell", "")
        if entry.extra.get("label_event"):
            entry.extra["action"] = "label.add" if event.pgh_label == "label.add" else "label.rm"
            entry.extra["label"] = names["label"].get(event.label_id, "—")
            continue
        entry.extra["action"] = "created" if event.pgh_label == "insert" else "changed"
        key = entry.extra["key"]
        entry.extra["changes"] = [
            change
            for name, old, new in raw[id(entry)]
            if (change := _change(event, name, old, new, names, object_settings, key)) is not None
        ]
        if raw[id(entry)] and not entry.extra["changes"]:
            entry.extra["nothing_shown"] = True
    entries[:] = [entry for entry in entries if not entry.extra.get("nothing_shown")]


def _order(key: str, custom_fields: dict):
    place = {name: index for index, name in enumerate(TRACKED_FIELDS[key])}

    def sort_key(change) -> tuple:
        name = change[0]
        if not name.startswith(CUSTOM_PREFIX):
            return (place[name], 0, 0)
        field = custom_fields.get(name[len(CUSTOM_PREFIX) :])
        return (place[CUSTOM], field.position, field.pk) if field else (place[CUSTOM], 0, 0)

    return sort_key


def _custom_fields(object_keys: set, every_custom_field: bool) -> dict[str, CustomField]:
    """The custom fields of these objects by key: shown ones, or all of them (one query)."""
    if not object_keys:
        return {}
    fields = CustomField.objects.filter(object_key__in=object_keys)
    if not every_custom_field:
        fields = fields.filter(deleted_at__isnull=True, shown=True)
    return {field.key: field for field in fields}


def _custom_change(name, old, new, names) -> Change | None:
    field = names[CUSTOM].get(name[len(CUSTOM_PREFIX) :])
    if field is None:
        return None  # deleted, purged or hidden: not shown, like its values elsewhere
    label = field.label
    if field.deleted_at is not None:
        label = _("%(field)s (deleted)") % {"field": label}
    people = names["user"]
    return Change(
        label,
        as_display(field, old, people) or "—",
        as_display(field, new, people) or "—",
    )


def _change(event, name, old, new, names, object_settings, key) -> Change | None:
    if name.startswith(CUSTOM_PREFIX):
        return _custom_change(name, old, new, names)
    field = event._meta.get_field(name)
    if name in RECORD_LINKS:
        target = RECORD_LINKS[name]
        if not object_settings.is_enabled(target):
            return None  # a link to a disabled object is not shown anywhere
        label = object_settings[target].singular
        if name.startswith("converted_"):
            label = object_settings["prospect"].phrase("converted_into", object=label)
    else:
        label = str(field.verbose_name)
        label = label[:1].upper() + label[1:]
    if name in RECORD_LINKS or name in OTHER_LINKS or name == "owner":
        lookup = names.get(name, {})
        old, new = lookup.get(old, old), lookup.get(new, new)
    elif field.choices:
        # Labels that agree with the object's name where it declares them (« Qualifiée »).
        declaration = registry.object_fields.get(key)
        choices = declaration.choice_labels(name, object_settings) if declaration else None
        choices = choices or dict(field.flatchoices)
        old, new = choices.get(old, old), choices.get(new, new)
    return Change(label, _display(old), _display(new))
