"""A notification: a short sentence for one person in one workspace, with a link."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    # People live in the public schema: an id without a foreign key (no cross-schema key).
    recipient_id = models.BigIntegerField()
    text = models.CharField(_("text"), max_length=500)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(
                fields=["recipient_id"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(fields=["recipient_id", "-created"], name="notification_recent"),
        ]

    def __str__(self) -> str:
        return self.text
