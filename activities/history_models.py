"""The history of changes of the four objects, kept by database triggers (django-pghistory).

Every write path is caught, bulk `update()` and raw SQL included: each insert or change of a
tracked field stores a snapshot row (`pgh_label` "insert" or "update"); adding or removing a
label stores a row of the labels' through table ("label.add", "label.remove"). Who and which
channel (form, bulk, board, conversion, admin…) come from `pghistory.context`, kept in each
row as JSON (activities.middleware sets it per request). Rows are append-only: a trigger
refuses any update or delete of them.

The triggers live in the tenant schemas, created by this app's migrations (not by pgtrigger's
per-app migrations, to keep the object apps' migrations untouched); new workspaces cloned
from the template schema carry them (tests/activities/test_history.py).
"""

from __future__ import annotations

import pghistory
from django.db import models
from django.utils.translation import gettext_lazy as _

from contacts.models import Contact
from opportunities.models import Opportunity
from organisations.models import Organisation
from prospects.models import Prospect

# The fields whose changes the history shows, per object (in the order of the record page);
# `custom` (RecordModel.custom, the custom fields' values) is shown one line per changed key.
TRACKED_FIELDS = {
    "organisation": [
        "name", "siren", "website", "email", "phone", "street", "postal_code", "city",
        "country", "description", "owner", "custom",
    ],
    "contact": [
        "first_name", "last_name", "email", "phone", "mobile", "job_title", "organisation",
        "street", "postal_code", "city", "country", "owner", "custom",
    ],
    "opportunity": [
        "title", "workflow", "stage", "amount", "expected_close_date", "organisation",
        "contact", "owner", "lost_reason", "custom",
    ],
    "prospect": [
        "first_name", "last_name", "company_name", "job_title", "email", "phone", "siren",
        "source", "source_detail", "status", "disqualification_reason", "owner",
        "converted_organisation", "converted_contact", "converted_opportunity", "custom",
    ],
}  # fmt: skip

CONTEXT = {"context_field": pghistory.ContextJSONField(), "append_only": True}


def _record_events(model, key: str, index: str, *more_indexes):
    return pghistory.create_event_model(
        model,
        pghistory.InsertEvent("insert"),
        pghistory.UpdateEvent("update", condition=pghistory.AnyChange(exclude_auto=True)),
        fields=["id", *TRACKED_FIELDS[key]],
        level=pghistory.Statement,
        obj_field=pghistory.ObjForeignKey(related_name="+", db_index=True),
        app_label="activities",
        model_name=f"{model.__name__}Event",
        # The owner's id as a plain number: people live in the public schema, and deleting
        # one (accounts.services.user_delete) clears links, which history rows must not be.
        attrs={
            "owner": models.BigIntegerField(_("owner"), null=True, db_column="owner_id"),
            # Null in the rows written before custom values were kept (activities 0010):
            # unknown, read as no values.
            "custom": models.JSONField(_("custom fields"), null=True, blank=True),
        },
        # A record's timeline reads its events newest first (its cursor: date, then id); the
        # previous snapshot of an event is the one before it by id.
        meta={
            "indexes": [
                models.Index(fields=["pgh_obj", "-pgh_id"], name=index),
                models.Index(
                    fields=["pgh_obj", "-pgh_created_at", "-pgh_id"], name=f"{index[:-4]}_tl_idx"
                ),
                *more_indexes,
            ]
        },
        **CONTEXT,
    )


def _label_events(model):
    return pghistory.create_event_model(
        model.labels.through,
        pghistory.InsertEvent("label.add"),
        pghistory.DeleteEvent("label.remove"),
        obj_field=None,
        level=pghistory.Statement,
        app_label="activities",
        model_name=f"{model.__name__}LabelEvent",
        **CONTEXT,
    )


class OrganisationEvent(_record_events(Organisation, "organisation", "act_org_event_obj_idx")):
    pass


def _by_organisation(name: str):
    """An organisation's timeline with its contacts' (opportunities') changes reads the
    snapshots taken while they were at it, newest first: a bounded range of this index,
    however many contacts the organisation has."""
    return models.Index(fields=["organisation", "-pgh_created_at", "-pgh_id"], name=name)


class ContactEvent(
    _record_events(
        Contact,
        "contact",
        "act_contact_event_obj_idx",
        _by_organisation("act_contact_event_org_idx"),
    )
):
    pass


class OpportunityEvent(
    _record_events(
        Opportunity,
        "opportunity",
        "act_opp_event_obj_idx",
        _by_organisation("act_opp_event_org_idx"),
    )
):
    pass


class ProspectEvent(_record_events(Prospect, "prospect", "act_prospect_event_obj_idx")):
    pass


class OrganisationLabelEvent(_label_events(Organisation)):
    pass


class ContactLabelEvent(_label_events(Contact)):
    pass


class OpportunityLabelEvent(_label_events(Opportunity)):
    pass


class ProspectLabelEvent(_label_events(Prospect)):
    pass


RECORD_EVENTS = {
    "organisation": OrganisationEvent,
    "contact": ContactEvent,
    "opportunity": OpportunityEvent,
    "prospect": ProspectEvent,
}
LABEL_EVENTS = {
    "organisation": OrganisationLabelEvent,
    "contact": ContactLabelEvent,
    "opportunity": OpportunityLabelEvent,
    "prospect": ProspectLabelEvent,
}
