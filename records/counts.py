"""Counts shown outside the lists (the dashboard's figures), read as the lists read theirs.

Exact up to records.paging.EXACT_COUNT, the planner's estimate beyond (`count_of`), said
« environ 1,2 million »: counting a million rows on every visit of the dashboard costs more
than it tells, and the list the figure leads to shows the same estimate. Nothing is kept
between requests, so a figure is never stale: a change shows on the next page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.contrib.humanize.templatetags.humanize import intword
from django.db import connections
from django.db.models import QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from records import paging
from records.paging import count_of


def about(total: int) -> str:
    """An estimated total as people say it: « environ 1,2 million », « environ 45 000 »."""
    rounded = int(float(f"{total:.2g}"))
    text = intword(rounded) if rounded >= 1_000_000 else number_format(rounded, force_grouping=True)
    return _("about %(count)s") % {"count": text}


@dataclass(frozen=True)
class RecordCount:
    value: int
    estimated: bool = False

    @classmethod
    def of(cls, queryset: QuerySet) -> RecordCount:
        """How many rows `queryset` has, as a list counts them (records.paging.count_of)."""
        return cls(*count_of(queryset))

    def __add__(self, other: RecordCount) -> RecordCount:
        return RecordCount(self.value + other.value, self.estimated or other.estimated)

    @property
    def shown(self) -> int | str:
        """What a page shows: the number, or « environ … » for an estimate."""
        return about(self.value) if self.estimated else self.value


def counts_of(querysets: dict[str, QuerySet]) -> dict[str, RecordCount]:
    """Several counts in one query, each read up to EXACT_COUNT + 1 rows (from an index where
    one serves the filter), then the planner's estimate for those beyond, as `count_of`."""
    if not querysets:
        return {}
    parts, params, db = [], [], None
    for queryset in querysets.values():
        capped = queryset.order_by().values("pk")[: paging.EXACT_COUNT + 1]
        sql, more = capped.query.sql_with_params()
        parts.append(f"(SELECT count(*) FROM ({sql}) AS capped)")
        params += more
        db = queryset.db
    with connections[db].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        counted = cursor.fetchone()
    counts = {name: RecordCount(value) for name, value in zip(querysets, counted, strict=True)}
    beyond = [name for name, count in counts.items() if count.value > paging.EXACT_COUNT]
    for name, estimate in zip(beyond, _estimates([querysets[n] for n in beyond]), strict=True):
        counts[name] = RecordCount(max(estimate, counts[name].value), estimated=True)
    return counts


def _estimates(querysets: list[QuerySet]) -> list[int]:
    """The planner's estimate of the rows each queryset matches (what count_of says beyond
    its bound): one EXPLAIN of them all, each a branch of a UNION ALL."""
    if not querysets:
        return []
    parts, params = [], []
    for queryset in querysets:
        sql, more = queryset.order_by().values("pk").query.sql_with_params()
        parts.append(f"({sql})")
        params += more
    with connections[querysets[0].db].cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + " UNION ALL ".join(parts), params)
        plan = cursor.fetchone()[0]
    plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
    if len(querysets) == 1:
        return [int(plan["Plan Rows"])]
    branches = plan.get("Plans", []) if plan["Node Type"] == "Append" else []
    if len(branches) != len(querysets):  # a plan of another shape: one EXPLAIN each
        return [_estimates([queryset])[0] for queryset in querysets]
    return [int(branch["Plan Rows"]) for branch in branches]
