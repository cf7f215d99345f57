"""Writes on prospects: create, update, qualify (status flow with history), delete.

The conversion has its own module, prospects.conversion.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from prospects.fields import PROSPECT_FIELDS
from prospects.models import Prospect, ProspectStatusChange, Status
from prospects.statuses import status_labels
from workspaces.object_settings import ObjectSettings

# Qualification moves forward (new -> contacted -> qualified), any open prospect may be
# disqualified (with a reason), and a disqualified one may be reopened. "converted" is only
# reached through prospects.conversion.prospect_convert, and is final.
OPEN_STATUSES = (Status.NEW, Status.CONTACTED, Status.QUALIFIED)
TRANSITIONS: dict[str, set[str]] = {
    Status.NEW: {Status.CONTACTED, Status.QUALIFIED, Status.DISQUALIFIED},
    Status.CONTACTED: {Status.QUALIFIED, Status.DISQUALIFIED},
    Status.QUALIFIED: {Status.DISQUALIFIED},
    Status.DISQUALIFIED: {Status.NEW, Status.CONTACTED, Status.QUALIFIED},
    Status.CONVERTED: set(),
}

# What a user may type on a prospect (records.fields; the status has its own service).
EDITABLE_FIELDS = PROSPECT_FIELDS.writable_names


def status_change_create(
    *, prospect: Prospect, from_status: str, reason: str = "", user
) -> ProspectStatusChange:
    """One line of the prospect's status history: from what to its current status, by whom."""
    return ProspectStatusChange.objects.create(
        prospect=prospect,
        from_status=from_status,
        to_status=prospect.status,
        reason=reason,
        changed_by=user,
    )


def _check_identity(prospect: Prospect) -> None:
    if not (prospect.first_name or prospect.last_name or prospect.company_name or prospect.email):
        raise ValidationError(
            _("Give at least a name, a company name or an email address."), code="empty"
        )


@transaction.atomic
def prospect_create(*, user, data: dict, labels: Iterable = ()) -> Prospect:
    """A new prospect (status "new" unless told otherwise), with its first history entry."""
    status = data.get("status") or Status.NEW
    if status == Status.CONVERTED:
        raise ValidationError(_("Only a conversion can set this status."))
    prospect = Prospect(**{name: data[name] for name in EDITABLE_FIELDS if name in data})
    prospect.status = status
    prospect.disqualification_reason = (
        (data.get("disqualification_reason") or "").strip() if status == Status.DISQUALIFIED else ""
    )
    if status == Status.DISQUALIFIED and not prospect.disqualification_reason:
        raise ValidationError({"disqualification_reason": _("Give the reason for disqualifying.")})
    if prospect.owner is None and "owner" not in data:
        prospect.owner = user
    _check_identity(prospect)
    prospect.full_clean(exclude=["labels"])
    prospect.save()
    if labels:
        prospect.labels.set(labels)
    status_change_create(
        prospect=prospect, from_status="", reason=prospect.disqualification_reason, user=user
    )
    return prospect


@transaction.atomic
def prospect_update(*, prospect: Prospect, data: dict, labels: Iterable | None = None) -> Prospect:
    """Change what was typed about a prospect; its status goes through prospect_set_status."""
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(prospect, name, data[name])
    _check_identity(prospect)
    prospect.full_clean(exclude=["labels"])
    prospect.save()
    if labels is not None:
        prospect.labels.set(labels)
    return prospect


@transaction.atomic
def prospect_set_status(*, prospect: Prospect, status: str, user, reason: str = "") -> Prospect:
    """Move a prospect along the qualification flow and record who did it and when."""
    prospect = Prospect.objects.select_for_update().get(pk=prospect.pk)
    reason = (reason or "").strip()
    if status == prospect.status:
        return prospect
    if status not in Status.values:
        raise ValidationError(_("Unknown status."), code="unknown")
    if status == Status.CONVERTED:
        raise ValidationError(_("Only a conversion can set this status."), code="convert")
    if prospect.status == Status.CONVERTED:
        raise ValidationError(
            _("Already converted: the status no longer changes."),
            code="converted",
        )
    if status not in TRANSITIONS[prospect.status]:
        labels = status_labels(ObjectSettings.load(connection.tenant)["prospect"])
        raise ValidationError(
            _("The status cannot go from “%(from)s” to “%(to)s”.")
            % {"from": labels[prospect.status], "to": labels[status]},
            code="transition",
        )
    if status == Status.DISQUALIFIED and not reason:
        raise ValidationError({"reason": _("Give the reason for disqualifying.")}, code="reason")
    previous = prospect.status
    prospect.status = status
    prospect.disqualification_reason = reason if status == Status.DISQUALIFIED else ""
    prospect.save(update_fields=["status", "disqualification_reason", "updated"])
    status_change_create(prospect=prospect, from_status=previous, reason=reason, user=user)
    return prospect


@transaction.atomic
def prospects_set_status(
    *, prospects: Iterable[Prospect], status: str, user, reason: str = ""
) -> int:
    """Bulk status change: moves those that may move, returns how many did."""
    moved = 0
    for prospect in prospects:
        if status == prospect.status or status not in TRANSITIONS[prospect.status]:
            continue
        prospect_set_status(prospect=prospect, status=status, user=user, reason=reason)
        moved += 1
    return moved


@transaction.atomic
def prospect_delete(*, prospect: Prospect) -> None:
    """Delete a prospect and its history; what it produced by conversion stays."""
    prospect.delete()
