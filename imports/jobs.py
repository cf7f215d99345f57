"""The import's background job: the worker runs a queued batch in its workspace's schema."""

from __future__ import annotations

from django.db import transaction
from django.utils import translation
from procrastinate import RetryStrategy

from imports import services
from imports.models import ImportBatch
from workspaces.jobs import workspace_task


# No retry: a run that fails marks its batch failed (whole chunks written, undoable), and a
# second attempt would find it no longer queued.
@workspace_task(retry=RetryStrategy(max_attempts=0))
def import_batch(*, batch_id: int, language: str = "fr") -> None:
    """Import the batch's rows; rejected rows' reasons in the language of who started it."""
    with translation.override(language):
        services.batch_run(batch_id=batch_id)


def batch_launch(*, batch: ImportBatch) -> ImportBatch:
    """Queue the import; the worker takes it once the request's transaction has committed."""
    services.batch_start(batch=batch)
    language = translation.get_language() or "fr"
    transaction.on_commit(lambda: import_batch.defer(batch_id=batch.pk, language=language))
    return batch
