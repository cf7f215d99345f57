"""Reads of imports: the batches of the workspace."""

from __future__ import annotations

from django.db.models import QuerySet

from imports.models import ImportBatch


def batch_list() -> QuerySet[ImportBatch]:
    """The workspace's batches, newest first, without their files."""
    return ImportBatch.objects.defer("content").order_by("-created", "-pk")
