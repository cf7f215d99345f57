"""Opportunities: commercial offers moving through the stages of one workflow (pipeline).

The database keeps the rules that must never break, whatever writes the rows:
- at most one default workflow (a partial unique index); the services keep exactly one;
- an opportunity's stage belongs to its workflow: a composite foreign key
  (stage_id, workflow_id) -> stage(id, workflow_id), added in the migration (Django has no
  composite foreign keys), backed by the unique constraint on Stage(id, workflow);
- probabilities within 0–100, amounts never negative.
"""

from decimal import Decimal

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from records.models import RecordModel


class Workflow(models.Model):
    """A pipeline: the ordered stages one kind of offer goes through."""

    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_default = models.BooleanField(_("default"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("workflow")
        verbose_name_plural = _("workflows")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="opportunities_workflow_one_default",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("opportunities:board_workflow", args=[self.pk])


class StageKind(models.TextChoices):
    OPEN = "open", pgettext_lazy("stage kind", "Open")
    WON = "won", pgettext_lazy("stage kind", "Won")
    LOST = "lost", pgettext_lazy("stage kind", "Lost")


class Stage(models.Model):
    """One step of a workflow; won and lost stages close the opportunities they hold."""

    workflow = models.ForeignKey(
        Workflow, on_delete=models.CASCADE, related_name="stages", verbose_name=_("workflow")
    )
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(
        _("kind"), max_length=4, choices=StageKind.choices, default=StageKind.OPEN
    )
    probability = models.PositiveSmallIntegerField(
        _("win probability (%)"),
        default=0,
        help_text=_("From 0 to 100: weighs the amounts of this stage in the forecast."),
    )

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["workflow", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(probability__gte=0, probability__lte=100),
                name="opportunities_stage_probability_0_100",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=StageKind.values),
                name="opportunities_stage_kind_valid",
            ),
            # Target of the composite foreign key opportunity(stage_id, workflow_id).
            models.UniqueConstraint(
                fields=["id", "workflow"], name="opportunities_stage_id_workflow"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.kind != StageKind.OPEN

    @property
    def is_won(self) -> bool:
        return self.kind == StageKind.WON

    @property
    def is_lost(self) -> bool:
        return self.kind == StageKind.LOST


class Opportunity(RecordModel):
    """A commercial offer in progress, in one stage of one workflow."""

    name_fields = ("title",)

    # Columns searched by `q` (a trigram index in migration 0002).
    search_fields = ["title"]

    title = models.CharField(_("title"), max_length=200)
    workflow = models.ForeignKey(
        Workflow, on_delete=models.PROTECT, related_name="opportunities", verbose_name=_("workflow")
    )
    stage = models.ForeignKey(
        Stage, on_delete=models.PROTECT, related_name="opportunities", verbose_name=_("stage")
    )
    amount = models.DecimalField(
        _("amount (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    expected_close_date = models.DateField(_("expected close date"), null=True, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("organisation"),
    )
    contact = models.ForeignKey(
        "contacts.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("contact"),
    )
    # Sparse (cards GAP apart, see services._place): a move writes one row, not the column.
    position = models.BigIntegerField(_("position in its column"), default=0)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    lost_reason = models.CharField(_("lost reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["-created", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=Decimal("0")),
                name="opportunities_amount_not_negative",
                violation_error_message=_("The amount cannot be negative."),
            ),
        ]
        indexes = [
            models.Index(fields=["stage", "position"], name="opp_board_column"),
            models.Index(fields=["expected_close_date"], name="opp_close_date"),
            models.Index(fields=["closed_on"], name="opp_closed_on"),
            models.Index(fields=["amount"], name="opp_amount"),
            models.Index(fields=["title", "id"], name="opp_title_id"),
            # Statistics and the dashboard: the open pipeline's sums by stage, and a person's
            # opportunities by expected close date, from these indexes alone.
            models.Index(fields=["stage"], include=["amount"], name="opp_stage_amount"),
            models.Index(
                fields=["owner_id", "expected_close_date", "id"], name="opp_owner_close_date"
            ),
            models.Index(fields=["amount", "id"], name="opp_amount_id"),
            models.Index(fields=["expected_close_date", "id"], name="opp_close_id"),
            models.Index(fields=["created", "id"], name="opp_created_id"),
            models.Index(fields=["updated", "id"], name="opp_updated_id"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("opportunities:detail", args=[self.pk])

    @property
    def weighted_amount(self) -> Decimal | None:
        if self.amount is None:
            return None
        return self.amount * self.stage.probability / 100
