"""Opportunities for tests, written with the services (so positions stay as in real use)."""

from decimal import Decimal

from opportunities import services
from opportunities.models import Stage, Workflow


def default_workflow() -> Workflow:
    return Workflow.objects.get(is_default=True)


def stage_named(name: str, workflow: Workflow | None = None) -> Stage:
    workflow = workflow or default_workflow()
    return workflow.stages.get(name=name)


def opportunity(title="Audit", stage: Stage | None = None, amount="1000", **data):
    stage = stage or default_workflow().stages.order_by("position").first()
    labels = data.pop("labels", None)
    return services.opportunity_create(
        data={
            "title": title,
            "stage": stage,
            "amount": None if amount is None else Decimal(amount),
            **data,
        },
        labels=labels,
    )


def column(stage: Stage) -> list[str]:
    """The titles in a board column, in order."""
    return list(stage.opportunities.order_by("position").values_list("title", flat=True))


def positions(stage: Stage) -> list[int]:
    return list(stage.opportunities.order_by("position").values_list("position", flat=True))


def consistent(stage: Stage) -> bool:
    """No two cards of the column share a position (so their order is the same for everyone)."""
    found = positions(stage)
    return len(found) == len(set(found))
