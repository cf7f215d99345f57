"""Writes of an import: create the batch from a file, run it in batches of rows, undo it.

    batch = batch_create(object_key="contact", file_name=f.name, content=f.read(), user=user)
    preview = batch_preview(batch=batch)                # first rows as saved, errors, matches
    batch_map(batch=batch, mapping=[...], on_match="fill")
    imports.jobs.batch_launch(batch=batch)              # the worker runs batch_run
    batch_undo(batch=batch)                              # one transaction

Each chunk of rows is written in its own transaction together with the batch's account of
it (what was created, what was updated and its previous values, what was rejected and why),
so a run stopped or failed in the middle leaves whole chunks that undo removes.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

import pghistory
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.db.models import CASCADE, DO_NOTHING, SET_NULL, F, Max
from django.db.models.deletion import get_candidate_relations_to_delete
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.reminders import workspace_address
from imports import parsing, targets
from imports.inserts import copy_insert
from imports.mapping import mapping_remember, suggest
from imports.models import BatchStatus, ImportBatch, ImportedRecord, OnMatch, RejectedRow
from imports.targets import RowData, RowReader, declaration, existing_matches
from labels.models import Label
from labels.services import label_create
from notifications.services import notification_send
from organisations.models import Organisation
from workspaces.models import Workspace

CHUNK_ROWS = 2000
POSITION_GAP = 1024  # as opportunities.services.GAP: room to move cards between these
PREVIEW_ROWS = 20
SKIPPED_FIELDS = {"id", "created", "updated"}


@transaction.atomic
def batch_create(
    *, object_key: str, file_name: str, content: bytes, user, sheet: str = ""
) -> ImportBatch:
    """A batch for this file, its columns read and a mapping suggested (ImportFileError if the
    file cannot be read)."""
    table = parsing.read_table(content, file_name=file_name, sheet=sheet)
    return ImportBatch.objects.create(
        object_key=object_key,
        file_name=file_name[:255],
        content=content,
        sheet=table.sheet,
        headers=table.headers,
        created_by=user,
    )


def batch_table(batch: ImportBatch) -> parsing.Table:
    return parsing.read_table(bytes(batch.content), file_name=batch.file_name, sheet=batch.sheet)


@transaction.atomic
def batch_map(
    *, batch: ImportBatch, mapping: list[str], on_match: str, object_settings
) -> ImportBatch:
    """Keep the chosen mapping (remembered for the same headers) and on-match choice; only
    the fields this workspace shows may be mapped."""
    allowed = {t.name for t in targets.targets(batch.object_key, object_settings)} | {""}
    mapping = [name if name in allowed else "" for name in mapping[: len(batch.headers)]]
    mapping += [""] * (len(batch.headers) - len(mapping))
    seen: set[str] = set()
    for i, name in enumerate(mapping):  # one column per field
        if name in seen:
            mapping[i] = ""
        seen.add(name)
    batch.mapping = mapping
    batch.on_match = on_match if on_match in OnMatch.values else OnMatch.SKIP
    batch.save(update_fields=["mapping", "on_match"])
    mapping_remember(object_key=batch.object_key, headers=batch.headers, mapping=mapping)
    return batch


@dataclass
class Preview:
    rows: list[RowData] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # mapped field names, in column order
    total: int = 0
    matches: int = 0
    error: str = ""


def batch_preview(*, batch: ImportBatch) -> Preview:
    """The first rows as they would be saved with their errors, the number of rows and how
    many match an existing record (or an earlier row of the file)."""
    reader = RowReader(batch.object_key, batch.mapping)
    preview = Preview(columns=[name for name, _i in sorted(reader.columns.items(), key=_second)])
    keys: list[list[tuple[str, str]]] = []
    try:
        for line, values in batch_table(batch).rows():
            preview.total += 1
            keys.append(reader.keys_of(values))
            if len(preview.rows) < PREVIEW_ROWS:
                row = reader.read(line, values)
                instance = reader.instance(row)
                reader.validate(row, instance, constraints=False)
                row.shown = reader.shown(row)
                preview.rows.append(row)
    except parsing.ImportFileError as error:
        preview.error = str(error)
        return preview
    found = existing_matches(batch.object_key, {k for row_keys in keys for k in row_keys})
    seen: set[tuple[str, str]] = set()
    for row_keys in keys:
        if any(k in found or k in seen for k in row_keys):
            preview.matches += 1
        seen.update(row_keys)
    return preview


def mapping_suggest(batch: ImportBatch, object_settings) -> list[str]:
    """The suggested mapping of the batch's columns."""
    return suggest(batch.object_key, batch.headers, object_settings)


def _second(item):
    return item[1]


@transaction.atomic
def batch_start(*, batch: ImportBatch) -> ImportBatch:
    """Queue the import (the worker runs batch_run)."""
    if batch.status != BatchStatus.DRAFT or not any(batch.mapping):
        return batch
    if targets.required_unmapped(batch.object_key, batch.mapping):
        return batch  # the mapping form says which required field has no column
    batch.status = BatchStatus.QUEUED
    batch.save(update_fields=["status"])
    return batch


def batch_cancel(*, batch: ImportBatch) -> None:
    """Ask a queued or running import to stop after its current chunk of rows."""
    ImportBatch.objects.filter(pk=batch.pk, status=BatchStatus.QUEUED).update(
        status=BatchStatus.CANCELLED, finished_at=timezone.now(), content=b""
    )
    ImportBatch.objects.filter(pk=batch.pk, status=BatchStatus.RUNNING).update(
        status=BatchStatus.CANCELLING
    )


def batch_run(*, batch_id: int) -> ImportBatch | None:
    """Import the batch's rows, chunk by chunk, counting as it goes; stops when cancelled."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None or batch.status != BatchStatus.QUEUED:
            return batch
        batch.status = BatchStatus.RUNNING
        batch.started_at = timezone.now()
        batch.save(update_fields=["status", "started_at"])
    try:
        table = batch_table(batch)
        total = sum(1 for _row in table.rows())
        ImportBatch.objects.filter(pk=batch.pk).update(total_rows=total)
        writer = ChunkWriter(batch)
        # The records' history shows these changes as the import's, by who started it.
        with pghistory.context(user=batch.created_by_id, channel="import"):
            for chunk in _chunks(table.rows(), CHUNK_ROWS):
                status = ImportBatch.objects.filter(pk=batch.pk).values_list("status", flat=True)
                if status[0] == BatchStatus.CANCELLING:
                    _finish(batch, BatchStatus.CANCELLED)
                    return _reload(batch)
                writer.write(chunk)
    except parsing.ImportFileError as error:
        _finish(batch, BatchStatus.FAILED, error=str(error))
        return _reload(batch)
    except Exception:
        _finish(batch, BatchStatus.FAILED, error=_("The import stopped on an unexpected error."))
        raise
    _finish(batch, BatchStatus.DONE)
    return _reload(batch)


def _reload(batch: ImportBatch) -> ImportBatch:
    batch.refresh_from_db()
    return batch


def _finish(batch: ImportBatch, status: str, *, error: str = "") -> None:
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=status, finished_at=timezone.now(), error=error, content=b""
    )
    batch_notify(batch=_reload(batch))


EMAIL_AFTER = datetime.timedelta(minutes=1)


def batch_notify(*, batch: ImportBatch) -> None:
    """Tell who started the import that it ended (done, failed or stopped): in the app, and
    by email when it took over a minute; in the language the job runs in (theirs)."""
    if batch.created_by_id is None:
        return
    context = {"batch": batch}
    texts = {
        BatchStatus.DONE: _(
            "Import of %(file)s done: %(created)s created, %(updated)s updated, "
            "%(skipped)s skipped, %(rejected)s rejected."
        ),
        BatchStatus.FAILED: _("Import of %(file)s failed: %(error)s"),
        BatchStatus.CANCELLED: _(
            "Import of %(file)s stopped: %(created)s created, %(updated)s updated before that."
        ),
    }
    if batch.status not in texts:
        return
    text = texts[batch.status] % {
        "file": batch.file_name,
        "created": batch.created_count,
        "updated": batch.updated_count,
        "skipped": batch.skipped_count,
        "rejected": batch.rejected_count,
        "error": batch.error,
    }
    path = reverse("imports:batch", args=[batch.pk])
    notification_send(user_id=batch.created_by_id, text=text, url=path)
    started = batch.started_at or batch.created
    if batch.finished_at is None or batch.finished_at - started <= EMAIL_AFTER:
        return
    user = batch.created_by
    workspace = Workspace.objects.filter(schema_name=connection.schema_name).first()
    if user is None or not user.is_active or not user.email or workspace is None:
        return
    context.update(text=text, url=workspace_address(workspace, path), workspace=workspace)
    subject = " ".join(render_to_string("imports/done_subject.txt", context).split())
    body = render_to_string("imports/done_email.txt", context)
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[user.email])


def _commit_without_waiting_for_the_disk() -> None:
    """For the current transaction: its commit returns before the disk has its log. A crash
    in the next moment may lose the transaction whole, never half of it (PostgreSQL's
    asynchronous commit): a chunk of an import and its account, or an undo, then simply did
    not happen. On a busy disk this halves the time of a large import or undo."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _chunks(rows: Iterator, size: int) -> Iterator[list]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class ChunkWriter:
    """Writes chunks of rows for one batch, remembering the records met earlier in the file."""

    def __init__(self, batch: ImportBatch):
        self.batch = batch
        self.key = batch.object_key
        self.model = declaration(self.key).model
        self.reader = RowReader(self.key, batch.mapping)
        self.on_match = batch.on_match
        self.seen: dict[tuple[str, str], int] = {}  # match key -> record written by this batch
        self.labels: dict[str, Label] = {label.name.lower(): label for label in Label.objects.all()}
        # ("siren" | "name", value) -> id of the organisation found or created for it
        self.organisations: dict[tuple[str, str], int] = {}
        # Checks the organisations that rows name, as a row of organisations would be.
        self.organisation_reader = RowReader("organisation", ["name", "siren"])

    @transaction.atomic
    def write(self, chunk: list[tuple[int, list[str]]]) -> None:
        _commit_without_waiting_for_the_disk()
        rows = [self.reader.read(line, values) for line, values in chunk]
        self._known_organisations(rows)
        keys = {k for row in rows for k in row.match_keys(self.key)}
        found = existing_matches(self.key, keys - set(self.seen))
        found.update({k: pk for k, pk in self.seen.items() if k in keys})
        counts = {"created": 0, "updated": 0, "skipped": 0}
        rejected: list[RejectedRow] = []
        accounts: list[ImportedRecord] = []
        pending: dict[tuple[str, str], tuple[RowData, object]] = {}
        to_create: list[tuple[RowData, object]] = []
        instances = self._new_organisations(rows, found)
        self.label_links: list[tuple[object, list[str]]] = []
        if self.on_match in (OnMatch.FILL, OnMatch.OVERWRITE):
            self._matched_records({pk for pk in found.values()})
        for row in rows:
            if row.errors:
                rejected.append(self._rejected(row))
                continue
            row_keys = row.match_keys(self.key)
            match = next((found[k] for k in row_keys if k in found), None)
            merge_into = next((pending[k] for k in row_keys if k in pending), None)
            if self.on_match != OnMatch.CREATE and (match is not None or merge_into is not None):
                if self.on_match == OnMatch.SKIP:
                    counts["skipped"] += 1
                elif merge_into is not None:
                    self._apply(merge_into[1], row)
                    merge_into[0].labels.extend(row.labels)
                    counts["updated"] += 1
                else:
                    account = self._update(match, row)
                    if account is None:
                        rejected.append(self._rejected(row))
                    else:
                        accounts.append(account)
                        counts["updated"] += 1
                continue
            instance = instances.get(row.line)
            if instance is None:
                instance = self.reader.instance(row)
                self.reader.check(row)
            if not row.errors:
                self._link(row, instance, accounts)
            if not row.errors and self.key == "opportunity":
                self.reader.choose_contact(row, instance)
                self.reader.apply_closing(instance, None)
            if row.errors:
                rejected.append(self._rejected(row))
                continue
            to_create.append((row, instance))
            for k in row_keys:
                pending.setdefault(k, (row, instance))
        created = self._create(to_create, rejected)
        self._add_labels(self.label_links + [(instance, row.labels) for row, instance in created])
        for row, instance in created:
            for k in row.match_keys(self.key):
                self.seen.setdefault(k, instance.pk)
        counts["created"] = len(created)
        copy_insert(ImportedRecord, accounts)
        self._account_created(self.key, [instance for _row, instance in created])
        copy_insert(RejectedRow, rejected)
        ImportBatch.objects.filter(pk=self.batch.pk).update(
            processed_rows=F("processed_rows") + len(rows),
            created_count=F("created_count") + counts["created"],
            updated_count=F("updated_count") + counts["updated"],
            skipped_count=F("skipped_count") + counts["skipped"],
            rejected_count=F("rejected_count") + len(rejected),
        )

    def _rejected(self, row: RowData) -> RejectedRow:
        return RejectedRow(
            batch=self.batch, line=row.line, values=row.values, reason=" ".join(row.errors)
        )

    def _account(self, record, action, previous=None, previous_labels=None) -> ImportedRecord:
        return ImportedRecord(
            batch=self.batch,
            object_key=targets.key_of(record),
            record_id=record.pk,
            action=action,
            previous=previous or {},
            previous_labels=previous_labels,
            stamp=record.updated,
        )

    def _account_created(self, key: str, records: list) -> None:
        """The batch's account of the records it created, straight into its table."""
        if not records:
            return
        table = ImportedRecord._meta.db_table
        columns = "batch_id, object_key, record_id, action, previous, stamp"
        with connection.cursor() as cursor:
            copying = cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN")
            with connection.wrap_database_errors, copying as copy:
                for record in records:
                    copy.write_row((self.batch.pk, key, record.pk, "created", "{}", record.updated))

    def _apply(self, record, row: RowData) -> None:
        """Set the row's values on the record: all of them, or only into empty fields."""
        for attname, value in row.data.items():
            current = getattr(record, attname)
            if self.on_match == OnMatch.FILL and current not in ("", None):
                continue
            setattr(record, attname, value)
        if row.custom:
            custom = dict(record.custom or {})
            for key, value in row.custom.items():
                if self.on_match == OnMatch.FILL and custom.get(key) not in ("", None, []):
                    continue
                custom[key] = value
            record.custom = custom

    def _matched_records(self, pks: set[int]) -> None:
        """Lock and read at once the chunk's matched records and their labels' ids."""
        self.records = {r.pk: r for r in self.model.objects.select_for_update().filter(pk__in=pks)}
        self.record_labels: dict[int, list[int]] = {pk: [] for pk in self.records}
        through = self.model._meta.get_field("labels").remote_field.through
        column = f"{self.model._meta.model_name}_id"
        links = through.objects.filter(**{f"{column}__in": list(self.records)})
        for record_id, label_id in links.order_by("pk").values_list(column, "label_id"):
            self.record_labels[record_id].append(label_id)

    def _update(self, pk: int, row: RowData) -> ImportedRecord | None:
        record = self.records.get(pk)
        if record is None:  # deleted since the chunk looked it up
            row.errors.append(_("The matching record was deleted meanwhile."))
            return None
        before = _snapshot(record)
        labels_before = list(self.record_labels[pk])
        self._apply(record, row)
        if self.reader.link_name and (row.link_name or row.link_siren):
            current = getattr(record, self.reader.link_name + "_id")
            if current is None or self.on_match == OnMatch.OVERWRITE:
                self._link(row, record, None)
        if self.key == "opportunity":
            if row.contacts and (record.contact_id is None or self.on_match == OnMatch.OVERWRITE):
                self.reader.choose_contact(row, record)
            self.reader.apply_closing(record, before["stage_id"])
        # The row's values, checked as a new record's are (the record's others are its own).
        self.reader.check(row, unset=False)
        if row.errors:
            self._restore(record)
            return None
        try:
            with transaction.atomic():
                record.save()
        except IntegrityError as error:
            row.errors.append(constraint_message(self.model, error))
            self._restore(record)
            return None
        after = _snapshot(record)
        previous = {name: value for name, value in before.items() if after[name] != value}
        self.label_links.append((record, row.labels))  # put on at the end of the chunk
        return self._account(record, ImportedRecord.Action.UPDATED, previous, labels_before)

    def _restore(self, record) -> None:
        """After a refused row, the record read for the chunk is read again as it is."""
        self.records[record.pk] = self.model.objects.get(pk=record.pk)

    def _known_organisations(self, rows: list[RowData]) -> None:
        """Look up at once the organisations this chunk's rows name."""
        if not self.reader.link_name:
            return
        keys = set()
        for row in rows:
            if row.link_siren:
                keys.add(("siren", row.link_siren))
            name_key = targets.normalise_organisation_name(row.link_name)
            if name_key:
                keys.add(("name", name_key))
        self.organisations.update(existing_matches("organisation", keys - set(self.organisations)))

    def _new_organisations(self, rows: list[RowData], found: dict) -> dict:
        """Create at once the organisations that this chunk's new contacts or opportunities
        name and that do not exist yet; returns the rows' checked instances by line."""
        instances: dict[int, object] = {}
        if self.key not in ("contact", "opportunity") or not self.reader.link_name:
            return instances
        new: dict[tuple[str, str], Organisation] = {}
        chunk_keys: set[tuple[str, str]] = set()
        for row in rows:
            if row.errors:
                continue
            row_keys = row.match_keys(self.key)
            matched = any(k in found or k in chunk_keys for k in row_keys)
            chunk_keys.update(row_keys)
            if matched and self.on_match != OnMatch.CREATE:
                continue
            instance = self.reader.instance(row)
            self.reader.check(row)
            instances[row.line] = instance
            if row.errors or not row.link_name:
                continue
            data = {"siren": row.link_siren, "name": row.link_name}
            keys = targets.match_keys("organisation", data)
            if any(k in self.organisations or k in new for k in keys):
                continue
            checked = RowData(row.line, [], data={k: v for k, v in data.items() if v})
            self.organisation_reader.check(checked)
            if checked.errors:
                continue  # _link says why, on the row
            organisation = Organisation(name=row.link_name, siren=row.link_siren)
            for k in keys:
                new[k] = organisation
        organisations = list({id(o): o for o in new.values()}.values())
        if not organisations:
            return instances
        try:
            with transaction.atomic():
                copy_insert(Organisation, [_prepared(o) for o in organisations])
        except IntegrityError:
            return instances  # row by row in _link, which names the refused one
        for k, organisation in new.items():
            self.organisations[k] = organisation.pk
        self._account_created("organisation", organisations)
        return instances

    def _link(self, row: RowData, instance, accounts: list | None) -> None:
        """The row's organisation: found by SIREN or name, else created (and accounted for)."""
        if not self.reader.link_name or not (row.link_name or row.link_siren):
            return
        keys = targets.match_keys("organisation", {"siren": row.link_siren, "name": row.link_name})
        pk = next((self.organisations[k] for k in keys if k in self.organisations), None)
        if pk is None:
            if not row.link_name:
                row.errors.append(
                    _("No record has the SIREN number %(siren)s.") % {"siren": row.link_siren}
                )
                return
            found = Organisation(name=row.link_name, siren=row.link_siren)
            try:
                # Field rules here (SIREN format and key included); SIREN uniqueness was just
                # looked up, and the database's constraints stay the last word.
                found.full_clean(validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                row.errors.extend(f"{row.link_name}: {m}" for m in error.messages)
                return
            found.save()
            account = self._account(found, ImportedRecord.Action.CREATED)
            if accounts is not None:
                accounts.append(account)
            else:
                account.save()
            pk = found.pk
            for k in keys:
                self.organisations[k] = pk
        setattr(instance, self.reader.link_name + "_id", pk)

    def _create(self, items: list, rejected: list) -> list:
        """Insert the new records at once; if the database refuses one, row by row."""
        if not items:
            return []
        if self.key == "opportunity":
            self._place([instance for _row, instance in items])
        return self._insert(items, rejected)

    def _insert(self, items: list, rejected: list) -> list:
        """bulk_create; when the database refuses a row, the halves again, down to the
        refused rows (a few inserts for a few bad rows among thousands)."""
        try:
            with transaction.atomic():
                copy_insert(self.model, [_prepared(instance) for _row, instance in items])
            return items
        except IntegrityError as error:
            for _row, instance in items:
                instance.pk = None
                instance._state.adding = True
            if len(items) == 1:
                row = items[0][0]
                row.errors.append(constraint_message(self.model, error))
                rejected.append(self._rejected(row))
                return []
        middle = len(items) // 2
        return self._insert(items[:middle], rejected) + self._insert(items[middle:], rejected)

    def _place(self, opportunities: list) -> None:
        """New cards go to the end of their stage's column, in the file's order."""
        if not hasattr(self, "positions"):
            self.positions = dict(
                self.model.objects.values("stage_id")
                .annotate(last=Max("position"))
                .values_list("stage_id", "last")
            )
        for opportunity in opportunities:
            last = self.positions.get(opportunity.stage_id)
            opportunity.position = 0 if last is None else last + POSITION_GAP
            self.positions[opportunity.stage_id] = opportunity.position

    def _add_labels(self, records: list[tuple[object, list[str]]]) -> None:
        """Put the named labels on the records (unknown names become labels), in one insert."""
        through = self.model._meta.get_field("labels").remote_field.through
        column = f"{self.model._meta.model_name}_id"
        record_ids, label_ids = [], []
        for record, names in records:
            for name in names:
                label = self._label(name)
                if label is not None:
                    record_ids.append(record.pk)
                    label_ids.append(label.pk)
        if record_ids:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {through._meta.db_table} ({column}, label_id)"
                    " SELECT * FROM unnest(%s::bigint[], %s::bigint[]) ON CONFLICT DO NOTHING",
                    [record_ids, label_ids],
                )

    def _label(self, name: str) -> Label | None:
        label = self.labels.get(name.lower())
        if label is None:
            try:
                with transaction.atomic():
                    label = label_create(name=name)
            except ValidationError:
                return None
            self.labels[name.lower()] = label
        return label


def _prepared(instance):
    """What save() would do before an insert that bulk_create skips."""
    if hasattr(instance, "name_key"):
        instance.name_key = targets.normalise_organisation_name(instance.name)
    return instance


def _snapshot(record) -> dict:
    return {
        f.attname: _json(getattr(record, f.attname))
        for f in record._meta.concrete_fields
        if f.attname not in SKIPPED_FIELDS
    }


def _json(value):
    if value is None or isinstance(value, (str, int, float, bool, dict, list)):
        return value  # custom values are JSON already
    return str(value)


def constraint_message(model, error: IntegrityError) -> str:
    """The constraint's own words (never its name) for a row the database refused."""
    text = str(error)
    for constraint in model._meta.constraints:
        if constraint.name in text and constraint.violation_error_message:
            return str(constraint.violation_error_message)
    return _("The database refused this row.")


UNDOABLE = (BatchStatus.DONE, BatchStatus.CANCELLED, BatchStatus.FAILED)


@dataclass
class UndoCheck:
    edited: list = field(default_factory=list)  # records changed since the import


def batch_undo_check(*, batch: ImportBatch, limit: int = 50) -> UndoCheck:
    """The records of the batch edited since it ran (undo would lose those edits): a query
    per object comparing each record's `updated` with its last account's stamp."""
    check = UndoCheck()
    for key in sorted(set(batch.records.values_list("object_key", flat=True).distinct())):
        model = declaration(key).model
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT t.id FROM {model._meta.db_table} t JOIN (SELECT record_id,"
                " max(stamp) AS stamp FROM imports_importedrecord WHERE batch_id = %s"
                " AND object_key = %s GROUP BY record_id) a ON a.record_id = t.id"
                " WHERE t.updated > a.stamp ORDER BY t.id LIMIT %s",
                [batch.pk, key, limit - len(check.edited)],
            )
            ids = [row[0] for row in cursor.fetchall()]
        check.edited.extend(model.objects.filter(pk__in=ids).order_by("pk"))
        if len(check.edited) >= limit:
            break
    return check


@transaction.atomic
def batch_undo(*, batch: ImportBatch) -> ImportBatch:
    """Delete what the batch created and give back their values to what it updated."""
    # The history shows the undo as the import's (with the request's user, from its page).
    with pghistory.context(channel="import"):
        return _batch_undo(batch)


def _batch_undo(batch: ImportBatch) -> ImportBatch:
    _commit_without_waiting_for_the_disk()
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status not in UNDOABLE:
        return batch
    now = timezone.now()
    keys = sorted(
        set(batch.records.values_list("object_key", flat=True)),
        key=lambda k: k == "organisation",  # contacts before their organisations
    )
    for key in keys:
        model = declaration(key).model
        _delete_created(batch, key, model)
        _restore_updated(batch, key, model, now)
    batch.status = BatchStatus.UNDONE
    batch.undone_at = now
    batch.save(update_fields=["status", "undone_at"])
    return batch


# Set-based undo: a few statements per object whatever the batch's size (the history's
# triggers are statement-level, so these writes are recorded like any other).
def _accounts_sql(action: str) -> str:
    return (
        "SELECT record_id FROM imports_importedrecord"
        f" WHERE batch_id = %s AND object_key = %s AND action = '{action}'"
    )


def _delete_created(batch: ImportBatch, key: str, model) -> None:
    """Delete what the batch created, doing first what each relation's on_delete says."""
    created = batch.records.filter(object_key=key, action=ImportedRecord.Action.CREATED)
    ids = created.values("record_id")
    for relation in get_candidate_relations_to_delete(model._meta):
        related = relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": ids})
        on_delete = relation.field.remote_field.on_delete
        if on_delete is DO_NOTHING:
            continue
        if on_delete is SET_NULL:
            related.update(**{relation.field.name: None})
        elif on_delete is CASCADE and relation.related_model._meta.auto_created:
            # The labels' links (a many-to-many's own table, which nothing points at): one
            # DELETE rather than Django's collector reading them and deleting by hundreds.
            related._raw_delete(related.db)
        else:  # CASCADE (and PROTECT, which raises): Django's own rules for the few rows
            related.delete()
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {model._meta.db_table} WHERE id IN ({_accounts_sql('created')})",
            [batch.pk, key],
        )


def _restore_updated(batch: ImportBatch, key: str, model, now) -> None:
    """Give back their previous values and labels to the records the batch updated, with one
    UPDATE … FROM (the earliest account of a record wins) and two statements for labels."""
    updated = batch.records.filter(object_key=key, action=ImportedRecord.Action.UPDATED)
    names: set[str] = set()
    for previous in updated.values_list("previous", flat=True).iterator(chunk_size=5000):
        names.update(previous)
    table = model._meta.db_table
    accounts = (
        "SELECT DISTINCT ON (record_id) record_id, previous, previous_labels"
        " FROM imports_importedrecord WHERE batch_id = %s AND object_key = %s"
        " AND action = 'updated' ORDER BY record_id, id"
    )
    fields = {f.attname: f for f in model._meta.concrete_fields}
    assignments = []
    for name in sorted(names):
        field = fields.get(name)
        if field is None:
            continue
        column = connection.ops.quote_name(field.column)
        if field.get_internal_type() == "JSONField":
            value = f"a.previous -> '{name}'"
        else:
            value = f"(a.previous ->> '{name}')::{field.db_type(connection)}"
        assignments.append(
            f"{column} = CASE WHEN a.previous ? '{name}' THEN {value} ELSE t.{column} END"
        )
    assignments.append("updated = %s")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} t SET {', '.join(assignments)} FROM ({accounts}) a"
            " WHERE t.id = a.record_id",
            [now, batch.pk, key],
        )
        through = model._meta.get_field("labels").remote_field.through
        column = f"{model._meta.model_name}_id"
        labelled = f"{accounts}"
        cursor.execute(
            f"DELETE FROM {through._meta.db_table} WHERE {column} IN"
            f" (SELECT record_id FROM ({labelled}) a WHERE a.previous_labels IS NOT NULL)",
            [batch.pk, key],
        )
        cursor.execute(
            f"INSERT INTO {through._meta.db_table} ({column}, label_id)"
            " SELECT a.record_id, e.id::bigint FROM"
            f" ({labelled}) a, jsonb_array_elements_text(a.previous_labels) e(id)"
            f" WHERE EXISTS (SELECT 1 FROM {table} t WHERE t.id = a.record_id)"
            " AND EXISTS (SELECT 1 FROM labels_label l WHERE l.id = e.id::bigint)"
            " ON CONFLICT DO NOTHING",
            [batch.pk, key],
        )


def rejected_csv(batch: ImportBatch) -> Iterator[str]:
    """The rejected rows with a reason column, ready to fix and import again."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*batch.headers, _("Reason")])
    yield "\ufeff" + _pop(buffer)
    for row in batch.rejected.all().iterator(chunk_size=2000):
        writer.writerow([*row.values, row.reason])
        yield _pop(buffer)


def _pop(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
