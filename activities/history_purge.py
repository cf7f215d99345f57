"""A purged custom field leaves the history too: a purge means its values are gone.

Registered with `workspaces.registry.custom_values_purged`; records.custom_field_services
calls it inside the purge's transaction, after the records themselves lost the values.
"""

from __future__ import annotations

import pgtrigger

from activities.history_models import RECORD_EVENTS
from records.custom_fields import without_key


def custom_values_purge(object_key: str, field_key: str) -> int:
    """Remove the field `field_key` from the custom values of every history row of
    `object_key`, other keys untouched: one UPDATE. Returns how many rows changed."""
    event_model = RECORD_EVENTS[object_key]
    # The history is append-only (a trigger refuses changes): erasure and purges are the
    # exceptions.
    with pgtrigger.ignore(f"activities.{event_model.__name__}:append_only"):
        return event_model.objects.filter(custom__has_key=field_key).update(
            custom=without_key(field_key)
        )
