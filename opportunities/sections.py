"""What opportunities add to other objects' record pages: an organisation's or a contact's."""

from __future__ import annotations

from opportunities.selectors import opportunities_of

RELATED_LIMIT = 20


def related_opportunities(request, record, object_settings) -> dict:
    """The newest opportunities of an organisation or a contact."""
    kind = record._meta.model_name
    opportunities = list(opportunities_of(**{kind: record}, limit=RELATED_LIMIT + 1))
    membership = getattr(request, "membership", None)
    return {
        "crm_object": object_settings["opportunity"],
        "opportunities": opportunities[:RELATED_LIMIT],
        "more": len(opportunities) > RELATED_LIMIT,
        "kind": kind,
        "can_write": bool(membership and membership.can_write),
    }
