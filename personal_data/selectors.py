"""What Carnet holds about one person (a contact or a prospect), gathered for an export.

`person_data(record, object_settings)` returns one mapping, the same for the JSON download and
the printable page: the record's fields (hidden ones included: everything held), its custom
fields by their names, labels, notes, tasks, checklists, history of changes (with values),
qualification steps, conversions, linked opportunities and the imports that wrote it. Links to
a disabled object are left out, as everywhere else in Carnet. A bounded number of queries,
whatever the amount of activity.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from activities import history
from activities.models import Checklist, Note, Task
from activities.refs import RecordRef
from contacts.models import Contact
from imports.models import ImportedRecord
from opportunities.models import Opportunity
from personal_data.models import PersonalDataLog
from prospects.models import Prospect
from records.custom_fields import as_text
from records.models import CustomField
from workspaces.object_settings import ObjectSettings

FORMAT = "carnet-personal-data/1"
# Fields that say nothing about the person, or are given elsewhere in the export.
SKIPPED_FIELDS = {"id", "custom", "labels"}
# The shortest text that counts as a mention of the person in another record's note.
SHORTEST_TERM = 4


def subject_hash(record) -> str:
    """A keyed hash of the person's email, else name: matches them again, names no one."""
    text = (getattr(record, "email", "") or str(record)).strip().casefold()
    return hmac.new(settings.SECRET_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


def person_terms(record) -> list[str]:
    """How other records' notes may mention the person: full name (either order), email,
    phone numbers."""
    first, last = record.first_name.strip(), record.last_name.strip()
    terms = []
    if first and last:
        terms += [f"{first} {last}", f"{last} {first}"]
    terms += [record.email.strip(), record.phone.strip(), getattr(record, "mobile", "").strip()]
    seen, unique = set(), []
    for term in terms:
        if len(term) >= SHORTEST_TERM and term.casefold() not in seen:
            seen.add(term.casefold())
            unique.append(term)
    return unique


def mention_pattern(terms: list[str]) -> re.Pattern | None:
    if not terms:
        return None
    # Longest first, so that "Jean Dupont" wins over a shorter term inside it.
    alternatives = sorted(terms, key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in alternatives), re.IGNORECASE)


def mentions(records: list, terms: list[str]) -> list[Note]:
    """Notes on other records whose text mentions the person (case-insensitive)."""
    if not terms:
        return []
    condition = Q()
    for term in terms:
        condition |= Q(text__icontains=term)
    notes = Note.objects.filter(condition).select_related(
        "organisation", "contact", "opportunity", "prospect"
    )
    for record in records:
        notes = notes.exclude(**{RecordRef.of(record).key: record})
    return list(notes.order_by("-created", "-pk")[:500])


def linked_people(record) -> list:
    """The same person under the other object: the prospect a contact was converted from, or
    the contact a prospect became."""
    if isinstance(record, Contact):
        return list(Prospect.objects.filter(converted_contact=record).order_by("pk"))
    if isinstance(record, Prospect) and record.converted_contact_id:
        contact = Contact.objects.filter(pk=record.converted_contact_id).first()
        return [contact] if contact else []
    return []


def _names(ids) -> dict[int, str]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    return {u.pk: u.get_full_name() for u in get_user_model().objects.filter(pk__in=ids)}


def _value(record, field):
    if field.is_relation:
        related = getattr(record, field.name)
        return str(related) if related is not None else None
    if field.choices:
        return getattr(record, f"get_{field.name}_display")()
    return getattr(record, field.attname)


def _fields(record, key: str, object_settings: ObjectSettings, people: dict) -> list[dict]:
    rows = []
    for field in record._meta.concrete_fields:
        if field.name in SKIPPED_FIELDS:
            continue
        if field.is_relation and field.related_model is not get_user_model():
            target = object_settings.for_model(field.related_model)
            if target is not None and not target.enabled:
                continue  # a link to a disabled object is shown nowhere
        value = people.get(record.owner_id) if field.name == "owner" else _value(record, field)
        label = str(field.verbose_name)
        rows.append({"name": field.name, "label": label[:1].upper() + label[1:], "value": value})
    return rows


def _custom(record, key: str, people: dict) -> list[dict]:
    values = record.custom or {}
    if not values:
        return []
    fields = {f.key: f for f in CustomField.objects.filter(object_key=key, key__in=list(values))}
    rows = []
    for name, value in values.items():
        field = fields.get(name)
        rows.append(
            {
                "key": name,
                "label": field.label if field else name,
                "group": field.group if field else "",
                "deleted": bool(field is None or field.deleted_at),
                "value": as_text(field, value, people) if field else str(value),
            }
        )
    return sorted(rows, key=lambda row: (row["group"], row["label"]))


def _history(ref: RecordRef, object_settings: ObjectSettings) -> list[dict]:
    entries = history.record_changes(ref, None, 100_000) + history.label_changes(ref, None, 100_000)
    entries.sort(key=lambda entry: entry.sort_key)
    history.describe(entries, object_settings, every_custom_field=True)
    rows = []
    for entry in entries:
        extra = entry.extra
        row = {
            "when": entry.when,
            "who": extra.get("who", ""),
            "channel": str(extra.get("channel", "")),
            "action": extra.get("action", ""),
        }
        if entry.extra.get("label_event"):
            row["label"] = extra.get("label", "")
        else:
            row["changes"] = [
                {"field": c.label, "old": c.old, "new": c.new} for c in extra.get("changes", [])
            ]
        rows.append(row)
    return rows


def _conversions(record, object_settings: ObjectSettings) -> list[dict]:
    rows = []
    if isinstance(record, Prospect):
        for name, target in (
            ("converted_organisation", "organisation"),
            ("converted_contact", "contact"),
            ("converted_opportunity", "opportunity"),
        ):
            linked = getattr(record, name)
            if linked is not None and object_settings.is_enabled(target):
                rows.append(
                    {
                        "object": object_settings[target].singular,
                        "id": linked.pk,
                        "name": str(linked),
                        "when": record.converted_at,
                    }
                )
    elif object_settings.is_enabled("prospect"):
        for prospect in Prospect.objects.filter(converted_contact=record).order_by("pk"):
            rows.append(
                {
                    "object": object_settings["prospect"].singular,
                    "id": prospect.pk,
                    "name": str(prospect),
                    "when": prospect.converted_at,
                }
            )
    return rows


def person_data(record, object_settings: ObjectSettings, *, workspace=None) -> dict:
    """Everything the workspace holds about the person `record` is (see the module)."""
    ref = RecordRef.of(record)
    key = ref.key
    on_record = {key: record}
    notes = list(Note.objects.filter(**on_record).order_by("created", "pk"))
    tasks = list(Task.objects.filter(**on_record).order_by("created", "pk"))
    checklists = list(
        Checklist.objects.filter(**on_record).prefetch_related("items").order_by("created", "pk")
    )
    people = _names(
        [record.owner_id]
        + [n.author_id for n in notes]
        + [i for t in tasks for i in (t.author_id, t.assignee_id, t.done_by_id)]
        + [i.done_by_id for c in checklists for i in c.items.all()]
        + [v for v in (record.custom or {}).values() if isinstance(v, int)]
    )
    data = {
        "format": FORMAT,
        "generated": timezone.now(),
        "workspace": {"name": workspace.name, "slug": workspace.slug} if workspace else None,
        "record": {
            "object": key,
            "object_name": object_settings[key].singular,
            "id": record.pk,
            "name": str(record),
            "created": record.created,
            "updated": record.updated,
        },
        "fields": _fields(record, key, object_settings, people),
        "custom_fields": _custom(record, key, people),
        "labels": [label.name for label in record.labels.order_by("name")],
        "notes": [
            {
                "created": n.created,
                "updated": n.updated,
                "author": people.get(n.author_id, ""),
                "pinned": n.pinned,
                "text": n.text,
            }
            for n in notes
        ],
        "tasks": [
            {
                "title": t.title,
                "description": t.description,
                "due": t.due,
                "due_time": t.due_time,
                "assignee": people.get(t.assignee_id, ""),
                "author": people.get(t.author_id, ""),
                "created": t.created,
                "done_at": t.done_at,
                "done_by": people.get(t.done_by_id, ""),
            }
            for t in tasks
        ],
        "checklists": [
            {
                "name": c.name,
                "created": c.created,
                "items": [
                    {
                        "text": i.text,
                        "done_at": i.done_at,
                        "done_by": people.get(i.done_by_id, ""),
                    }
                    for i in c.items.all()
                ],
            }
            for c in checklists
        ],
        "history": _history(ref, object_settings),
        "conversions": _conversions(record, object_settings),
        "opportunities": [],
        "status_changes": [],
        "imports": [
            {
                "batch": row.batch_id,
                "file_name": row.batch.file_name,
                "when": row.batch.created,
                "action": row.get_action_display(),
                "previous_values": row.previous,
            }
            for row in ImportedRecord.objects.filter(object_key=key, record_id=record.pk)
            .select_related("batch")
            .order_by("batch__created", "pk")
        ],
    }
    if isinstance(record, Contact) and object_settings.is_enabled("opportunity"):
        data["opportunities"] = [
            {
                "id": o.pk,
                "title": o.title,
                "amount": o.amount,
                "workflow": str(o.workflow),
                "stage": str(o.stage),
                "expected_close_date": o.expected_close_date,
            }
            for o in Opportunity.objects.filter(contact=record)
            .select_related("workflow", "stage")
            .order_by("pk")
        ]
    if isinstance(record, Prospect):
        changes = list(record.status_changes.order_by("changed_at", "pk"))
        names = _names(c.changed_by_id for c in changes)
        data["status_changes"] = [
            {
                "when": c.changed_at,
                "from": c.get_from_status_display(),
                "to": c.get_to_status_display(),
                "reason": c.reason,
                "by": names.get(c.changed_by_id, ""),
            }
            for c in changes
        ]
    return data


def log_entries(limit: int = 500) -> list[PersonalDataLog]:
    """The newest entries of the log, each with `record` (the live record, or None once
    erased or deleted): one query per object, not per entry."""
    entries = list(PersonalDataLog.objects.all()[:limit])
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        wanted.setdefault(entry.object_key, set()).add(entry.record_id)
    live = {}
    for key, ids in wanted.items():
        model = {"contact": Contact, "prospect": Prospect}.get(key)
        if model is not None:
            live[key] = model.objects.in_bulk(ids)
    for entry in entries:
        entry.record = live.get(entry.object_key, {}).get(entry.record_id)
    return entries
