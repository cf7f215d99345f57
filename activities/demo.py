"""Sample activity for `seed_demo`: notes, tasks (some overdue), checklists, some history."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from activities import services
from activities.models import Checklist, ChecklistItem, Note, Task
from contacts.models import Contact
from opportunities.models import Opportunity
from organisations.models import Organisation
from prospects.models import Prospect

NOTES = [
    "Appel de découverte : intéressé par l'offre de formation, rappeler après les congés.",
    "Rendez-vous sur place avec la direction.\nBudget validé pour le premier semestre.",
    "Envoyé la plaquette et les références clients.",
    "Préfère être contacté par email le matin.",
    "Compte rendu : https://exemple.fr/compte-rendu (voir le point 3).",
    "Relance sans réponse, réessayer la semaine prochaine.",
    "Souhaite une démonstration.",
    "A demandé une proposition chiffrée.",
]
TASKS = [
    "Rappeler pour le devis",
    "Envoyer la proposition commerciale",
    "Préparer le rendez-vous",
    "Relancer la facture",
    "Mettre à jour les coordonnées",
    "Inviter au salon de printemps",
]
CHECKLISTS = {
    "opportunity": ("Avant signature", ["Besoin qualifié", "Devis envoyé", "Décideur rencontré"]),
    "contact": ("Accueil d'un client", ["Appel de bienvenue", "Fiche complétée", "Newsletter"]),
}


def seed_workspace(*, rng: random.Random, counts: dict, owners: list) -> list[str]:
    """The registry's entry (workspaces.demo): runs after the four objects are seeded."""
    now = timezone.now()
    today = timezone.localdate()
    records = (
        [("contact", pk) for pk in _sample(rng, Contact, 60)]
        + [("organisation", pk) for pk in _sample(rng, Organisation, 30)]
        + [("opportunity", pk) for pk in _sample(rng, Opportunity, 30)]
        + [("prospect", pk) for pk in _sample(rng, Prospect, 20)]
    )
    notes, tasks = [], []
    for key, pk in records:
        for _ in range(rng.randrange(1, 3)):
            notes.append(
                Note(
                    **{f"{key}_id": pk},
                    text=rng.choice(NOTES),
                    author_id=rng.choice(owners) if owners else None,
                    pinned=rng.random() < 0.05,
                )
            )
        if owners and rng.random() < 0.7:
            due = today + datetime.timedelta(days=rng.randrange(-10, 20))
            done = due < today and rng.random() < 0.4
            who = rng.choice(owners)
            tasks.append(
                Task(
                    **{f"{key}_id": pk},
                    title=rng.choice(TASKS),
                    due=due,
                    assignee_id=who,
                    author_id=rng.choice(owners),
                    done_at=now - datetime.timedelta(days=rng.randrange(0, 5)) if done else None,
                    done_by_id=who if done else None,
                )
            )
    Note.objects.bulk_create(notes, batch_size=1000)
    Task.objects.bulk_create(tasks, batch_size=1000)
    checklists = 0
    for key, (name, items) in CHECKLISTS.items():
        template = services.checklist_template_create(object_key=key, name=name, items=items)
        for record_key, pk in records:
            if record_key == key and rng.random() < 0.3:
                checklist = Checklist.objects.create(
                    template=template, name=name, **{f"{key}_id": pk}
                )
                ChecklistItem.objects.bulk_create(
                    ChecklistItem(
                        checklist=checklist,
                        text=text,
                        position=i,
                        done_at=now if rng.random() < 0.5 else None,
                        done_by_id=rng.choice(owners) if owners else None,
                    )
                    for i, text in enumerate(items)
                )
                checklists += 1
    # A few changes, for the history of changes (recorded by the database triggers).
    changed = _sample(rng, Contact, 20)
    Contact.objects.filter(pk__in=changed).update(job_title="Responsable des achats")
    overdue = sum(1 for task in tasks if task.done_at is None and task.due < today)
    return [
        f"{len(notes)} notes, {len(tasks)} tasks ({overdue} overdue), "
        f"{checklists} checklists, {len(changed)} contacts changed."
    ]


def _sample(rng: random.Random, model, count: int) -> list[int]:
    ids = list(model.objects.order_by("pk").values_list("pk", flat=True)[:5000])
    return rng.sample(ids, min(count, len(ids)))
