"""Reads of notes, tasks and the timeline: querysets and small bounded lists."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Window, prefetch_related_objects
from django.utils import timezone

from activities.models import (
    RECORD_FIELDS,
    Checklist,
    ChecklistItem,
    ChecklistTemplate,
    Note,
    Task,
)
from activities.refs import RecordRef
from contacts.models import Contact
from opportunities.models import Opportunity
from prospects.models import Prospect
from records.selectors import with_names
from records.validation import parse_id
from workspaces.object_settings import OBJECT_TYPES, ObjectSettings

TIMELINE_PAGE = 20
OPEN_TASKS_SHOWN = 10  # on a record page; the others are in "Mes tâches"
GROUP_LIMIT = 25  # rows shown per group of "Mes tâches" (then "show all")
GROUP_ALL_LIMIT = 500  # rows shown when one group is opened
DONE_RECENTLY_DAYS = 7
# What a row of « Mes tâches » shows of a task (activities.components.task_row): the rest of
# it (its description, author and times) is not read.
TASK_ROW_FIELDS = ("title", "due", "due_time", "done_at", "assignee", "done_by", *RECORD_FIELDS)


def on_enabled_records(object_settings: ObjectSettings) -> Q:
    """Rows that are on no record of a disabled object."""
    condition = Q()
    for key in RECORD_FIELDS:
        if not object_settings.is_enabled(key):
            condition &= Q(**{f"{key}__isnull": True})
    return condition


def of_record(ref: RecordRef) -> Q:
    return Q(**{f"{ref.key}_id": ref.pk})


# A converted prospect's notes carry over to what it produced: they are read, not copied.
CONVERTED_INTO = {
    "organisation": "converted_organisation",
    "contact": "converted_contact",
    "opportunity": "converted_opportunity",
}


def notes_of(ref: RecordRef) -> Q:
    """The record's notes and those of the prospects converted into it."""
    condition = of_record(ref)
    link = CONVERTED_INTO.get(ref.key)
    if link:
        prospects = Prospect.objects.filter(**{f"{link}_id": ref.pk}).values("pk")
        condition |= Q(prospect_id__in=prospects)
    return condition


# --- tasks on a record ------------------------------------------------------------------------


def record_open_tasks(*, ref: RecordRef) -> QuerySet[Task]:
    """The record's open tasks, soonest due first (no date last), with what their rows show
    (activities.components.task_row) and their people's names."""
    tasks = Task.objects.filter(of_record(ref), done_at__isnull=True)
    return with_names(tasks, "assignee", "done_by", only=TASK_ROW_FIELDS).order_by(
        "due", "due_time", "id"
    )


# --- "Mes tâches" -----------------------------------------------------------------------------


GROUP_NAMES = ("overdue", "today", "week", "later", "done")


@dataclass
class TaskGroup:
    name: str  # overdue, today, week, later, done
    tasks: list[Task]
    count: int

    @property
    def more(self) -> bool:
        return self.count > len(self.tasks)


def task_list(
    *,
    object_settings: ObjectSettings,
    assignee_id: int | None = None,
    object_key: str = "",
) -> QuerySet[Task]:
    """Tasks of the enabled objects, of one assignee (None: anyone), on one object's records
    (`object_key`; "none" for tasks on no record)."""
    tasks = Task.objects.filter(on_enabled_records(object_settings))
    if assignee_id is not None:
        tasks = tasks.filter(assignee_id=assignee_id)
    if object_key == "none":
        tasks = tasks.filter(no_record())
    elif object_key in RECORD_FIELDS:
        tasks = tasks.filter(**{f"{object_key}__isnull": False})
    # No joins here: task_groups loads the people and records of all its rows at once.
    return tasks


def no_record() -> Q:
    return Q(**{f"{key}__isnull": True for key in RECORD_FIELDS})


def week_end(today: datetime.date) -> datetime.date:
    return today + datetime.timedelta(days=6 - today.weekday())


def task_groups(
    *, tasks: QuerySet[Task], today: datetime.date | None = None, only: str = ""
) -> list[TaskGroup]:
    """Overdue, today, this week, later (and no date), done recently: each group's first rows
    and its count (two queries a group), or all of one group (`only`, up to GROUP_ALL_LIMIT)."""
    today = today or timezone.localdate()
    tasks = tasks.only(*TASK_ROW_FIELDS)
    open_tasks = tasks.filter(done_at__isnull=True).order_by("due", "due_time", "id")
    since = timezone.now() - datetime.timedelta(days=DONE_RECENTLY_DAYS)
    queries = {
        "overdue": open_tasks.filter(due__lt=today),
        "today": open_tasks.filter(due=today),
        "week": open_tasks.filter(due__gt=today, due__lte=week_end(today)),
        "later": None,  # below
        "done": tasks.filter(done_at__gte=since).order_by("-done_at", "-id"),
    }
    groups = []
    for name, query in queries.items():
        if only and name != only:
            continue
        limit = GROUP_ALL_LIMIT if only else GROUP_LIMIT
        if name == "later":
            # Dated tasks first, then those without a date: two index-ordered reads instead of
            # one OR that would sort every open task of the person.
            dated = open_tasks.filter(due__gt=week_end(today))
            undated = open_tasks.filter(due__isnull=True).order_by("id")
            rows = list(dated[:limit])
            count = len(rows) if len(rows) < limit else dated.order_by().count()
            if len(rows) < limit:
                rows += list(undated[: limit - len(rows)])
                count = len(rows) if len(rows) < limit else count + undated.order_by().count()
            else:
                count += undated.order_by().count()
        else:
            rows = list(query[:limit])
            count = len(rows) if len(rows) < limit else query.order_by().count()
        groups.append(TaskGroup(name, rows[:limit], count))
    # One query per kind of link for every group's rows (cheaper to plan than six joins a
    # group); of a record, only what names it (its custom values and the rest stay unread).
    records = [
        Prefetch(key, queryset=model.objects.only(*model.name_fields))
        for key in RECORD_FIELDS
        for model in [Task._meta.get_field(key).related_model]
    ]
    prefetch_related_objects(
        [task for group in groups for task in group.tasks], "assignee", "done_by", *records
    )
    return groups


DUE_COUNT_CAP = 100  # the menu says "99+" beyond


def due_count(*, user, object_settings: ObjectSettings, today: datetime.date | None = None) -> int:
    """How many of the person's open tasks are overdue or due today, up to DUE_COUNT_CAP (the
    menu's figure: an index range read of at most that many ids, never a full count)."""
    today = today or timezone.localdate()
    ids = Task.objects.filter(
        on_enabled_records(object_settings),
        assignee_id=user.pk,
        done_at__isnull=True,
        due__lte=today,
    ).values_list("pk", flat=True)
    return len(ids.order_by()[:DUE_COUNT_CAP])


# --- the timeline -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cursor:
    """Where a page of the timeline ends: (when, kind rank, id), newest first."""

    when: datetime.datetime
    rank: int
    pk: int

    def __str__(self) -> str:
        return f"{self.when.isoformat()}_{self.rank}_{self.pk}"

    @classmethod
    def parse(cls, value: str | None) -> Cursor | None:
        try:
            when, rank, pk = (value or "").rsplit("_", 2)
            parsed = datetime.datetime.fromisoformat(when)
            if parsed.tzinfo is None:
                return None
        except ValueError:
            return None
        rank, pk = parse_id(rank), parse_id(pk)
        if rank is None or pk is None:
            return None
        return cls(parsed, rank, pk)

    def before(self, rank: int, when_field: str) -> Q:
        """Rows of a source of `rank` that come after this cursor (older)."""
        if rank < self.rank:
            return Q(**{f"{when_field}__lte": self.when})
        if rank > self.rank:
            return Q(**{f"{when_field}__lt": self.when})
        return Q(**{f"{when_field}__lt": self.when}) | Q(
            **{when_field: self.when, "pk__lt": self.pk}
        )


@dataclass
class Entry:
    kind: str  # note, task, history, …
    when: datetime.datetime
    rank: int
    pk: int
    item: Any
    extra: dict = field(default_factory=dict)

    @property
    def sort_key(self):
        return (self.when, self.rank, self.pk)


# A source: (ref, cursor, limit, linked) -> entries, newest first. `linked`: the object keys
# ("contact", "opportunity") whose records linked to an organisation its timeline also shows.
Source = Callable[[RecordRef, Cursor | None, int, frozenset], Iterable[Entry]]
LINKABLE = {"contact": Contact, "opportunity": Opportunity}


def scopes(ref: RecordRef, own: Q, linked: frozenset, prefix: str = "") -> list[Q]:
    """The record's own rows, then, for an organisation, the rows on its contacts and on its
    opportunities (those of `linked`): each read by a query of its own, with its LIMIT, then
    merged (one OR of them all would read every row of the table)."""
    conditions = [own]
    if ref.key == "organisation":
        for key in sorted(linked & set(LINKABLE)):
            records = LINKABLE[key].objects.filter(organisation_id=ref.pk).values("pk")
            conditions.append(Q(**{f"{prefix}{key}_id__in": records}))
    return conditions


def newest(
    rows: QuerySet, conditions: list[Q], when_field: str, limit: int, *, load: bool = True
) -> list:
    """The newest `limit` of `rows` matching any of `conditions`, in one query: each condition
    is read narrow with its own LIMIT (an index of the record and the date gives them in order),
    and a UNION ALL merges them (one OR of them all would read and sort every row). `load=False`:
    only their ids."""
    key = rows.model._meta.pk.attname
    order = (f"-{when_field}", f"-{key}")
    if not load:
        rows = rows.values_list(when_field, key)
    branches = [rows.filter(condition).order_by(*order)[:limit] for condition in conditions]
    if len(branches) > 1:
        found = list(branches[0].union(*branches[1:], all=True).order_by(*order)[:limit])
    else:
        found = list(branches[0])
    return found if load else [pk for _when, pk in found]


def _elsewhere(row, ref: RecordRef) -> dict:
    """{"on_ref": its record} when a row shown on `ref`'s timeline belongs to another record
    (a linked contact's, a converted prospect's): `timeline` loads those of its page."""
    own = row.record_ref
    return {"on_ref": own} if own is not None and own != ref else {}


def _on_records(entries: list[Entry]) -> None:
    """Set `on` (the record) of the entries that belong to another record: one query per
    object for the whole page."""
    wanted: dict[str, set] = {}
    for entry in entries:
        if "on_ref" in entry.extra:
            wanted.setdefault(entry.extra["on_ref"].key, set()).add(entry.extra["on_ref"].pk)
    found = {key: OBJECT_TYPES[key].model.objects.in_bulk(ids) for key, ids in wanted.items()}
    for entry in entries:
        ref = entry.extra.pop("on_ref", None)
        if ref is not None:
            entry.extra["on"] = found[ref.key].get(ref.pk)


@dataclass(frozen=True)
class TimelineSource:
    kind: str
    rank: int
    read: Source


# The timeline's notes, tasks and ticks are read as values (the columns a line shows, the
# people's names joined): about half the time of model instances, on every record page.
RECORD_IDS = tuple(f"{key}_id" for key in RECORD_FIELDS)


def _person(prefix: str) -> list[str]:
    return [f"{prefix}__full_name", f"{prefix}__email"]


def _short_name(full_name: str | None, email: str | None) -> str:
    """User.get_short_name from the joined columns ("" when nobody)."""
    return full_name.split(" ")[0] if full_name else email or ""


class Line(SimpleNamespace):
    """A timeline row read as values: its columns as attributes, `pk`, and `record_ref`."""

    def __init__(self, row: dict, prefix: str = ""):
        super().__init__(**row, pk=row["id"])
        ids = [(key, row.get(f"{prefix}{key}_id")) for key in RECORD_FIELDS]
        self.record_ref = next((RecordRef(key, pk) for key, pk in ids if pk is not None), None)


def _notes(ref: RecordRef, cursor: Cursor | None, limit: int, linked: frozenset) -> list[Entry]:
    notes = Note.objects.values(
        "id", "created", "text", "pinned", "author_id", *RECORD_IDS, *_person("author")
    )
    if cursor:
        notes = notes.filter(cursor.before(1, "created"))
    entries = []
    for row in newest(notes, scopes(ref, notes_of(ref), linked), "created", limit):
        note = Line(row)
        note.author = _short_name(row["author__full_name"], row["author__email"])
        entries.append(Entry("note", note.created, 1, note.pk, note, _elsewhere(note, ref)))
    return entries


def _tasks(ref: RecordRef, cursor: Cursor | None, limit: int, linked: frozenset) -> list[Entry]:
    tasks = Task.objects.values(
        "id",
        "created",
        "title",
        "description",
        "due",
        "done_at",
        *RECORD_IDS,
        *_person("author"),
        *_person("done_by"),
    )
    if cursor:
        tasks = tasks.filter(cursor.before(2, "created"))
    entries = []
    for row in newest(tasks, scopes(ref, of_record(ref), linked), "created", limit):
        task = Line(row)
        task.author = _short_name(row["author__full_name"], row["author__email"])
        task.done_by = _short_name(row["done_by__full_name"], row["done_by__email"])
        entries.append(Entry("task", task.created, 2, task.pk, task, _elsewhere(task, ref)))
    return entries


def _checklist_ticks(
    ref: RecordRef, cursor: Cursor | None, limit: int, linked: frozenset
) -> list[Entry]:
    items = ChecklistItem.objects.filter(done_at__isnull=False).values(
        "id",
        "text",
        "done_at",
        "checklist__name",
        *(f"checklist__{key}" for key in RECORD_IDS),
        *_person("done_by"),
    )
    if cursor:
        items = items.filter(cursor.before(5, "done_at"))
    own = Q(**{f"checklist__{ref.key}_id": ref.pk})
    entries = []
    for row in newest(items, scopes(ref, own, linked, prefix="checklist__"), "done_at", limit):
        item = Line(row, prefix="checklist__")
        item.checklist_name = row["checklist__name"]
        item.done_by = _short_name(row["done_by__full_name"], row["done_by__email"])
        entries.append(Entry("checklist", item.done_at, 5, item.pk, item, _elsewhere(item, ref)))
    return entries


TIMELINE_SOURCES: list[TimelineSource] = [
    TimelineSource("note", 1, _notes),
    TimelineSource("task", 2, _tasks),
    TimelineSource("checklist", 5, _checklist_ticks),
]


def timeline_source(source: TimelineSource) -> None:
    """Add a kind of entry to every timeline (e.g. the history of changes)."""
    TIMELINE_SOURCES[:] = [
        s for s in TIMELINE_SOURCES if (s.kind, s.rank) != (source.kind, source.rank)
    ] + [source]


def timeline_kinds() -> list[str]:
    return list(dict.fromkeys(source.kind for source in TIMELINE_SOURCES))


@dataclass
class TimelinePage:
    entries: list[Entry]
    next_cursor: Cursor | None


def timeline(
    *,
    ref: RecordRef,
    kind: str = "",
    cursor: Cursor | None = None,
    size: int = TIMELINE_PAGE,
    linked: frozenset = frozenset(),
) -> TimelinePage:
    """One page of the record's timeline, newest first: each source reads at most `size + 1`
    rows (a bounded query, whatever the number of records), then the sources are merged.

    `linked` (organisations): with every kind of entry of its contacts and opportunities
    (notes, tasks, checklist ticks, changes and labels), each saying which record it is on."""
    entries: list[Entry] = []
    for source in TIMELINE_SOURCES:
        if not kind or kind == source.kind:
            entries.extend(source.read(ref, cursor, size + 1, linked))
    entries.sort(key=lambda entry: entry.sort_key, reverse=True)
    page = entries[:size]
    _on_records(page)
    more = len(entries) > size
    last = page[-1] if page else None
    return TimelinePage(page, Cursor(last.when, last.rank, last.pk) if more and last else None)


def pinned_notes(*, ref: RecordRef) -> QuerySet[Note]:
    """The record's pinned notes: their text is what the record page shows above the rest."""
    return Note.objects.filter(notes_of(ref), pinned=True).only("text")


# --- checklists -------------------------------------------------------------------------------


def record_checklists(*, ref: RecordRef) -> list:
    """The record's checklists with their items and progress (two queries)."""
    checklists = list(
        Checklist.objects.filter(of_record(ref)).prefetch_related(
            Prefetch("items", queryset=ChecklistItem.objects.select_related("done_by"))
        )
    )
    for checklist in checklists:
        items = list(checklist.items.all())
        checklist.done_count = sum(1 for item in items if item.done_at)
        checklist.total = len(items)
    return checklists


def checklist_templates_for(*, key: str):
    return ChecklistTemplate.objects.filter(object=key).order_by("name")


# --- the dashboard ----------------------------------------------------------------------------


def due_tasks(
    *, user, object_settings: ObjectSettings, today: datetime.date, limit: int
) -> tuple[list[Task], dict]:
    """The person's open tasks overdue or due today, oldest due first, with their records and
    people, and how many are overdue and due today: one query (the counts as window
    aggregates over every matching row, read with the first `limit` rows)."""
    tasks = Task.objects.filter(
        on_enabled_records(object_settings),
        assignee_id=user.pk,
        done_at__isnull=True,
        due__lte=today,
    )
    # A row of the panel (activities.components.task_row) and what names its record.
    tasks = with_names(tasks, "assignee", *RECORD_FIELDS, only=TASK_ROW_FIELDS)
    rows = list(
        tasks.annotate(
            overdue_count=Window(Count("pk", filter=Q(due__lt=today))),
            today_count=Window(Count("pk", filter=Q(due=today))),
        ).order_by("due", "due_time", "id")[:limit]
    )
    first = rows[0] if rows else None
    counts = {
        "overdue": first.overdue_count if first else 0,
        "today": first.today_count if first else 0,
    }
    return rows, counts
