"""A record of any of the four objects, named `<object key>:<id>` (e.g. `contact:42`).

Forms, URLs and jobs that point at "any record" carry this string. Resolving it checks that the
object is enabled in the workspace and looks the id up in the current schema only, so a
disabled object or another workspace's id is a 404.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.http import Http404

from workspaces.object_settings import OBJECT_TYPES, ObjectSettings

REF_PATTERN = re.compile(r"^(?P<key>[a-z]+):(?P<pk>[1-9][0-9]{0,17})$")


@dataclass(frozen=True)
class RecordRef:
    key: str
    pk: int

    @classmethod
    def parse(cls, value: str) -> RecordRef:
        """`"contact:42"` -> RecordRef("contact", 42); ValueError for anything else."""
        match = REF_PATTERN.match((value or "").strip())
        if match is None or match["key"] not in OBJECT_TYPES:
            raise ValueError(value)
        return cls(match["key"], int(match["pk"]))

    @classmethod
    def of(cls, record) -> RecordRef:
        for key, object_type in OBJECT_TYPES.items():
            if object_type.model_label == record._meta.label:
                return cls(key, record.pk)
        raise ValueError(record)

    def __str__(self) -> str:
        return f"{self.key}:{self.pk}"

    @property
    def model(self):
        return OBJECT_TYPES[self.key].model

    def resolve(self, object_settings: ObjectSettings):
        """The record, or Http404 (disabled object, unknown id, another workspace's id)."""
        if not object_settings.is_enabled(self.key):
            raise Http404
        record = self.model.objects.filter(pk=self.pk).first()
        if record is None:
            raise Http404
        return record


def record_from_string(value: str, object_settings: ObjectSettings):
    """The record a `<key>:<id>` string names, or Http404."""
    try:
        ref = RecordRef.parse(value)
    except ValueError:
        raise Http404 from None
    return ref.resolve(object_settings)
