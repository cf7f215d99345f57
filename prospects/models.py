"""Prospects (leads): the least-qualified first step, kept apart from the contact base.

A prospect is qualified (new -> contacted -> qualified, or disqualified with a reason), then
converted into an organisation, a contact and/or an opportunity (prospects.services). It is
kept afterwards, marked converted, with links to what it produced.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organisations.validators import validate_phone, validate_siren
from records.models import RecordModel
from records.search import trigram_index


class Source(models.TextChoices):
    WEBSITE = "website", _("Website")
    REFERRAL = "referral", _("Referral")
    EVENT = "event", _("Event")
    COLD_OUTREACH = "cold_outreach", _("Cold outreach")
    IMPORT = "import", _("Import")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    NEW = "new", _("New")
    CONTACTED = "contacted", _("Contacted")
    QUALIFIED = "qualified", _("Qualified")
    DISQUALIFIED = "disqualified", _("Disqualified")
    CONVERTED = "converted", _("Converted")


# The steps of the qualification funnel, in order (Prospect.furthest_step).
FUNNEL_STEPS = {Status.CONTACTED: 1, Status.QUALIFIED: 2, Status.CONVERTED: 3}


class Prospect(RecordModel):
    """A lead: a person and the company they speak for, not yet in the contact base."""

    name_fields = ("first_name", "last_name", "company_name", "email")

    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    company_name = models.CharField(_("company name"), max_length=200, blank=True)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    email = models.EmailField(_("email"), max_length=254, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[validate_phone])
    siren = models.CharField(
        _("SIREN"),
        max_length=9,
        blank=True,
        validators=[validate_siren],
        help_text=_("The company's 9-digit SIREN number, if known."),
    )
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.OTHER
    )
    source_detail = models.CharField(
        _("source detail"),
        max_length=200,
        blank=True,
        help_text=_("Which event, who referred them, which campaign…"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    disqualification_reason = models.CharField(
        _("disqualification reason"), max_length=300, blank=True
    )
    converted_at = models.DateTimeField(_("converted at"), null=True, blank=True)
    # The furthest step of the qualification funnel it ever reached (FUNNEL_STEPS: 0 new,
    # 1 contacted, 2 qualified, 3 converted) and when it first reached qualified (or converted),
    # from its status and its status history. Database triggers keep both (migration
    # 0011_funnel_furthest_step): every write path counts, forms, bulk changes, import, admin
    # and raw SQL alike; the step never goes down, the date only earlier. The statistics read
    # them instead of the whole history.
    furthest_step = models.PositiveSmallIntegerField(default=0, db_default=0, editable=False)
    first_qualified_at = models.DateTimeField(null=True, blank=True, editable=False)
    converted_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("converted into organisation"),
    )
    converted_contact = models.ForeignKey(
        "contacts.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("converted into contact"),
    )
    converted_opportunity = models.ForeignKey(
        "opportunities.Opportunity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("converted into opportunity"),
    )

    # Columns searched by the list's `q` (each has a trigram index below).
    search_fields = ["first_name", "last_name", "company_name", "email"]

    class Meta:
        verbose_name = _("prospect")
        verbose_name_plural = _("prospects")
        ordering = ["-created", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=Status.DISQUALIFIED) | ~Q(disqualification_reason=""),
                name="prospects_disqualified_has_reason",
                violation_error_message=_("Give the reason for disqualifying."),
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.CONVERTED) | Q(converted_at__isnull=False),
                name="prospects_converted_has_date",
                violation_error_message=_("A converted prospect has a conversion date."),
            ),
        ]
        indexes = [
            trigram_index("first_name", prefix="prospect"),
            trigram_index("last_name", prefix="prospect"),
            trigram_index("company_name", prefix="prospect"),
            trigram_index("email", prefix="prospect"),
            # Status filter + default sort (newest first) from the index alone.
            models.Index(fields=["status", "-created", "-id"], name="prospects_status_created_idx"),
            models.Index(fields=["-created", "-id"], name="prospects_created_idx"),
            # The list's other sorts, each with the id that breaks ties.
            models.Index(fields=["last_name", "first_name", "id"], name="prospect_name_id"),
            models.Index(fields=["company_name", "id"], name="prospect_company_id"),
            # Statistics: a period's cohort (funnel, by source, by month) from the index alone.
            models.Index(
                fields=["created"],
                include=["furthest_step", "status", "source"],
                name="prospect_funnel_idx",
            ),
            models.Index(
                fields=["first_qualified_at"],
                include=["created"],
                condition=Q(first_qualified_at__isnull=False),
                name="prospect_qualified_idx",
            ),
            # The dashboard: converted this month.
            models.Index(
                fields=["converted_at"],
                condition=Q(status=Status.CONVERTED),
                name="prospect_converted_at_idx",
            ),
            models.Index(fields=["status", "id"], name="prospect_status_id"),
            models.Index(fields=["updated", "id"], name="prospect_updated_id"),
        ]

    def __str__(self):
        name = " ".join(part for part in (self.first_name, self.last_name) if part)
        return name or self.company_name or self.email or f"#{self.pk}"

    def get_absolute_url(self):
        return reverse("prospects:detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)


class ProspectStatusChange(models.Model):
    """One step of a prospect's qualification: who moved it, when, from what to what."""

    prospect = models.ForeignKey(
        Prospect,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("prospect"),
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,  # see accounts.services.user_delete
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-changed_at", "-id"]
        indexes = [
            models.Index(fields=["prospect", "-changed_at"], name="prospects_history_idx"),
            # Statistics: the disqualifications of a period and their reasons, from a range
            # of this index alone (not every change).
            models.Index(
                fields=["to_status", "changed_at"],
                include=["reason"],
                name="prospect_change_reason_idx",
            ),
        ]

    def __str__(self):
        return f"{self.prospect_id}: {self.from_status} -> {self.to_status}"
