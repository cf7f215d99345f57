"""Accent- and case-blind substring search on trigram indexes.

Every searchable column is indexed as `public.immutable_unaccent(lower(col))` with
`public.gin_trgm_ops` (see workspaces/migrations/0002_text_search.py), and searched with
`LIKE '%term%'` on the very same expression, so PostgreSQL uses the index.

    class Meta:
        indexes = [trigram_index("name", prefix="org")]

    queryset.filter(search_filter(["name", "email"], "élise"))
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db.models import CharField, Func, Q, TextField
from django.db.models.functions import Lower
from django.db.models.lookups import Contains


class ImmutableUnaccent(Func):
    """public.immutable_unaccent(text): unaccent() pinned to its dictionary, hence indexable."""

    function = "public.immutable_unaccent"
    output_field = TextField()


def search_expression(field_name: str):
    """The expression indexed and searched for `field_name`."""
    return ImmutableUnaccent(Lower(field_name))


def trigram_index(field_name: str, *, prefix: str) -> GinIndex:
    """A GIN trigram index on immutable_unaccent(lower(field_name))."""
    return GinIndex(
        OpClass(search_expression(field_name), name="gin_trgm_ops"),
        name=f"{prefix}_{field_name}_trgm"[:30],
    )


MAX_WORDS = 5


def normalise_search_term(term: str) -> str:
    """At most 100 characters, spaces collapsed, no NUL byte (PostgreSQL refuses it)."""
    return " ".join((term or "").replace("\x00", "").split())[:100]


def search_filter(field_names: list[str], term: str) -> Q:
    """Rows where every word of `term` is in one of `field_names`, ignoring case and accents.

    "jean dupont" finds Jean in first_name and Dupont in last_name. Each word goes through the
    same immutable_unaccent(lower()) in SQL, so the comparison is exactly the one the index was
    built for; LIKE wildcards typed by the user are escaped by Django.
    """
    words = normalise_search_term(term).split(" ")[:MAX_WORDS]
    condition = Q()
    for word in filter(None, words):
        needle = ImmutableUnaccent(Lower(_value(word)))
        condition &= reduce(
            or_, (Q(Contains(search_expression(name), needle)) for name in field_names)
        )
    return condition


def _value(term: str):
    from django.db.models import Value

    return Value(term, output_field=CharField())
