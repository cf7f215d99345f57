from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organisations.validators import validate_phone
from records.models import RecordModel
from records.search import trigram_index


class Contact(RecordModel):
    """A person: a client, a supplier's employee, a partner…"""

    name_fields = ("first_name", "last_name", "email")

    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[validate_phone])
    mobile = models.CharField(_("mobile"), max_length=40, blank=True, validators=[validate_phone])
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
    )
    # The organisation's name, kept by the database (migration 0007_keyset_indexes's triggers)
    # so that the list sorts by it along an index instead of joining every contact. NULL
    # without an organisation: those contacts come last, as they did with the join.
    organisation_name = models.CharField(max_length=200, null=True, editable=False)  # noqa: DJ001
    street = models.CharField(_("street"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True, default=_("France"))

    # Columns searched by the list's `q` (each has a trigram index below).
    search_fields = ["first_name", "last_name", "email", "phone", "mobile", "city"]

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["last_name", "first_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(first_name="") | ~Q(last_name="") | ~Q(email=""),
                name="contacts_contact_name_or_email",
                violation_error_message=_("Give a first name, a last name or an email address."),
            ),
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="contacts_contact_email_ci_unique",
                violation_error_message=_("Another record already has this email address."),
            ),
        ]
        indexes = [
            models.Index(fields=["last_name", "first_name", "id"], name="contact_name_id"),
            # The list's other sorts, each with the id that breaks ties.
            models.Index(fields=["email", "id"], name="contact_email_id"),
            models.Index(fields=["city", "id"], name="contact_city_id"),
            models.Index(fields=["organisation_name", "id"], name="contact_org_name_id"),
            models.Index(fields=["created", "id"], name="contact_created_id"),
            models.Index(fields=["updated", "id"], name="contact_updated_id"),
            trigram_index("first_name", prefix="contact"),
            trigram_index("last_name", prefix="contact"),
            trigram_index("email", prefix="contact"),
            trigram_index("phone", prefix="contact"),
            trigram_index("mobile", prefix="contact"),
            trigram_index("city", prefix="contact"),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("contacts:detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return " ".join(p for p in [self.first_name, self.last_name] if p) or self.email
