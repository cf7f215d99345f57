"""What the four CRM objects share: `RecordModel`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordModel(models.Model):
    """The fields every record has: an owner, labels, when it was created and changed, and the
    values of the workspace's custom fields."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        # People live in the public schema: an id without a cross-schema constraint, cleared
        # by accounts.services.user_delete.
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    labels = models.ManyToManyField(
        "labels.Label", verbose_name=_("labels"), blank=True, related_name="%(app_label)s"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    # Custom field values keyed by the field's stable id, never by its label.
    custom = models.JSONField(_("custom fields"), default=dict, db_default={}, blank=True)

    class Meta:
        abstract = True

    @property
    def version(self) -> str:
        """Changes on every save: a form sends it back so that a stale edit is caught."""
        return str(int(self.updated.timestamp() * 1_000_000)) if self.updated else ""
