"""Converting a prospect: an organisation, a contact and/or an opportunity, all or nothing.

`prospect_convert` is the use case; each object is one step (`_organisation_step`,
`_contact_step`, `_opportunity_step`) that creates or links its record, or raises
ConversionError, and the transaction rolls every step back.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

# The services of the other objects are looked up on their modules at call time, so that a
# test may replace one (a failure halfway must roll back what the earlier steps wrote).
from contacts import services as contact_services
from contacts.models import Contact
from contacts.selectors import contact_duplicates
from opportunities import services as opportunity_services
from opportunities.models import Opportunity, Stage, Workflow
from organisations import services as organisation_services
from organisations.models import Organisation
from organisations.selectors import organisation_duplicates
from prospects.models import Prospect, Status
from prospects.services import status_change_create
from prospects.statuses import already_converted
from workspaces.object_settings import ObjectSettings


class ConversionError(ValidationError):
    """A conversion that cannot be done as asked; nothing was written."""


class Kind(StrEnum):
    NONE = "none"
    CREATE = "create"
    LINK = "link"


@dataclass(frozen=True)
class Choice:
    """What one step does: nothing, create a record from the prospect, or link record `pk`."""

    kind: Kind = Kind.NONE
    pk: int | None = None

    @classmethod
    def create(cls) -> Choice:
        return cls(Kind.CREATE)

    @classmethod
    def link(cls, pk) -> Choice:
        return cls(Kind.LINK, pk)

    @classmethod
    def parse(cls, value: str) -> Choice:
        """A choice as the wizard posts it: "", "none", "create" or the id of a record.

        Raises ValueError on anything else.
        """
        value = (value or "").strip()
        if value in ("", Kind.NONE):
            return cls()
        if value == Kind.CREATE:
            return cls.create()
        if value.isdigit():
            return cls.link(int(value))
        raise ValueError(value)

    def __bool__(self) -> bool:
        return self.kind != Kind.NONE


@dataclass(frozen=True)
class _Conversion:
    """What every step needs to know about the conversion under way."""

    prospect: Prospect
    user: Any
    owner: Any
    labels: list
    names: dict[str, str]


def _checked(choice: Choice | None, *, what: str) -> Choice:
    """The choice, or ConversionError when it cannot be carried out as given."""
    if choice is None:
        return Choice()
    if not isinstance(choice, Choice) or choice.kind not in tuple(Kind):
        raise ConversionError(_("%(object)s: unknown choice.") % {"object": what})
    if choice.kind == Kind.LINK and not choice.pk:
        raise ConversionError(_("%(object)s: choose the record to link.") % {"object": what})
    return choice


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
    organisation: Choice | None = None,
    contact: Choice | None = None,
    opportunity: dict | None = None,
    object_settings: ObjectSettings | None = None,
) -> Prospect:
    """Turn a prospect into an organisation, a contact and/or an opportunity, all or nothing.

    opportunity: None or {"workflow": id, "stage": id, "title": str, "amount": Decimal | None}.
    The prospect is marked converted with links to what it produced; its labels are copied to
    those records; its notes show on their timelines (activities reads them through the
    prospect's links, nothing is copied). Raises ConversionError (nothing written) on any
    bad choice.
    """
    object_settings = object_settings or ObjectSettings()
    names = {obj.key: obj.singular for obj in object_settings}
    prospect = Prospect.objects.select_for_update().get(pk=prospect.pk)
    if prospect.status == Status.CONVERTED:
        raise ConversionError(already_converted(object_settings["prospect"]), code="converted")
    organisation = _checked(organisation, what=names["organisation"])
    contact = _checked(contact, what=names["contact"])
    if not (organisation or contact or opportunity):
        raise ConversionError(_("Choose at least one record to create or link."), code="nothing")
    for key, chosen in (
        ("organisation", organisation),
        ("contact", contact),
        ("opportunity", opportunity),
    ):
        if chosen and not object_settings.is_enabled(key):
            raise ConversionError(
                _("%(object)s: this step is not available in this workspace.")
                % {"object": names[key]},
                code="disabled",
            )
    conversion = _Conversion(
        prospect=prospect,
        user=user,
        owner=prospect.owner or user,
        labels=list(prospect.labels.all()),
        names=names,
    )
    produced_organisation = _organisation_step(conversion, organisation)
    produced_contact = _contact_step(conversion, contact, organisation=produced_organisation)
    produced_opportunity = _opportunity_step(
        conversion, opportunity, organisation=produced_organisation, contact=produced_contact
    )

    previous = prospect.status
    prospect.status = Status.CONVERTED
    prospect.disqualification_reason = ""
    prospect.converted_at = timezone.now()
    prospect.converted_organisation = produced_organisation
    prospect.converted_contact = produced_contact
    prospect.converted_opportunity = produced_opportunity
    prospect.save()
    status_change_create(prospect=prospect, from_status=previous, user=user)
    return prospect


def _organisation_step(conversion: _Conversion, choice: Choice) -> Organisation | None:
    """The organisation linked (it gets the prospect's labels) or created from the company."""
    prospect, name = conversion.prospect, conversion.names["organisation"]
    if choice.kind == Kind.LINK:
        organisation = _linked(Organisation, choice.pk, name=name)
        if conversion.labels:
            organisation.labels.add(*conversion.labels)
        return organisation
    if choice.kind != Kind.CREATE:
        return None
    company = prospect.company_name.strip()
    if not company:
        raise ConversionError(
            _("%(object)s: there is no company name to create it from.") % {"object": name},
            code="no_company",
        )
    if prospect.siren and organisation_duplicates(siren=prospect.siren).exists():
        raise ConversionError(
            _("%(object)s: a record with this SIREN already exists; link it instead.")
            % {"object": name},
            code="duplicate",
        )
    try:
        return organisation_services.organisation_create(
            data={
                "name": company,
                "siren": prospect.siren,
                "owner": conversion.owner,
            },
            labels=conversion.labels,
        )
    except ValidationError as error:
        raise _as_conversion_error(error, name=name) from error


def _contact_step(
    conversion: _Conversion, choice: Choice, *, organisation: Organisation | None
) -> Contact | None:
    """The contact linked (moved into `organisation` if it had none) or created, in it."""
    prospect, name = conversion.prospect, conversion.names["contact"]
    if choice.kind == Kind.LINK:
        contact = _linked(Contact, choice.pk, name=name, lock=True)
        if organisation is not None:
            if contact.organisation_id is None:
                contact.organisation = organisation
                contact.save(update_fields=["organisation", "updated"])
            elif contact.organisation_id != organisation.pk:
                raise ConversionError(
                    _("%(object)s: %(contact)s belongs to %(organisation)s, not to %(chosen)s.")
                    % {
                        "object": name,
                        "contact": contact,
                        "organisation": contact.organisation,
                        "chosen": organisation,
                    },
                    code="other_organisation",
                )
        if conversion.labels:
            contact.labels.add(*conversion.labels)
        return contact
    if choice.kind != Kind.CREATE:
        return None
    if not (prospect.first_name or prospect.last_name or prospect.email):
        raise ConversionError(
            _("%(object)s: there is no name or email address to create it from.")
            % {"object": name},
            code="no_person",
        )
    if prospect.email and contact_duplicates(email=prospect.email).exists():
        raise ConversionError(
            _("%(object)s: a record with this email address already exists; link it instead.")
            % {"object": name},
            code="duplicate",
        )
    try:
        return contact_services.contact_create(
            data={
                "first_name": prospect.first_name,
                "last_name": prospect.last_name,
                "email": prospect.email,
                "phone": prospect.phone,
                "job_title": prospect.job_title,
                "organisation": organisation,
                "owner": conversion.owner,
            },
            labels=conversion.labels,
        )
    except ValidationError as error:
        raise _as_conversion_error(error, name=name) from error


def _opportunity_step(
    conversion: _Conversion,
    opportunity: dict | None,
    *,
    organisation: Organisation | None,
    contact: Contact | None,
) -> Opportunity | None:
    """The opportunity, in a stage of the chosen workflow, for what the other steps produced."""
    if not opportunity:
        return None
    name = conversion.names["opportunity"]
    workflow = _linked(Workflow, opportunity.get("workflow"), name=_("Workflow"))
    try:
        stage = Stage.objects.get(pk=int(opportunity.get("stage")), workflow=workflow)
    except (Stage.DoesNotExist, TypeError, ValueError):
        raise ConversionError(
            {"stage": _("Choose a stage of the workflow “%(workflow)s”.") % {"workflow": workflow}},
            code="stage",
        ) from None
    title = (opportunity.get("title") or "").strip()
    if not title:
        raise ConversionError(
            {"title": _("%(object)s: give it a title.") % {"object": name}}, code="title"
        )
    try:
        return opportunity_services.opportunity_create(
            user=conversion.user,
            data={
                "title": title,
                "workflow": workflow,
                "stage": stage,
                "amount": opportunity.get("amount"),
                "organisation": organisation,
                "contact": contact,
                "owner": conversion.owner,
            },
            labels=conversion.labels,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            raise ConversionError(error.message_dict, code="invalid") from error
        raise _as_conversion_error(error, name=name) from error
