"""Writes about a person's data: the log of exports, and erasure.

`person_erase` removes a person from the workspace in one transaction: their record (and the
same person's conversion twin when asked), the notes, tasks and checklists on it, the values
of its history rows (replaced by « [effacé] », custom values included; who and when stay), its
import rows, the links
from opportunities and conversions, and their mentions in the notes the admin confirmed. Any
failure leaves everything as it was. Each export and erasure writes one log entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pgtrigger
from django.db import models, transaction
from django.db.models import Case, F, JSONField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils.translation import pgettext

from activities.history_models import RECORD_EVENTS, TRACKED_FIELDS
from activities.models import Checklist, Note, Task
from activities.refs import RecordRef
from contacts.models import Contact
from imports.models import ImportedRecord
from opportunities.models import Opportunity
from personal_data.models import Action, PersonalDataLog
from personal_data.selectors import mention_pattern, person_terms, subject_hash
from prospects.models import Prospect


def erased_marker() -> str:
    """What replaces an erased value: « [effacé] » (in the language of the one erasing)."""
    return pgettext("personal data", "[erased]")


def log_write(
    *,
    actor,
    action: str,
    record=None,
    ref: RecordRef | None = None,
    hashed: str = "",
    details: dict | None = None,
) -> PersonalDataLog:
    """Note an export or an erasure of a person (never their name: see the model), given by
    their `record`, or by its `ref` and `hashed` (subject_hash) once it is gone."""
    if record is not None:
        ref, hashed = RecordRef.of(record), subject_hash(record)
    return PersonalDataLog.objects.create(
        actor_id=actor.pk if actor is not None else None,
        actor_name=(actor.get_full_name() if actor is not None else "")[:254],
        action=action,
        object_key=ref.key,
        record_id=ref.pk,
        subject_hash=hashed,
        details=details or {},
    )


@dataclass
class Erasure:
    """What an erasure removed, counted (the log keeps these counts)."""

    records: list[str] = field(default_factory=list)  # "contact:42"
    notes: int = 0
    tasks: int = 0
    checklists: int = 0
    history_rows: int = 0
    imports: int = 0
    opportunities_unlinked: int = 0
    conversions_unlinked: int = 0
    mentions_redacted: int = 0

    def as_details(self) -> dict:
        return {name: value for name, value in self.__dict__.items() if name != "records"} | {
            "records": self.records
        }


def _erasable_fields(key: str) -> list[str]:
    """The history fields holding the person's values: text, without choices (a status, a
    source say nothing about who they were)."""
    event_model = RECORD_EVENTS[key]
    names = []
    for name in TRACKED_FIELDS[key]:
        event_field = event_model._meta.get_field(name)
        if isinstance(event_field, models.CharField | models.TextField) and not (
            event_field.choices
        ):
            names.append(name)
    return names


def _custom_erased(marker: str) -> RawSQL:
    """Every custom value of a history row replaced by the marker (the keys stay: which field
    changed, not to what); a row without custom values keeps its null or {}."""
    return RawSQL(
        "COALESCE((SELECT jsonb_object_agg(e.key, to_jsonb(%s::text))"
        " FROM jsonb_each(custom) e), custom)",
        [marker],
        output_field=JSONField(),
    )


def _history_erase(ref: RecordRef, marker: str) -> int:
    event_model = RECORD_EVENTS[ref.key]
    updates = {
        name: Case(
            When(~Q(**{name: ""}), then=Value(marker)),
            default=F(name),
            output_field=event_model._meta.get_field(name),
        )
        for name in _erasable_fields(ref.key)
    }
    updates["custom"] = _custom_erased(marker)
    # The history is append-only (a trigger refuses changes): erasure is the one exception.
    with pgtrigger.ignore(f"activities.{event_model.__name__}:append_only"):
        return event_model.objects.filter(pgh_obj_id=ref.pk).update(**updates)


def _record_erase(record, result: Erasure, marker: str) -> None:
    ref = RecordRef.of(record)
    on_record = {ref.key: record}
    result.records.append(str(ref))
    result.notes += Note.objects.filter(**on_record).delete()[1].get("activities.Note", 0)
    result.tasks += Task.objects.filter(**on_record).delete()[1].get("activities.Task", 0)
    result.checklists += (
        Checklist.objects.filter(**on_record).delete()[1].get("activities.Checklist", 0)
    )
    result.imports += ImportedRecord.objects.filter(
        object_key=ref.key, record_id=record.pk
    ).delete()[0]
    if isinstance(record, Contact):
        result.opportunities_unlinked += Opportunity.objects.filter(contact=record).update(
            contact=None
        )
        result.conversions_unlinked += Prospect.objects.filter(converted_contact=record).update(
            converted_contact=None
        )
    record.labels.clear()
    record.delete()
    result.history_rows += _history_erase(ref, marker)


@transaction.atomic
def person_erase(*, record, actor, also=(), redact_notes=()) -> Erasure:
    """Erase the person `record` is (and the records in `also`, the same person elsewhere);
    redact their mentions in the notes `redact_notes` (ids); log it. One transaction."""
    records = [record, *also]
    ref, hashed = RecordRef.of(record), subject_hash(record)
    marker = erased_marker()
    pattern = mention_pattern([term for r in records for term in person_terms(r)])
    result = Erasure()
    for each in records:
        _record_erase(each, result, marker)
    if pattern is not None and redact_notes:
        for note in Note.objects.filter(pk__in=list(redact_notes)).select_for_update():
            redacted = pattern.sub(marker, note.text)
            if redacted != note.text:
                note.text = redacted
                note.save(update_fields=["text", "updated"])
                result.mentions_redacted += 1
    log_write(actor=actor, action=Action.ERASE, ref=ref, hashed=hashed, details=result.as_details())
    return result
