"""Sample opportunities for `seed_demo` (workspaces.demo): spread over the default workflow.

Deterministic for a given random.Random (dates follow the clock), bulk inserts. Open stages
get most cards; each column's cards go GAP apart after those already there; won and lost
cards have a closing date in the past months (lost ones a reason).
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone

from contacts.models import Contact
from labels.models import Label
from opportunities.models import Opportunity, StageKind, Workflow
from opportunities.services import GAP
from organisations.models import Organisation

BATCH = 2000
OFFERS = [
    "Audit",
    "Refonte du site",
    "Formation",
    "Accompagnement",
    "Maintenance annuelle",
    "Licences",
    "Étude de faisabilité",
    "Conseil stratégique",
    "Atelier d'équipe",
    "Déploiement",
]
LOST_REASONS = ["Trop cher", "Concurrent retenu", "Projet reporté", "Pas de budget", "Sans suite"]
# How the cards spread over the stages, by kind (a pipeline narrows towards the close).
WEIGHTS = {StageKind.OPEN: 6, StageKind.WON: 2, StageKind.LOST: 1}


def seed_workspace(*, rng: random.Random, counts: dict, owners: list[int]) -> list[str]:
    """The registry's entry (workspaces.demo)."""
    return seed(rng=rng, count=counts["opportunities"], owners=owners)


def seed(*, rng: random.Random, count: int, owners: list[int]) -> list[str]:
    """`count` opportunities in the default workflow (the workspace's own objects linked)."""
    if count <= 0:
        return []
    workflow = Workflow.objects.filter(is_default=True).first()
    if workflow is None:
        return ["No workflow: no opportunities."]
    stages = list(workflow.stages.order_by("position"))
    weights = [WEIGHTS[stage.kind] for stage in stages]
    next_position = {
        row["stage_id"]: row["last"] + GAP
        for row in Opportunity.objects.filter(stage__in=stages)
        .values("stage_id")
        .annotate(last=Max("position"))
    }
    organisations = list(Organisation.objects.values_list("pk", "name")[:5000])
    contact_of: dict[int, list[int]] = {}
    for pk, organisation_id in Contact.objects.filter(organisation__isnull=False).values_list(
        "pk", "organisation_id"
    )[:20000]:
        contact_of.setdefault(organisation_id, []).append(pk)
    label_ids = list(Label.objects.values_list("pk", flat=True))
    today = timezone.localdate()
    cards, card_labels = [], []
    for _i in range(count):
        stage = rng.choices(stages, weights)[0]
        position = next_position.get(stage.pk, 0)
        next_position[stage.pk] = position + GAP
        organisation = rng.choice(organisations) if organisations and rng.random() < 0.9 else None
        contacts = contact_of.get(organisation[0], []) if organisation else []
        closed_on = (
            today - timedelta(days=rng.randrange(0, 120)) if stage.kind != StageKind.OPEN else None
        )
        title = rng.choice(OFFERS) + (f" · {organisation[1]}" if organisation else "")
        cards.append(
            Opportunity(
                title=title[:200],
                workflow=workflow,
                stage=stage,
                amount=Decimal(rng.randrange(5, 800) * 100),
                expected_close_date=today + timedelta(days=rng.randrange(-30, 180)),
                organisation_id=organisation[0] if organisation else None,
                contact_id=rng.choice(contacts) if contacts and rng.random() < 0.8 else None,
                owner_id=rng.choice(owners) if owners else None,
                position=position,
                closed_on=closed_on,
                lost_reason=rng.choice(LOST_REASONS) if stage.kind == StageKind.LOST else "",
            )
        )
        card_labels.append(rng.sample(label_ids, k=min(len(label_ids), rng.choice([0, 0, 1, 2]))))
    created = Opportunity.objects.bulk_create(cards, batch_size=BATCH)
    through = Opportunity.labels.through
    through.objects.bulk_create(
        [
            through(opportunity_id=card.pk, label_id=label_id)
            for card, ids in zip(created, card_labels, strict=True)
            for label_id in ids
        ],
        batch_size=BATCH,
    )
    return [f"{count} opportunities over {len(stages)} stages of “{workflow.name}”."]
