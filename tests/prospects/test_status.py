"""Qualification: new -> contacted -> qualified, or disqualified with a reason."""

import pytest
from django.core.exceptions import ValidationError

from prospects import services
from prospects.models import Prospect, ProspectStatusChange, Status
from records.services import records_label_add, records_label_remove


@pytest.fixture
def prospect(alpha, alice):
    with alpha:
        yield services.prospect_create(
            user=alice,
            data={"first_name": "Jeanne", "last_name": "Roux", "company_name": "Roux SA"},
        )


def test_a_new_prospect_starts_new_owned_by_its_creator_with_one_history_entry(prospect, alice):
    assert prospect.status == Status.NEW
    assert prospect.owner == alice
    (entry,) = prospect.status_changes.all()
    assert (entry.from_status, entry.to_status, entry.changed_by) == ("", Status.NEW, alice)


def test_a_prospect_needs_something_to_recognise_it_by(alpha, alice):
    with alpha, pytest.raises(ValidationError):
        services.prospect_create(user=alice, data={"job_title": "CEO"})


def test_qualification_moves_forward_and_records_who_and_when(prospect, alice, mia):
    services.prospect_set_status(prospect=prospect, status=Status.CONTACTED, user=mia)
    services.prospect_set_status(prospect=prospect, status=Status.QUALIFIED, user=alice)
    prospect.refresh_from_db()
    assert prospect.status == Status.QUALIFIED
    history = list(prospect.status_changes.order_by("changed_at", "id"))
    assert [(h.from_status, h.to_status, h.changed_by) for h in history] == [
        ("", Status.NEW, alice),
        (Status.NEW, Status.CONTACTED, mia),
        (Status.CONTACTED, Status.QUALIFIED, alice),
    ]
    assert all(h.changed_at for h in history)


def test_qualification_does_not_go_backwards(prospect, alice):
    services.prospect_set_status(prospect=prospect, status=Status.QUALIFIED, user=alice)
    with pytest.raises(ValidationError):
        services.prospect_set_status(prospect=prospect, status=Status.NEW, user=alice)
    prospect.refresh_from_db()
    assert prospect.status == Status.QUALIFIED


def test_disqualifying_needs_a_reason_and_keeps_it(prospect, alice):
    with pytest.raises(ValidationError) as error:
        services.prospect_set_status(prospect=prospect, status=Status.DISQUALIFIED, user=alice)
    assert "reason" in error.value.message_dict
    prospect.refresh_from_db()
    assert prospect.status == Status.NEW
    services.prospect_set_status(
        prospect=prospect, status=Status.DISQUALIFIED, user=alice, reason="  No budget "
    )
    prospect.refresh_from_db()
    assert (prospect.status, prospect.disqualification_reason) == (Status.DISQUALIFIED, "No budget")
    assert prospect.status_changes.first().reason == "No budget"


def test_a_disqualified_prospect_may_be_reopened(prospect, alice):
    services.prospect_set_status(
        prospect=prospect, status=Status.DISQUALIFIED, user=alice, reason="Wrong target"
    )
    services.prospect_set_status(prospect=prospect, status=Status.CONTACTED, user=alice)
    prospect.refresh_from_db()
    assert (prospect.status, prospect.disqualification_reason) == (Status.CONTACTED, "")


def test_converted_is_reached_only_through_conversion(prospect, alice):
    with pytest.raises(ValidationError):
        services.prospect_set_status(prospect=prospect, status=Status.CONVERTED, user=alice)
    with pytest.raises(ValidationError):
        services.prospect_create(user=alice, data={"last_name": "X", "status": Status.CONVERTED})


def test_setting_the_same_status_records_nothing(prospect, alice):
    services.prospect_set_status(prospect=prospect, status=Status.NEW, user=alice)
    assert prospect.status_changes.count() == 1


def test_bulk_status_moves_those_that_may_move(alpha, alice):
    with alpha:
        a = services.prospect_create(user=alice, data={"last_name": "A"})
        b = services.prospect_create(user=alice, data={"last_name": "B"})
        services.prospect_set_status(prospect=b, status=Status.QUALIFIED, user=alice)
        moved = services.prospects_set_status(
            prospects=Prospect.objects.all(), status=Status.CONTACTED, user=alice
        )
        assert moved == 1
        assert Prospect.objects.get(pk=a.pk).status == Status.CONTACTED
        assert Prospect.objects.get(pk=b.pk).status == Status.QUALIFIED
        assert ProspectStatusChange.objects.filter(to_status=Status.CONTACTED).count() == 1


def test_bulk_labelling_adds_once(alpha, alice):
    """The lists' bulk labelling (records.services) on prospects: a label is never doubled."""
    from labels.models import Label

    with alpha:
        label = Label.objects.create(name="Salon 2026")
        a = services.prospect_create(user=alice, data={"last_name": "A"}, labels=[label])
        b = services.prospect_create(user=alice, data={"last_name": "B"})
        records_label_add(records=Prospect.objects.filter(pk__in=[a.pk, b.pk]), label=label)
        assert set(label.prospects.all()) == {a, b}
        assert Prospect.labels.through.objects.filter(label=label, prospect=a).count() == 1
        records_label_remove(records=Prospect.objects.filter(pk=a.pk), label=label)
        assert list(label.prospects.all()) == [b]
