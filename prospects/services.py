"""Writes on prospects: create, update, qualify (status flow with history), convert, delete."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prospects.models import Prospect, ProspectStatusChange, Status

# Qualification moves forward (new -> contacted -> qualified), any open prospect may be
# disqualified (with a reason), and a disqualified one may be reopened. "converted" is only
# reached through prospect_convert, and is final.
OPEN_STATUSES = (Status.NEW, Status.CONTACTED, Status.QUALIFIED)
TRANSITIONS: dict[str, set[str]] = {
    Status.NEW: {Status.CONTACTED, Status.QUALIFIED, Status.DISQUALIFIED},
    Status.CONTACTED: {Status.QUALIFIED, Status.DISQUALIFIED},
    Status.QUALIFIED: {Status.DISQUALIFIED},
    Status.DISQUALIFIED: {Status.NEW, Status.CONTACTED, Status.QUALIFIED},
    Status.CONVERTED: set(),
}

# What a user may type on a prospect (the status has its own service).
EDITABLE_FIELDS = (
    "first_name",
    "last_name",
    "company_name",
    "job_title",
    "email",
    "phone",
    "siren",
    "source",
    "source_detail",
    "notes",
    "owner",
)


def allowed_statuses(prospect: Prospect) -> list[str]:
    """The statuses this prospect may be moved to by hand, in the flow's order."""
    targets = TRANSITIONS[prospect.status]
    return [value for value in Status.values if value in targets]


def _record(prospect: Prospect, *, from_status: str, reason: str = "", user) -> None:
    ProspectStatusChange.objects.create(
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
    _record(prospect, from_status="", reason=prospect.disqualification_reason, user=user)
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
        raise ValidationError(
            _("The status cannot go from “%(from)s” to “%(to)s”.")
            % {"from": prospect.get_status_display(), "to": Status(status).label},
            code="transition",
        )
    if status == Status.DISQUALIFIED and not reason:
        raise ValidationError({"reason": _("Give the reason for disqualifying.")}, code="reason")
    previous = prospect.status
    prospect.status = status
    prospect.disqualification_reason = reason if status == Status.DISQUALIFIED else ""
    prospect.save(update_fields=["status", "disqualification_reason", "updated"])
    _record(prospect, from_status=previous, reason=reason, user=user)
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
def prospects_add_label(*, prospects: Iterable[Prospect], label) -> int:
    """Bulk labelling: adds `label` to each prospect that lacks it; returns how many got it."""
    through = Prospect.labels.through
    ids = [prospect.pk for prospect in prospects]
    have = set(
        through.objects.filter(label_id=label.pk, prospect_id__in=ids).values_list(
            "prospect_id", flat=True
        )
    )
    rows = [through(prospect_id=pk, label_id=label.pk) for pk in ids if pk not in have]
    through.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def prospects_remove_label(*, prospects: Iterable[Prospect], label) -> int:
    """Bulk unlabelling; returns how many prospects lost the label."""
    through = Prospect.labels.through
    ids = [prospect.pk for prospect in prospects]
    deleted, _detail = through.objects.filter(label_id=label.pk, prospect_id__in=ids).delete()
    return deleted


@transaction.atomic
def prospect_delete(*, prospect: Prospect) -> None:
    """Delete a prospect and its history; what it produced by conversion stays."""
    prospect.delete()


# --- Conversion ---------------------------------------------------------------------------

CREATE, LINK = "create", "link"


class ConversionError(ValidationError):
    """A conversion that cannot be done as asked; nothing was written."""


def _choice(value, *, what: str):
    """Normalise ("create"|"link", id) | None."""
    if value is None:
        return None, None
    action, pk = (value, None) if isinstance(value, str) else value
    if action not in (CREATE, LINK):
        raise ConversionError(_("%(object)s: unknown choice.") % {"object": what})
    if action == LINK and not pk:
        raise ConversionError(_("%(object)s: choose the record to link.") % {"object": what})
    return action, pk


def _linked(model, pk, *, name: str, lock: bool = False):
    """A record of the current workspace (ids are only looked up in its schema)."""
    queryset = model.objects.select_for_update() if lock else model.objects.all()
    try:
        return queryset.get(pk=int(pk))
    except (model.DoesNotExist, TypeError, ValueError):
        raise ConversionError(
            _("%(object)s: the record to link does not exist (any more) in this workspace.")
            % {"object": name},
            code="missing",
        ) from None


def _names(object_settings):
    """The singular names of the objects, as the workspace calls them."""
    from workspaces.object_settings import ObjectSettings

    object_settings = object_settings or ObjectSettings()
    return object_settings, {obj.key: obj.singular for obj in object_settings}


def _as_conversion_error(error: ValidationError, *, name: str) -> ConversionError:
    """A validation error of a record being created, told as a step of the conversion."""
    return ConversionError(
        [_("%(object)s: %(error)s") % {"object": name, "error": m} for m in error.messages],
        code="invalid",
    )


@transaction.atomic
def prospect_convert(
    *,
    prospect: Prospect,
    user,
    organisation=None,
    contact=None,
    opportunity: dict | None = None,
    object_settings=None,
) -> Prospect:
    """Turn a prospect into an organisation, a contact and/or an opportunity, all or nothing.

    organisation, contact: ("create", None) | ("link", id) | None. opportunity: None or
    {"workflow": id, "stage": id, "title": str, "amount": Decimal | None}. The prospect is
    marked converted with links to what it produced; its labels are copied to those records
    and its notes carried over. Raises ConversionError (nothing written) on any bad choice.
    """
    from contacts.models import Contact
    from contacts.selectors import contact_duplicates
    from contacts.services import contact_create
    from opportunities.models import Stage, Workflow
    from opportunities.services import opportunity_create
    from organisations.models import Organisation
    from organisations.selectors import organisation_duplicates
    from organisations.services import organisation_create

    object_settings, names = _names(object_settings)
    prospect = Prospect.objects.select_for_update().get(pk=prospect.pk)
    if prospect.status == Status.CONVERTED:
        raise ConversionError(_("Already converted: nothing was changed."), code="converted")
    org_action, org_pk = _choice(organisation, what=names["organisation"])
    contact_action, contact_pk = _choice(contact, what=names["contact"])
    if not (org_action or contact_action or opportunity):
        raise ConversionError(_("Choose at least one record to create or link."), code="nothing")
    for key, chosen in (
        ("organisation", org_action),
        ("contact", contact_action),
        ("opportunity", opportunity),
    ):
        if chosen and not object_settings.is_enabled(key):
            raise ConversionError(
                _("%(object)s: this step is not available in this workspace.")
                % {"object": names[key]},
                code="disabled",
            )
    labels = list(prospect.labels.all())
    owner = prospect.owner or user

    # 1. The organisation.
    produced_organisation = None
    if org_action == LINK:
        produced_organisation = _linked(Organisation, org_pk, name=names["organisation"])
        if labels:
            produced_organisation.labels.add(*labels)
    elif org_action == CREATE:
        name = prospect.company_name.strip()
        if not name:
            raise ConversionError(
                _("%(object)s: there is no company name to create it from.")
                % {"object": names["organisation"]},
                code="no_company",
            )
        if prospect.siren and organisation_duplicates(siren=prospect.siren).exists():
            raise ConversionError(
                _("%(object)s: a record with this SIREN already exists; link it instead.")
                % {"object": names["organisation"]},
                code="duplicate",
            )
        try:
            produced_organisation = organisation_create(
                data={
                    "name": name,
                    "siren": prospect.siren,
                    "owner": owner,
                    # Without a contact, the notes go with the organisation.
                    "description": "" if contact_action == CREATE else prospect.notes,
                },
                labels=labels,
            )
        except ValidationError as error:
            raise _as_conversion_error(error, name=names["organisation"]) from error

    # 2. The contact, in that organisation.
    produced_contact = None
    if contact_action == LINK:
        produced_contact = _linked(Contact, contact_pk, name=names["contact"], lock=True)
        if produced_organisation is not None:
            if produced_contact.organisation_id is None:
                produced_contact.organisation = produced_organisation
                produced_contact.save(update_fields=["organisation", "updated"])
            elif produced_contact.organisation_id != produced_organisation.pk:
                raise ConversionError(
                    _("%(object)s: %(contact)s belongs to %(organisation)s, not to %(chosen)s.")
                    % {
                        "object": names["contact"],
                        "contact": produced_contact,
                        "organisation": produced_contact.organisation,
                        "chosen": produced_organisation,
                    },
                    code="other_organisation",
                )
        if labels:
            produced_contact.labels.add(*labels)
    elif contact_action == CREATE:
        if not (prospect.first_name or prospect.last_name or prospect.email):
            raise ConversionError(
                _("%(object)s: there is no name or email address to create it from.")
                % {"object": names["contact"]},
                code="no_person",
            )
        if prospect.email and contact_duplicates(email=prospect.email).exists():
            raise ConversionError(
                _("%(object)s: a record with this email address already exists; link it instead.")
                % {"object": names["contact"]},
                code="duplicate",
            )
        try:
            produced_contact = contact_create(
                data={
                    "first_name": prospect.first_name,
                    "last_name": prospect.last_name,
                    "email": prospect.email,
                    "phone": prospect.phone,
                    "job_title": prospect.job_title,
                    "organisation": produced_organisation,
                    "notes": prospect.notes,
                    "owner": owner,
                },
                labels=labels,
            )
        except ValidationError as error:
            raise _as_conversion_error(error, name=names["contact"]) from error

    # 3. The opportunity, in a stage of the chosen workflow.
    produced_opportunity = None
    if opportunity:
        workflow = _linked(Workflow, opportunity.get("workflow"), name=_("Workflow"))
        try:
            stage = Stage.objects.get(pk=int(opportunity.get("stage")), workflow=workflow)
        except (Stage.DoesNotExist, TypeError, ValueError):
            raise ConversionError(
                {
                    "stage": _("Choose a stage of the workflow “%(workflow)s”.")
                    % {"workflow": workflow}
                },
                code="stage",
            ) from None
        title = (opportunity.get("title") or "").strip()
        if not title:
            raise ConversionError(
                {"title": _("%(object)s: give it a title.") % {"object": names["opportunity"]}},
                code="title",
            )
        try:
            produced_opportunity = opportunity_create(
                user=user,
                data={
                    "title": title,
                    "workflow": workflow,
                    "stage": stage,
                    "amount": opportunity.get("amount"),
                    "organisation": produced_organisation,
                    "contact": produced_contact,
                    "owner": owner,
                },
                labels=labels,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                raise ConversionError(error.message_dict, code="invalid") from error
            raise _as_conversion_error(error, name=names["opportunity"]) from error

    # 4. The prospect is marked converted, with its links.
    previous = prospect.status
    prospect.status = Status.CONVERTED
    prospect.disqualification_reason = ""
    prospect.converted_at = timezone.now()
    prospect.converted_organisation = produced_organisation
    prospect.converted_contact = produced_contact
    prospect.converted_opportunity = produced_opportunity
    prospect.save()
    _record(prospect, from_status=previous, user=user)
    return prospect
