"""The record a form or a URL names as `<object key>:<id>` (records.refs.RecordRef)."""

from __future__ import annotations

from django.http import Http404

from records.refs import RecordRef
from workspaces.object_settings import ObjectSettings

__all__ = ["RecordRef", "record_or_404"]


def record_or_404(value: str, object_settings: ObjectSettings):
    """The record `value` names; 404 if malformed, of a disabled object or not in this schema."""
    ref = RecordRef.parse(value)
    if ref is None:
        raise Http404
    return ref.get(object_settings)
