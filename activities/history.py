"""The history of changes on the timeline: « Étape : Proposition → Négociation ».

Event rows (activities.history_models) are snapshots; a change is the difference between a
snapshot and the one before it. Names (stages, workflows, linked records, people, labels)
are looked up in one query per kind for a whole page of entries, and objects are named by the
workspace (`workspaces.object_settings`).
"""

from __future__ import annotations

import datetime
import decimal
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from activities.history_models import LABEL_EVENTS, RECORD_EVENTS, TRACKED_FIELDS
from activities.refs import RecordRef
from activities.selectors import Cursor, Entry, TimelineSource, timeline_source
from labels.models import Label
from opportunities.models import Stage, Workflow
from workspaces.object_settings import OBJECT_TYPES, ObjectSettings
from workspaces.registry import registry

RECORD_RANK = 3
LABEL_RANK = 4

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
        Entry("history", event.pgh_created_at, LABEL_RANK, event.pgh_id, event, {"key": ref.key})
        for event in events.order_by("-pgh_created_at", "-pgh_id")[:limit]
    ]


timeline_source(TimelineSource("history", RECORD_RANK, record_changes))
timeline_source(TimelineSource("history", LABEL_RANK, label_changes))


# --- describing a page of entries -----------------------------------------------------------


def _field_changes(event, previous, key: str) -> list[tuple[str, object, object]]:
    """(field, old value, new value) of each tracked field that differs from the snapshot
    before (every non-empty field for a creation)."""
    changes = []
    for name in TRACKED_FIELDS[key]:
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


def describe(entries: list[Entry], object_settings: ObjectSettings) -> None:
    """Fill each history entry's `changes`, `who` and `channel` (a few queries per page)."""
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
        if entry.rank == LABEL_RANK:
            wanted["label"].add(event.label_id)
            continue
        changes = _field_changes(event, entry.extra["previous"], entry.extra["key"])
        raw[id(entry)] = changes
        for name, old, new in changes:
            if name in RECORD_LINKS or name in OTHER_LINKS or name == "owner":
                wanted[name].update(v for v in (old, new) if v is not None)
    names: dict[str, dict] = {}
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
        if entry.rank == LABEL_RANK:
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


def _change(event, name, old, new, names, object_settings, key) -> Change | None:
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
