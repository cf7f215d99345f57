"""Workflow, stage and opportunity rules, as the services keep them."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from contacts.models import Contact
from opportunities import services
from opportunities.models import Opportunity, Stage, StageKind, Workflow
from organisations.models import Organisation
from tests.opportunities.factories import (
    column,
    consistent,
    default_workflow,
    opportunity,
    positions,
    stage_named,
)

# --- Workflows and stages -----------------------------------------------------------------------


def test_a_new_workflow_gets_default_stages_and_comes_last(alpha):
    with alpha:
        workflow = services.workflow_create(name="Formation")
        assert not workflow.is_default
        assert list(Workflow.objects.values_list("name", flat=True)) == ["Vente", "Formation"]
        assert workflow.stages.count() == 5


def test_exactly_one_default_workflow_when_changing_or_deleting_it(alpha):
    with alpha:
        sales = default_workflow()
        training = services.workflow_create(name="Formation")
        services.workflow_set_default(workflow=training)
        assert list(Workflow.objects.filter(is_default=True)) == [training]
        services.workflow_delete(workflow=training)
        assert list(Workflow.objects.filter(is_default=True)) == [sales]


def test_the_last_workflow_cannot_be_deleted(alpha):
    with alpha, pytest.raises(ValidationError):
        services.workflow_delete(workflow=default_workflow())


def test_a_workflow_with_opportunities_is_kept_until_they_are_moved(alpha):
    with alpha:
        training = services.workflow_create(name="Formation")
        first = training.stages.order_by("position").first()
        opportunity("Stage de vente", stage=first)
        with pytest.raises(ValidationError):
            services.workflow_delete(workflow=training)
        with pytest.raises(ValidationError):  # a stage of the very workflow being deleted
            services.workflow_delete(workflow=training, target_stage=first)
        target = stage_named("Proposition")
        services.workflow_delete(workflow=training, target_stage=target)
        moved = Opportunity.objects.get(title="Stage de vente")
        assert (moved.workflow, moved.stage) == (target.workflow, target)
        assert not Workflow.objects.filter(pk=training.pk).exists()


def test_workflows_and_stages_are_reordered(alpha):
    with alpha:
        sales = default_workflow()
        training = services.workflow_create(name="Formation")
        services.workflow_move(workflow=training, offset=-1)
        assert list(Workflow.objects.values_list("name", flat=True)) == ["Formation", "Vente"]
        discovery = stage_named("Découverte")
        services.stage_move(stage=discovery, offset=1)
        names = list(sales.stages.order_by("position").values_list("name", flat=True))
        assert names[:2] == ["Proposition", "Découverte"]
        with pytest.raises(ValidationError):
            services.stage_reorder(workflow=sales, stage_ids=[discovery.pk])


def test_a_stage_with_opportunities_needs_a_target_and_nothing_is_lost(alpha):
    with alpha:
        discovery, proposal = stage_named("Découverte"), stage_named("Proposition")
        opportunity("A", stage=discovery)
        opportunity("B", stage=discovery)
        opportunity("C", stage=proposal)
        with pytest.raises(ValidationError):
            services.stage_delete(stage=discovery)
        with pytest.raises(ValidationError):
            services.stage_delete(stage=discovery, target=discovery)
        services.stage_delete(stage=discovery, target=proposal)
        assert column(proposal) == ["C", "B", "A"]
        assert consistent(proposal)
        assert Opportunity.objects.count() == 3


def test_a_stage_of_another_workflow_is_no_target_for_a_deleted_stage(alpha):
    with alpha:
        other = services.workflow_create(name="Formation").stages.first()
        discovery = stage_named("Découverte")
        opportunity("A", stage=discovery)
        with pytest.raises(ValidationError):
            services.stage_delete(stage=discovery, target=other)


def test_stage_probability_is_between_0_and_100(alpha):
    with alpha:
        with pytest.raises(ValidationError):
            services.stage_create(workflow=default_workflow(), name="Trop", probability=120)
        stage = services.stage_create(workflow=default_workflow(), name="Relance", probability=30)
        assert stage.position == 5


def test_a_stage_turning_won_closes_its_opportunities_and_back(alpha):
    with alpha:
        stage = stage_named("Négociation")
        deal = opportunity("A", stage=stage)
        services.stage_update(stage=stage, name="Signée", kind=StageKind.WON)
        deal.refresh_from_db()
        assert deal.closed_on == timezone.localdate()
        services.stage_update(stage=stage, name="Négociation", kind=StageKind.OPEN)
        deal.refresh_from_db()
        assert deal.closed_on is None


# --- Opportunities ------------------------------------------------------------------------------


def test_a_new_opportunity_goes_on_top_of_its_column(alpha):
    with alpha:
        stage = stage_named("Découverte")
        opportunity("A", stage=stage)
        opportunity("B", stage=stage)
        assert column(stage) == ["B", "A"]
        assert consistent(stage)


def test_without_a_stage_an_opportunity_starts_in_the_first_stage_of_the_default_workflow(alpha):
    with alpha:
        deal = services.opportunity_create(data={"title": "Sans étape"})
        assert deal.stage == stage_named("Découverte")


def test_a_stage_of_another_workflow_is_refused(alpha):
    with alpha:
        other = services.workflow_create(name="Formation").stages.first()
        with pytest.raises(ValidationError) as error:
            services.opportunity_create(
                data={"title": "A", "workflow": default_workflow(), "stage": other}
            )
        assert "stage" in error.value.message_dict


def test_changing_workflow_needs_a_stage_of_the_new_workflow(alpha):
    with alpha:
        deal = opportunity("A")
        training = services.workflow_create(name="Formation")
        with pytest.raises(ValidationError) as error:
            services.opportunity_update(opportunity=deal, data={"workflow": training})
        assert "stage" in error.value.message_dict
        deal.refresh_from_db()
        target = training.stages.order_by("position").last()
        services.opportunity_update(opportunity=deal, data={"workflow": training, "stage": target})
        deal.refresh_from_db()
        assert (deal.workflow, deal.stage) == (training, target)


def test_negative_amount_is_refused(alpha):
    with alpha, pytest.raises(ValidationError) as error:
        opportunity("A", amount="-5")
    assert "amount" in error.value.message_dict or "__all__" in error.value.message_dict


def test_the_contact_must_belong_to_the_organisation(alpha):
    with alpha:
        acme = Organisation.objects.create(name="Acme")
        globex = Organisation.objects.create(name="Globex")
        jeanne = Contact.objects.create(first_name="Jeanne", last_name="Roux", organisation=acme)
        with pytest.raises(ValidationError) as error:
            opportunity("A", organisation=globex, contact=jeanne)
        assert "Jeanne Roux" in error.value.message_dict["contact"][0]
        assert "Globex" in error.value.message_dict["contact"][0]
        deal = opportunity("B", contact=jeanne)  # the organisation follows the contact
        assert deal.organisation == acme


def test_closed_on_is_set_entering_won_or_lost_and_cleared_leaving(alpha):
    with alpha:
        deal = opportunity("A")
        assert deal.closed_on is None
        deal = services.opportunity_mark_won(opportunity=deal)
        assert deal.stage.kind == StageKind.WON and deal.closed_on == timezone.localdate()
        deal = services.opportunity_move(opportunity=deal, stage=stage_named("Proposition"))
        assert deal.closed_on is None


def test_mark_lost_needs_a_reason_which_is_kept_only_while_lost(alpha):
    with alpha:
        deal = opportunity("A")
        with pytest.raises(ValidationError):
            services.opportunity_mark_lost(opportunity=deal, reason="  ")
        deal = services.opportunity_mark_lost(opportunity=deal, reason="Trop cher")
        assert deal.stage.name == "Perdue" and deal.lost_reason == "Trop cher"
        assert deal.closed_on == timezone.localdate()
        deal = services.opportunity_move(opportunity=deal, stage=stage_named("Négociation"))
        assert deal.lost_reason == "" and deal.closed_on is None


def test_an_old_close_date_is_kept_while_staying_closed(alpha):
    with alpha:
        deal = services.opportunity_mark_won(opportunity=opportunity("A"))
        Opportunity.objects.filter(pk=deal.pk).update(closed_on=datetime.date(2025, 1, 2))
        deal.refresh_from_db()
        deal = services.opportunity_update(opportunity=deal, data={"title": "A bis"})
        assert deal.closed_on == datetime.date(2025, 1, 2)


def test_moves_keep_each_column_a_sequence(alpha):
    with alpha:
        discovery, proposal = stage_named("Découverte"), stage_named("Proposition")
        a, b, c = (opportunity(t, stage=discovery) for t in "ABC")  # column: C B A
        d = opportunity("D", stage=proposal)
        services.opportunity_move(opportunity=a, stage=discovery, before=c.pk)
        assert column(discovery) == ["A", "C", "B"]
        services.opportunity_move(opportunity=a, stage=discovery, after=b.pk)
        assert column(discovery) == ["C", "B", "A"]
        services.opportunity_move(opportunity=c, stage=proposal, after=d.pk)
        assert column(discovery) == ["B", "A"] and column(proposal) == ["D", "C"]
        services.opportunity_move(opportunity=b, stage=proposal, index=1)
        assert column(proposal) == ["D", "B", "C"]
        services.opportunity_move(opportunity=a, stage=proposal, index=99)
        assert column(proposal) == ["D", "B", "C", "A"]
        assert positions(discovery) == [] and consistent(proposal)


def test_many_drops_at_the_same_place_respace_the_column_and_keep_the_order(alpha):
    with alpha:
        stage = stage_named("Découverte")
        bottom = opportunity("Bas", stage=stage)
        top = opportunity("Haut", stage=stage)
        for i in range(15):  # each lands just above "Bas": the gap halves every time
            card = opportunity(f"N{i}", stage=stage_named("Proposition"))
            services.opportunity_move(opportunity=card, stage=stage, before=bottom.pk)
        assert column(stage) == ["Haut", *[f"N{i}" for i in range(15)], "Bas"]
        assert consistent(stage)
        del top


def test_a_stale_move_is_refused_and_changes_nothing(alpha):
    with alpha:
        deal = opportunity("A")
        seen = deal.version
        services.opportunity_move(opportunity=deal, stage=stage_named("Proposition"))
        with pytest.raises(services.StaleMove):
            services.opportunity_move(
                opportunity=deal, stage=stage_named("Négociation"), version=seen
            )
        deal.refresh_from_db()
        assert deal.stage.name == "Proposition"


def test_a_before_card_that_left_the_column_puts_the_card_on_top(alpha):
    with alpha:
        discovery, proposal = stage_named("Découverte"), stage_named("Proposition")
        a = opportunity("A", stage=discovery)
        gone = opportunity("B", stage=discovery)
        opportunity("C", stage=proposal)
        services.opportunity_move(opportunity=gone, stage=stage_named("Négociation"))
        services.opportunity_move(opportunity=a, stage=proposal, before=gone.pk)
        assert column(proposal) == ["A", "C"]


def test_deleting_closes_the_gap(alpha):
    with alpha:
        stage = stage_named("Découverte")
        a, b, c = (opportunity(t, stage=stage) for t in "ABC")
        services.opportunity_delete(opportunity=b)
        assert column(stage) == ["C", "A"] and consistent(stage)


# --- Concurrent moves (committed data, separate connections) -----------------------------------


@pytest.fixture
def committed_board(django_db_setup, django_db_blocker):
    """A workspace whose cards are committed, so that other connections see them.

    Not the `db` fixture: its transaction would hide the cards from the other threads. The
    workspace is dropped afterwards.
    """
    from workspaces import services as workspace_services

    with django_db_blocker.unblock():
        workspace = workspace_services.workspace_create(slug="concurrent", name="Concurrent")
        with workspace:
            discovery, proposal = stage_named("Découverte"), stage_named("Proposition")
            for i in range(20):
                opportunity(f"D{i}", stage=discovery)
                opportunity(f"P{i}", stage=proposal)
        yield workspace
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA concurrent CASCADE")
        workspace.delete()


def test_concurrent_moves_never_give_two_cards_one_position(committed_board):
    workspace = committed_board
    with workspace:
        discovery, proposal = stage_named("Découverte"), stage_named("Proposition")
        ids = list(Opportunity.objects.values_list("pk", flat=True))
    errors = []
    barrier = threading.Barrier(4)

    def mover(worker: int):
        try:
            barrier.wait()
            with workspace:
                for i in range(15):
                    pk = ids[(worker * 7 + i * 3) % len(ids)]
                    deal = Opportunity.objects.get(pk=pk)
                    target = proposal if (worker + i) % 2 else discovery
                    services.opportunity_move(opportunity=deal, stage=target, index=i % 5)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=mover, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    with workspace:
        for stage in (discovery, proposal):
            assert consistent(stage)
        assert Opportunity.objects.count() == 40
        assert sum(Decimal(o.amount) for o in Opportunity.objects.all()) == Decimal(40_000)
        assert Stage.objects.filter(workflow=discovery.workflow).count() == 5
