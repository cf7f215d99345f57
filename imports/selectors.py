"""Reads of imports: the batches of the workspace."""

from __future__ import annotations

from django.db.models import QuerySet

from imports.models import BatchStatus, ImportBatch


def batch_list() -> QuerySet[ImportBatch]:
    """The workspace's batches, newest first, without their files."""
    return ImportBatch.objects.defer("content").order_by("-created", "-pk")


def has_finished_import() -> bool:
    """Whether a file has been imported to the end in this workspace (a first step done)."""
    return ImportBatch.objects.filter(status=BatchStatus.DONE).exists()
