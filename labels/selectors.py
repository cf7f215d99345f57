"""Reads about labels, including which records carry one.

The models that can carry labels are discovered, not listed: any model with a many-to-many
to Label (the four objects each declare `labels = models.ManyToManyField("labels.Label", ...)`)
appears in Label._meta.related_objects, so a new object needs nothing here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from labels.models import Label


def label_list() -> QuerySet[Label]:
    """The workspace's labels, by name."""
    return Label.objects.all()


def labelled_relations() -> list:
    """The many-to-many relations that point at Label (one per model carrying labels)."""
    return [rel for rel in Label._meta.related_objects if rel.many_to_many]


@dataclass
class LabelUsage:
    total: int = 0
    by_model: list[tuple[type, int]] = field(default_factory=list)  # (model, count), count > 0


def label_usage(*, label: Label) -> LabelUsage:
    """How many records carry `label`, per model (one COUNT per labelled model)."""
    usage = LabelUsage()
    for rel in labelled_relations():
        through = rel.through
        target = rel.field.m2m_reverse_field_name()
        count = through.objects.filter(**{target: label}).count()
        if count:
            usage.total += count
            usage.by_model.append((rel.related_model, count))
    return usage
