"""An import batch: one file brought into one object, kept so that it can be undone."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OnMatch(models.TextChoices):
    SKIP = "skip", _("Skip the row")
    FILL = "fill", _("Fill only the empty fields")
    OVERWRITE = "overwrite", _("Overwrite with the file's values")
    CREATE = "create", _("Create a new record anyway")


class BatchStatus(models.TextChoices):
    DRAFT = "draft", _("To map")
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Running")
    CANCELLING = "cancelling", _("Stopping")
    CANCELLED = "cancelled", _("Stopped")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    UNDONE = "undone", _("Undone")


class ImportBatch(models.Model):
    object_key = models.CharField(_("object"), max_length=20)
    file_name = models.CharField(_("file"), max_length=255)
    # The file itself, in the database so that a worker on any machine reads it; emptied
    # once the import has run.
    content = models.BinaryField(default=b"", editable=False)
    sheet = models.CharField(max_length=100, blank=True)
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=list)  # one field name per column, "" = ignored
    on_match = models.CharField(max_length=20, choices=OnMatch.choices, default=OnMatch.SKIP)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,  # people live in the public schema
        null=True,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    status = models.CharField(max_length=20, choices=BatchStatus.choices, default="draft")
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    rejected_count = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self):
        return self.file_name

    @property
    def is_active(self) -> bool:
        return self.status in (BatchStatus.QUEUED, BatchStatus.RUNNING, BatchStatus.CANCELLING)

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status == BatchStatus.DONE else 0
        return min(100, self.processed_rows * 100 // self.total_rows)

    @property
    def rows_per_second(self) -> int | None:
        if not self.started_at or not self.processed_rows:
            return None
        end = self.finished_at or timezone.now()
        seconds = (end - self.started_at).total_seconds()
        return round(self.processed_rows / seconds) if seconds > 0 else None


class ImportedRecord(models.Model):
    """A record the batch created, or updated (with the values it had before)."""

    class Action(models.TextChoices):
        CREATED = "created", pgettext_lazy("import action", "created")
        UPDATED = "updated", pgettext_lazy("import action", "updated")

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="records")
    object_key = models.CharField(max_length=20)
    record_id = models.BigIntegerField()
    action = models.CharField(max_length=10, choices=Action.choices)
    previous = models.JSONField(default=dict)  # attname -> value before the import
    previous_labels = models.JSONField(null=True)  # label ids before the import
    # The record's `updated` right after the import: a later one means someone edited it.
    stamp = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["batch", "object_key", "action"], name="imported_batch")]

    def __str__(self):
        return f"{self.object_key}:{self.record_id} ({self.action})"


class RejectedRow(models.Model):
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rejected")
    line = models.PositiveIntegerField()
    values = models.JSONField(default=list)
    reason = models.TextField()

    class Meta:
        ordering = ["line", "pk"]

    def __str__(self):
        return f"{self.batch_id}:{self.line}"


class ImportMapping(models.Model):
    """The last mapping used for a set of column names: offered again for the same file."""

    object_key = models.CharField(max_length=20)
    header_key = models.CharField(max_length=64)
    mapping = models.JSONField(default=list)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["object_key", "header_key"], name="imports_mapping_unique"
            )
        ]

    def __str__(self):
        return f"{self.object_key}:{self.header_key[:8]}"
