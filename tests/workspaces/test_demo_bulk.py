"""A large seed builds the indexes and checks the foreign keys once, after the load: the
workspace ends the same (every index and foreign key back, the history complete, each contact
carrying its organisation's name), and a row that breaks a rule still fails the whole load."""

import pytest
from django.db import IntegrityError, connection, transaction

from activities.history_models import ContactEvent, OrganisationEvent
from contacts.models import Contact
from labels.models import Label
from workspaces import demo

pytestmark = pytest.mark.django_db


def _rules() -> tuple[list, list, list]:
    """The indexes, the foreign keys and the enabled triggers of the current schema."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "ORDER BY 1"
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE connamespace = current_schema()::regnamespace "
            "AND contype = 'f' ORDER BY 1, 2"
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            "SELECT tgrelid::regclass::text, tgname, tgenabled FROM pg_trigger t "
            "JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal "
            "ORDER BY 1, 2"
        )
        triggers = cursor.fetchall()
    return indexes, foreign_keys, triggers


def test_a_seed_with_indexes_built_after_the_load_ends_like_any_other(alpha):
    with alpha:
        before = _rules()
        assert len(before[0]) > 50 and len(before[1]) > 20
    demo.seed(
        workspace=alpha, seed=4, organisations=20, contacts=150, prospects=30, opportunities=10,
        defer_indexes=True,
    )  # fmt: skip
    with alpha:
        assert _rules() == before
        assert Contact.objects.count() == 150
        # Complete history: an « insert » event for every record, as if typed in.
        assert ContactEvent.objects.filter(pgh_label="insert").count() == 150
        assert OrganisationEvent.objects.filter(pgh_label="insert").count() == 20
        # Each contact's copy of its organisation's name (otherwise kept by a row trigger).
        linked = Contact.objects.exclude(organisation=None).select_related("organisation")
        assert linked.exists()
        assert all(c.organisation_name == c.organisation.name for c in linked)
        assert not Contact.objects.filter(organisation=None).exclude(organisation_name="")
        # Every index built again is valid and ready for queries.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid "
                "WHERE t.relnamespace = current_schema()::regnamespace "
                "AND NOT (i.indisvalid AND i.indisready)"
            )
            assert cursor.fetchone()[0] == 0


def test_a_duplicate_still_fails_the_load(alpha):
    with pytest.raises(IntegrityError), transaction.atomic(), alpha, demo.indexes_deferred():
        Label.objects.create(name="Twice")
        Label.objects.create(name="twice")  # the case-insensitive unique index, built again


def test_a_dangling_reference_still_fails_the_load(alpha):
    with alpha:
        ada = Contact.objects.create(first_name="Ada")
    with pytest.raises(IntegrityError), transaction.atomic(), alpha, demo.indexes_deferred():
        Contact.labels.through.objects.create(contact_id=ada.pk, label_id=987654321)
    with alpha:
        assert not Label.objects.filter(pk=987654321).exists()
