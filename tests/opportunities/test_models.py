"""The database itself keeps the opportunity rules, whatever writes the rows."""

import pytest
from django.db import IntegrityError, transaction

from opportunities.models import Opportunity, Stage, StageKind, Workflow


def test_a_new_workspace_starts_with_one_default_workflow_in_french(alpha):
    with alpha:
        workflow = Workflow.objects.get()
        stages = list(workflow.stages.order_by("position"))
    assert workflow.is_default and workflow.name == "Vente"
    assert [s.name for s in stages] == [
        "Découverte",
        "Proposition",
        "Négociation",
        "Gagnée",
        "Perdue",
    ]
    assert [s.kind for s in stages][-2:] == [StageKind.WON, StageKind.LOST]


def test_a_workspace_created_in_english_gets_its_workflow_in_english(db):
    from django.utils import translation

    from workspaces import services

    with translation.override("en"):
        workspace = services.workspace_create(slug="gamma", name="Gamma")
    with workspace:
        workflow = Workflow.objects.get()
        names = list(workflow.stages.order_by("position").values_list("name", flat=True))
    assert workflow.name == "Sales"
    assert names == ["Discovery", "Proposal", "Negotiation", "Won", "Lost"]


def test_the_database_refuses_a_stage_of_another_workflow(alpha):
    with alpha:
        sales = Workflow.objects.get()
        other = Workflow.objects.create(name="Formation", position=1)
        foreign_stage = Stage.objects.create(workflow=other, name="Inscrite", position=0)
        with pytest.raises(IntegrityError), transaction.atomic():
            Opportunity.objects.create(title="Audit", workflow=sales, stage=foreign_stage)


def test_the_database_refuses_two_default_workflows(alpha):
    with alpha, pytest.raises(IntegrityError), transaction.atomic():
        Workflow.objects.create(name="Autre", position=1, is_default=True)


def test_the_database_refuses_a_negative_amount_and_a_probability_above_100(alpha):
    with alpha:
        stage = Stage.objects.first()
        with pytest.raises(IntegrityError), transaction.atomic():
            Opportunity.objects.create(
                title="Audit", workflow=stage.workflow, stage=stage, amount=-1
            )
        with pytest.raises(IntegrityError), transaction.atomic():
            Stage.objects.filter(pk=stage.pk).update(probability=101)
