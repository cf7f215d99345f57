"""A record of any of the four objects, named by its object key and id: `contact:42`.

Activity, import and statistics say "this contact" with a RecordRef instead of four `if`s:

    ref = RecordRef.parse(request.POST.get("record"))     # None if malformed
    record = ref.get(object_settings)                      # 404: disabled object, unknown id
    ref.url, ref.crm_object(object_settings).singular, str(ref) == "contact:42"
    RecordRef.of(record)                                   # the ref of a model instance
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Model
from django.http import Http404
from django.urls import reverse

from records.validation import parse_id
from workspaces.object_settings import OBJECT_TYPES, CrmObject, ObjectSettings


@dataclass(frozen=True)
class RecordRef:
    key: str  # "organisation", "contact", "opportunity", "prospect"
    pk: int

    def __str__(self) -> str:
        return f"{self.key}:{self.pk}"

    @classmethod
    def parse(cls, text) -> RecordRef | None:
        """`"contact:42"` → RecordRef("contact", 42); None for anything else."""
        key, _sep, pk = str(text or "").partition(":")
        number = parse_id(pk)
        if key not in OBJECT_TYPES or number is None:
            return None
        return cls(key, number)

    @classmethod
    def of(cls, record: Model) -> RecordRef:
        for key, object_type in OBJECT_TYPES.items():
            if object_type.model_label == record._meta.label:
                return cls(key, record.pk)
        raise ValueError(f"{record._meta.label} is not a CRM object")

    @property
    def model(self) -> type[Model]:
        return OBJECT_TYPES[self.key].model

    @property
    def url(self) -> str:
        return reverse(f"{OBJECT_TYPES[self.key].url_namespace}:detail", args=[self.pk])

    def crm_object(self, object_settings: ObjectSettings) -> CrmObject:
        return object_settings[self.key]

    def get(self, object_settings: ObjectSettings) -> Model:
        """The record, in the current workspace's schema; 404 if its object is disabled."""
        if not object_settings.is_enabled(self.key):
            raise Http404
        record = self.model.objects.filter(pk=self.pk).first()
        if record is None:
            raise Http404
        return record
