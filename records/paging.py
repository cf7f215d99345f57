"""How a list of records is read a page at a time, and how a search picks its first results.

Both stay fast on any filter or search term at 100,000+ rows:

- **few-rows probe**: a search reads its first FEW_ROWS + 1 matching ids, sorted, and the
  number of its matches in one query (its trigram indexes find them, a bitmap scan). Those ids
  make the page and the count: no second pass, for as many matches as there are (beyond
  FEW_ROWS, its first pages still come from them). Other filters are counted first (bounded,
  below), and their matches read in one more query only when there are at most FEW_ROWS
  (unsorted under a LIMIT, then sorted).
- **deferred join**: beyond FEW_ROWS, the page's ids come from the sort index alone (cheap even
  at a deep OFFSET); only those ids are then read with their joins and prefetches.
- **capped count**: beyond EXACT_COUNT matches of other filters, the planner's estimate
  stands for the count (« environ 1,2 million »): counting a million rows on every page view
  costs more than it tells.
- **keyset pages**: the Next and Previous links carry the sort values of the page's last (first)
  row (`after=`, `before=`, a `Keyset` cursor), so the next page starts where this one ended in
  the sort index, at any depth (page 1000 as fast as page 1). `?page=N` alone still works (the
  deferred join with an OFFSET), and so does a cursor that no longer fits (it is ignored).
"""

from __future__ import annotations

import base64
import binascii
import json

from django.core.exceptions import EmptyResultSet, FieldDoesNotExist, ValidationError
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import BooleanField, Count, QuerySet, Window
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property

FEW_ROWS = 2000  # up to this many matches, a list reads all their ids in one query
# The matches of a common term a global search or a picker sorts to show its first few: read
# unsorted, in the order the trigram indexes give them (« martin » at a million contacts:
# 2,000 candidates cost 39 ms of heap reads, 500 about a quarter of that).
CANDIDATES = 500
EXACT_COUNT = 10_000  # up to this many matches a list counts them; beyond, it estimates


class CountedPaginator(Paginator):
    """A Paginator told its count (exact or estimated) instead of counting every row."""

    def __init__(self, object_list, per_page, *, count: int, estimated: bool):
        super().__init__(object_list, per_page)
        self._count, self.estimated = count, estimated

    @cached_property
    def count(self) -> int:
        return self._count


def count_of(queryset: QuerySet) -> tuple[int, bool]:
    """How many rows match: exact up to EXACT_COUNT, else the planner's estimate (True).

    A whole table (no filter) asks its statistics first, in the same query as its count: once
    analysed, a table beyond EXACT_COUNT rows is not counted at all (reading 10,001 of its rows
    to learn that it has more tells nothing)."""
    ids = queryset.order_by().values("pk")
    if not ids.query.where:
        rows, counted = _table_rows_or_count(ids)
        if rows is not None:
            return rows, True
    else:
        counted = ids[: EXACT_COUNT + 1].count()
    if counted <= EXACT_COUNT:
        return counted, False
    return max(_estimate(ids), counted), True


def _table_rows_or_count(ids: QuerySet) -> tuple[int | None, int | None]:
    """(the table's rows by its statistics, None) when they are beyond EXACT_COUNT, else
    (None, its rows counted up to EXACT_COUNT + 1). One query: PostgreSQL runs the count's
    subquery only when the statistics do not answer (never analysed: reltuples is -1)."""
    connection = connections[ids.db]
    table = connection.ops.quote_name(ids.model._meta.db_table)
    sql, params = ids[: EXACT_COUNT + 1].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT CASE WHEN c.reltuples > %s THEN c.reltuples::bigint END, "
            "CASE WHEN c.reltuples > %s THEN NULL "
            f"ELSE (SELECT count(*) FROM ({sql}) AS counted) END "
            "FROM pg_class c WHERE c.oid = to_regclass(%s)",
            (EXACT_COUNT, EXACT_COUNT, *params, table),
        )
        found = cursor.fetchone()
    if found is None:  # not a table of the search path (cannot happen): count it
        return None, ids[: EXACT_COUNT + 1].count()
    return found[0], found[1]


def _estimate(ids: QuerySet) -> int:
    """The planner's estimate of the rows of `ids` (EXPLAIN: from the table's statistics)."""
    sql, params = ids.query.sql_with_params()
    with connections[ids.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def _ordering(queryset: QuerySet) -> list:
    return list(queryset.query.order_by or queryset.model._meta.ordering)


def probe(queryset: QuerySet) -> tuple[list[int], int]:
    """The first FEW_ROWS + 1 matching ids in the queryset's order, and how many match in all
    (a search: its trigram indexes find the matches). One query: the sort reads every match
    anyway, so counting them there costs nothing, where a count and a page of their own would
    each find them all again (« helene », 18,422 matches among a million contacts: one pass
    of 180 ms instead of three of 400)."""
    rows = list(
        queryset.annotate(matches=Window(Count("pk"))).values_list("pk", "matches")[: FEW_ROWS + 1]
    )
    return [pk for pk, _matches in rows], rows[0][1] if rows else 0


def few_sorted(queryset: QuerySet) -> list[int]:
    """The ids of a queryset known to match at most FEW_ROWS rows, in its order: found
    unsorted (a LIMIT fences them), then sorted, so that no sort index is walked to find them."""
    found = queryset.order_by().values("pk")[:FEW_ROWS]
    return list(
        queryset.model.objects.filter(pk__in=found)
        .order_by(*_ordering(queryset))
        .values_list("pk", flat=True)
    )


class Keyset:
    """A list's sort as columns of its table, all one way (the sort indexes end with `id`):
    what lets a page start after (or end before) a row, whatever its depth."""

    def __init__(self, queryset: QuerySet, fields: list, descending: bool):
        self.queryset, self.fields, self.descending = queryset, fields, descending
        self.signature = ",".join(("-" if descending else "") + f.name for f in fields)

    @classmethod
    def of(cls, queryset: QuerySet) -> Keyset | None:
        """The keyset of the queryset's order, or None (a custom field, a join, nullable)."""
        ordering, meta = _ordering(queryset), queryset.model._meta
        if not ordering or not all(isinstance(key, str) for key in ordering):
            return None
        directions = {key.startswith("-") for key in ordering}
        fields = []
        for key in ordering:
            name = key.removeprefix("-")
            if "__" in name:
                return None
            try:
                field = meta.pk if name == "pk" else meta.get_field(name)
            except FieldDoesNotExist:  # an annotation
                return None
            if not field.concrete or field.null or field.model is not queryset.model:
                return None
            fields.append(field)
        if len(directions) != 1 or fields[-1] != meta.pk:
            return None
        return cls(queryset, fields, directions.pop())

    def cursor(self, record) -> str:
        """The cursor of `record`: its sort values, in the URL of the next or previous page."""
        values = [f.value_to_string(record) for f in self.fields]
        text = json.dumps([self.signature, values], separators=(",", ":"))
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    def values(self, cursor: str) -> list | None:
        """The sort values of a cursor made for this sort, else None (stale, garbage)."""
        try:
            text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            signature, values = json.loads(text)
            if signature != self.signature or len(values) != len(self.fields):
                return None
            return [f.to_python(v) for f, v in zip(self.fields, values, strict=True)]
        except (ValueError, TypeError, ValidationError, binascii.Error, UnicodeDecodeError):
            return None

    def ids(self, values: list, *, after: bool, limit: int) -> list[int]:
        """The ids of up to `limit` rows after (or before) the row of `values`, in order."""
        quote = connections[self.queryset.db].ops.quote_name
        table = quote(self.queryset.model._meta.db_table)
        columns = ", ".join(f"{table}.{quote(f.column)}" for f in self.fields)
        marks = ", ".join(["%s"] * len(values))
        forward = after != self.descending  # rows greater than the cursor's
        condition = RawSQL(
            f"({columns}) {'>' if forward else '<'} ({marks})",
            values,
            output_field=BooleanField(),
        )
        queryset = self.queryset if after else self.queryset.reverse()
        ids = list(queryset.filter(condition).values_list("pk", flat=True)[:limit])
        return ids if after else ids[::-1]


def page_of(
    queryset: QuerySet,
    rows: QuerySet,
    *,
    number,
    per_page: int,
    searching: bool,
    after: str = "",
    before: str = "",
    exact: bool = False,
) -> Page:
    """Page `number` of `queryset` (filtered and sorted), its records read from `rows` (the
    selector with the joins the page shows) by id, in order. `after`/`before`: the cursor of
    the row the page follows (precedes), from the previous (next) page's link. `exact`: count
    every match, however many (asked for by the person: « Count exactly »).

    The page gets `next_cursor` and `previous_cursor` for its links ("" when the page is
    read from the few-rows probe, or the sort has no keyset)."""
    keyset = None
    ids = None
    first: list[int] = []  # a search's first FEW_ROWS + 1 ids, in order
    if searching:
        first, count = probe(queryset)
        estimated = False
        few = first if count <= FEW_ROWS else None
    else:
        # Other filters count first (one query, bounded), and read their few ids sorted only
        # when there are few: a list of 100,000 asks no probe of 2,000 ids it would not use.
        if exact:
            count, estimated = queryset.order_by().count(), False
        else:
            count, estimated = count_of(queryset)
        few = None
        if count <= FEW_ROWS and not estimated:
            few = few_sorted(queryset) if count else []
    if few is not None:
        paginator = CountedPaginator(few, per_page, count=len(few), estimated=False)
    else:
        paginator = CountedPaginator(
            queryset.values_list("pk", flat=True), per_page, count=count, estimated=estimated
        )
        keyset = Keyset.of(queryset)
    page = paginator.get_page(number)
    if keyset is not None and (after or before):
        values = keyset.values(after or before)
        if values is not None:
            ids = keyset.ids(values, after=bool(after), limit=per_page) or None
    if ids is None and page.end_index() <= len(first):  # a search's first pages: probed
        ids = first[page.start_index() - 1 : page.end_index()]
    if ids is None:
        ids = list(page.object_list)
    by_id = {record.pk: record for record in rows.filter(pk__in=ids).order_by()}
    page.object_list = [by_id[pk] for pk in ids if pk in by_id]
    page.next_cursor = page.previous_cursor = ""
    if keyset is not None and page.object_list:
        page.next_cursor = keyset.cursor(page.object_list[-1])
        page.previous_cursor = keyset.cursor(page.object_list[0])
    return page


def first_matches(matching: QuerySet, rows: QuerySet, *, limit: int) -> list:
    """The first `limit` records of `matching` in its order, read from `rows`, in bounded work.

    A common term ("martin") matches thousands of rows: walking the name index until `limit`
    of them turn up would read most of it. Instead up to CANDIDATES matches are found unsorted
    (the trigram indexes find them), then sorted: beyond CANDIDATES matches, the first ones
    found stand for the rest (a "more" link leads to the full, sorted list).
    """
    # One query. Innermost, up to CANDIDATES matches with their sort columns (a LIMIT is a fence
    # PostgreSQL computes first, from the trigram indexes); then the first `limit` of them in
    # order; only those few rows are then read with their joins.
    ordering = _ordering(matching)
    columns = [key.removeprefix("-") for key in ordering]
    found = matching.order_by().values_list("pk", *columns)[:CANDIDATES]
    try:
        sql, params = found.query.sql_with_params()
    except EmptyResultSet:  # e.g. a term too short to be looked for
        return []
    aliases = ", ".join(["id", *(f"sort{i}" for i in range(len(columns)))])
    order = ", ".join(
        f"sort{i} {'DESC' if key.startswith('-') else 'ASC'}" for i, key in enumerate(ordering)
    )
    first = RawSQL(
        f"SELECT id FROM ({sql}) AS found ({aliases}) ORDER BY {order} LIMIT %s",
        (*params, limit),
    )
    return list(rows.filter(pk__in=first).order_by(*ordering))
