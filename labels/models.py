from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Colour(models.TextChoices):
    """A small palette whose colours all keep dark text readable (WCAG AA on the chip)."""

    GREY = "grey", _("Grey")
    BLUE = "blue", _("Blue")
    GREEN = "green", _("Green")
    YELLOW = "yellow", _("Yellow")
    ORANGE = "orange", _("Orange")
    RED = "red", _("Red")
    PURPLE = "purple", _("Purple")
    TEAL = "teal", _("Teal")


class Label(models.Model):
    """A coloured tag that organises organisations, contacts, opportunities and prospects."""

    name = models.CharField(_("name"), max_length=50)
    colour = models.CharField(_("colour"), max_length=10, choices=Colour.choices, default="blue")
    description = models.CharField(_("description"), max_length=200, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        ordering = [Lower("name")]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="labels_label_name_ci_unique"),
        ]

    def __str__(self):
        return self.name
