"""Writes shared by every CRM object: labels on a set of records."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from labels.models import Label


def _through(records: QuerySet):
    through = records.model._meta.get_field("labels").remote_field.through
    return through, f"{records.model._meta.model_name}_id"


@transaction.atomic
def records_label_add(*, records: QuerySet, label: Label) -> int:
    """Put `label` on every record of `records` (those that have it already keep it once)."""
    through, column = _through(records)
    ids = list(records.values_list("pk", flat=True))
    through.objects.bulk_create(
        [through(**{column: pk, "label_id": label.pk}) for pk in ids], ignore_conflicts=True
    )
    _touch(records.model, ids)
    return len(ids)


@transaction.atomic
def records_label_remove(*, records: QuerySet, label: Label) -> int:
    """Take `label` off every record of `records`."""
    through, column = _through(records)
    ids = list(records.values_list("pk", flat=True))
    through.objects.filter(**{f"{column}__in": ids}, label_id=label.pk).delete()
    _touch(records.model, ids)
    return len(ids)


def _touch(model, ids) -> None:
    """Labels changed: the records count as updated (when they keep that date)."""
    if any(f.name == "updated" for f in model._meta.concrete_fields):
        model.objects.filter(pk__in=ids).update(updated=timezone.now())
