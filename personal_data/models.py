"""The personal-data log: every export and erasure of a person's data, kept unchangeable.

An entry never holds the person's name, email or phone: it names the record by its object and
id (shown with the record's current name while the record exists) and a keyed hash of the
person's email or name, so that it survives the erasure it records without keeping what was
erased. Entries cannot be changed or deleted: `save()` refuses an update, `delete()` refuses,
and a database trigger refuses any UPDATE or DELETE of the table (migration 0001).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LogEntryImmutable(Exception):
    """An entry of the personal-data log was about to be changed or deleted."""


class Action(models.TextChoices):
    EXPORT_JSON = "export_json", _("Exported (JSON)")
    EXPORT_HTML = "export_html", _("Shown (printable page)")
    ERASE = "erase", _("Erased")


class PersonalDataLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise LogEntryImmutable("The personal-data log cannot be changed.")

    def delete(self):
        raise LogEntryImmutable("The personal-data log cannot be changed.")


class PersonalDataLog(models.Model):
    created = models.DateTimeField(_("when"), default=timezone.now, editable=False)
    # Who acted: a member of the workspace (people live in the public schema), and their
    # name at that time, so that the entry still says who once their account is gone.
    actor_id = models.BigIntegerField(null=True, editable=False)
    actor_name = models.CharField(_("who"), max_length=254, editable=False)
    action = models.CharField(_("what"), max_length=20, choices=Action.choices, editable=False)
    object_key = models.CharField(_("object"), max_length=20, editable=False)
    record_id = models.BigIntegerField(_("record"), editable=False)
    # HMAC-SHA256 (SECRET_KEY) of the person's email, else name: a later request from the
    # same person can be matched without the log keeping who they were.
    subject_hash = models.CharField(max_length=64, editable=False)
    # Counts only ("notes": 3, "mentions": 1…), never values.
    details = models.JSONField(default=dict, editable=False)

    objects = PersonalDataLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal-data log entry")
        verbose_name_plural = _("personal-data log")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["object_key", "record_id"], name="pdlog_record")]

    def __str__(self) -> str:
        return f"{self.action} {self.object_key}:{self.record_id} ({self.created:%Y-%m-%d %H:%M})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise LogEntryImmutable("The personal-data log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LogEntryImmutable("The personal-data log cannot be changed.")
