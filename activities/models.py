"""Notes and tasks written on the records of the four objects.

Each row points at its record with one nullable foreign key per object (real foreign keys:
cascades, indexes, integrity) and a check that exactly one is set (a note) or at most one
(a task may be on no record). `RecordRef` (activities.refs) names a record as `contact:42`.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from activities.refs import RecordRef
from workspaces.object_settings import OBJECT_KEYS

RECORD_FIELDS = OBJECT_KEYS  # the foreign key of each object is named by its object key


def one_record_set() -> Q:
    """Exactly one of the record foreign keys is set."""
    return reduce(
        or_,
        (
            Q(**{f"{name}__isnull": name != chosen for name in RECORD_FIELDS})
            for chosen in RECORD_FIELDS
        ),
    )


def no_record_set() -> Q:
    return Q(**{f"{name}__isnull": True for name in RECORD_FIELDS})


def record_fk(model_label: str, verbose_name, related_name: str):
    return models.ForeignKey(
        model_label,
        verbose_name=verbose_name,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name=related_name,
    )


def user_fk(verbose_name, **options):
    # People live in the public schema: an id without a cross-schema constraint (see
    # accounts.services.user_delete, which clears them).
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        **options,
    )


def timeline_indexes(name: str) -> list[models.Index]:
    """A record's timeline reads its newest notes (tasks) first: each record's rows in that
    order, so that a page of 20 stops after 21 index entries however many the record has."""
    return [
        models.Index(fields=[key, "-created", "-id"], name=f"act_{name}_tl_{key[:5]}_idx")
        for key in RECORD_FIELDS
    ]


class OnRecord(models.Model):
    """The record a row is about (at most one of the four foreign keys)."""

    organisation = record_fk("organisations.Organisation", _("organisation"), "+")
    contact = record_fk("contacts.Contact", _("contact"), "+")
    opportunity = record_fk("opportunities.Opportunity", _("opportunity"), "+")
    prospect = record_fk("prospects.Prospect", _("prospect"), "+")

    class Meta:
        abstract = True

    @property
    def record_key(self) -> str:
        for name in RECORD_FIELDS:
            if getattr(self, f"{name}_id") is not None:
                return name
        return ""

    @property
    def record_ref(self) -> RecordRef | None:
        key = self.record_key
        return RecordRef(key, getattr(self, f"{key}_id")) if key else None

    @property
    def record(self):
        key = self.record_key
        return getattr(self, key) if key else None

    def set_record(self, record) -> None:
        ref = RecordRef.of(record) if record is not None else None
        for name in RECORD_FIELDS:
            setattr(self, name, record if ref and ref.key == name else None)


class Note(OnRecord):
    """Plain text written on a record."""

    text = models.TextField(_("text"), max_length=20_000)
    pinned = models.BooleanField(_("pinned"), default=False)
    author = user_fk(_("author"))
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["-pinned", "-created", "-id"]
        constraints = [
            models.CheckConstraint(condition=one_record_set(), name="activities_note_one_record"),
            models.CheckConstraint(condition=~Q(text=""), name="activities_note_not_empty"),
        ]
        indexes = timeline_indexes("note")

    def __str__(self):
        return self.text[:60]


class Task(OnRecord):
    """Something to do, by someone, by a date; on one record or on none."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    due = models.DateField(_("due date"), null=True, blank=True)
    due_time = models.TimeField(_("due time"), null=True, blank=True)
    assignee = user_fk(_("assignee"))
    author = user_fk(_("author"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = user_fk(_("done by"))
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due", "due_time", "id"]
        constraints = [
            models.CheckConstraint(
                condition=one_record_set() | no_record_set(), name="activities_task_one_record"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="activities_task_has_title"),
            models.CheckConstraint(
                condition=Q(due__isnull=False) | Q(due_time__isnull=True),
                name="activities_task_time_needs_date",
            ),
        ]
        indexes = [
            # "Mes tâches" and the menu count: one person's open tasks by due date.
            # In the order the pages read them, so a page of 25 stops after 25 index entries.
            models.Index(
                fields=["assignee", "due", "due_time", "id"],
                condition=Q(done_at__isnull=True),
                name="activities_task_open_due_idx",
            ),
            models.Index(
                fields=["assignee", "-done_at"],
                condition=Q(done_at__isnull=False),
                name="activities_task_done_idx",
            ),
            # The lists' next-step column and filter: each record's open tasks by due date.
            *(
                models.Index(
                    fields=[key, "due", "due_time", "id"],
                    condition=Q(done_at__isnull=True),
                    name=f"activities_task_open_{key[:5]}_idx",
                )
                for key in RECORD_FIELDS
            ),
            *timeline_indexes("task"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class ChecklistTemplate(models.Model):
    """A reusable checklist for one object's records, defined by admins in Settings."""

    object = models.CharField(_("object"), max_length=20, choices=[(k, k) for k in OBJECT_KEYS])
    name = models.CharField(_("name"), max_length=120)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        ordering = ["object", "name", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="activities_template_has_name"),
        ]

    def __str__(self):
        return self.name


class ChecklistTemplateItem(models.Model):
    template = models.ForeignKey(
        ChecklistTemplate,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name=_("template"),
    )
    text = models.CharField(_("text"), max_length=300)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.text


class Checklist(OnRecord):
    """A checklist attached to one record (copied from a template, which may change later)."""

    template = models.ForeignKey(
        ChecklistTemplate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("template"),
    )
    name = models.CharField(_("name"), max_length=120)
    author = user_fk(_("author"))
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        ordering = ["created", "id"]
        constraints = [
            models.CheckConstraint(
                condition=one_record_set(), name="activities_checklist_one_record"
            ),
        ]

    def __str__(self):
        return self.name


class ChecklistItem(models.Model):
    checklist = models.ForeignKey(
        Checklist, on_delete=models.CASCADE, related_name="items", verbose_name=_("checklist")
    )
    text = models.CharField(_("text"), max_length=300)
    position = models.PositiveIntegerField(_("position"), default=0)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = user_fk(_("done by"))

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.text


class ActivityPreference(models.Model):
    """One person's reminders in this workspace: the morning digest and the calendar feed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.DO_NOTHING,  # see accounts.services.user_delete
        db_constraint=False,
        related_name="+",
        null=True,  # cleared when the account is deleted
    )
    digest = models.BooleanField(_("morning digest"), default=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    digest_sent_on = models.DateField(_("digest last sent on"), null=True, blank=True)
    # sha256 of the secret in the calendar feed's address; empty: no feed.
    calendar_token_hash = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("activity preference")
        verbose_name_plural = _("activity preferences")

    def __str__(self):
        return str(self.user_id)


from activities.history_models import *  # noqa: E402, F401, F403  (the history's event models)
