from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Cast, Mod, Substr
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organisations.normalise import email_domain_expression, normalise_organisation_name
from organisations.validators import validate_phone, validate_siren
from records.models import RecordModel
from records.search import trigram_index


def siren_checksum_holds():
    """SQL for "siren is empty, or 9 digits whose Luhn sum is a multiple of 10".

    CASE keeps PostgreSQL from casting the digits of a value that is not 9 digits.
    Every second digit from the right (2nd, 4th, 6th, 8th from the left) is doubled, and
    9 is taken off a doubled digit above 9: d -> 2d - 9 * (d / 5) in integer arithmetic.
    """
    digits = [Cast(Substr("siren", i, 1), IntegerField()) for i in range(1, 10)]
    total = sum(
        (d * 2 - (d / 5) * 9 if i % 2 == 1 else d for i, d in enumerate(digits)),
        start=Value(0),
    )
    return Q(
        Case(
            When(siren="", then=Value(True)),
            When(~Q(siren__regex=r"^[0-9]{9}$"), then=Value(False)),
            default=Exact(Mod(total, 10), 0),
            output_field=models.BooleanField(),
        )
    )


class Organisation(RecordModel):
    """A company, association, school… that groups contacts."""

    name_fields = ("name",)

    name = models.CharField(_("name"), max_length=200)
    # normalise_organisation_name(name), kept by save(): duplicate lookups compare it.
    name_key = models.CharField(max_length=200, editable=False, default="")
    website = models.URLField(_("website"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[validate_phone])
    street = models.CharField(_("street"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True, default=_("France"))
    siren = models.CharField(
        _("SIREN"),
        max_length=9,
        blank=True,
        validators=[validate_siren],
        help_text=_("9 digits, optional."),
    )
    description = models.TextField(_("description"), blank=True)

    # Columns searched by the list's `q` (each has a trigram index below).
    search_fields = ["name", "email", "phone", "city"]

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name=""),
                name="organisations_organisation_name_required",
                violation_error_message=_("Give the name."),
            ),
            models.CheckConstraint(
                condition=siren_checksum_holds(),
                name="organisations_organisation_siren_valid",
                violation_error_message=_(
                    "A SIREN number has exactly 9 digits and a valid check digit."
                ),
            ),
            models.UniqueConstraint(
                fields=["siren"],
                condition=~Q(siren=""),
                name="organisations_organisation_siren_unique",
                violation_error_message=_("Another record already has this SIREN number."),
            ),
        ]
        indexes = [
            models.Index(fields=["name_key"], name="org_name_key"),
            models.Index(fields=["name", "id"], name="org_name_id"),
            models.Index(fields=["city", "id"], name="org_city_id"),
            models.Index(fields=["created", "id"], name="org_created_id"),
            models.Index(fields=["updated", "id"], name="org_updated_id"),
            models.Index(email_domain_expression("email"), name="org_email_domain"),
            trigram_index("name", prefix="org"),
            trigram_index("email", prefix="org"),
            trigram_index("phone", prefix="org"),
            trigram_index("city", prefix="org"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Derived from name, so it can never be stale (bulk inserts set it themselves).
        self.name_key = normalise_organisation_name(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("organisations:detail", args=[self.pk])
