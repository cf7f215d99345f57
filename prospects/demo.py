"""Sample prospects for `seed_demo --prospects N` (workspaces.demo).

Deterministic (one random.Random(seed); only the dates follow the clock), written with COPY. A
mix of statuses, sources and labels; about one in ten is a likely duplicate of what the base
already holds (a contact's email in another case, an organisation's name spelt differently or
its email domain), so the conversion wizard has something to suggest.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from contacts import demo as contacts_demo
from contacts.models import Contact
from organisations.normalise import strip_accents
from prospects.models import Prospect, ProspectStatusChange, Source, Status

STATUS_WEIGHTS = [
    (Status.NEW, 40),
    (Status.CONTACTED, 25),
    (Status.QUALIFIED, 15),
    (Status.DISQUALIFIED, 12),
    (Status.CONVERTED, 8),
]
SOURCE_DETAILS = {
    Source.EVENT: ["Salon des entrepreneurs 2026", "Meetup Lyon", "Forum PME", "Webinaire"],
    Source.REFERRAL: ["Recommandé par un client", "Par un partenaire", "Bouche-à-oreille"],
    Source.WEBSITE: ["Formulaire de contact", "Demande de devis", "Livre blanc"],
    Source.COLD_OUTREACH: ["Campagne e-mail printemps", "Appel sortant", "LinkedIn"],
    Source.IMPORT: ["Fichier salon.csv", "Ancien CRM"],
    Source.OTHER: [""],
}
DISQUALIFICATION_REASONS = [
    "Pas de budget cette année",
    "Hors de notre zone",
    "Déjà équipé chez un concurrent",
    "Ne répond plus",
    "Trop petit pour notre offre",
]
FREE_MAIL = ["gmail.com", "orange.fr", "free.fr", "laposte.net", "hotmail.fr", "wanadoo.fr"]


def respell(name: str, rng: random.Random) -> str:
    """The same organisation as someone else would type it: case, accents, legal form."""
    words = name.split()
    if words and words[-1] in contacts_demo.FORMS:
        words = words[:-1]  # the legal form dropped…
    if rng.random() < 0.5:
        words.append(rng.choice(["SAS", "SARL", "S.A.R.L.", "sa"]))  # …or another one
    text = " ".join(words)
    return strip_accents(text) if rng.random() < 0.5 else text.upper()


def seed_workspace(*, rng: random.Random, counts: dict, owners: list) -> list[str]:
    """The registry's entry (workspaces.demo)."""
    return seed(rng=rng, count=counts["prospects"], owners=owners)


def seed(*, rng: random.Random, count: int, owners: list) -> list[str]:
    """`count` prospects for the current workspace schema (call inside `with workspace:`)."""
    if count <= 0:
        return []
    labels_ = contacts_demo.labels(rng=rng)
    last_id = Prospect.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    # Existing records to imitate, read before any COPY starts (one connection, one statement).
    sample = list(
        Contact.objects.exclude(email="")
        .order_by("pk")
        .values_list("pk", "first_name", "last_name", "email", "organisation_id",
                     "organisation__name", "organisation__email")[: max(1, count // 5)]
    )  # fmt: skip
    statuses = [status for status, _weight in STATUS_WEIGHTS]
    weights = [weight for _status, weight in STATUS_WEIGHTS]
    now = timezone.now()
    offset = Prospect.objects.count()
    plan = []  # (status, created, converted links) per prospect, for the history

    def rows():
        for i in range(count):
            status = rng.choices(statuses, weights)[0]
            source = rng.choice(list(Source))
            first = rng.choice(contacts_demo.FIRST_NAMES)
            last = rng.choice(contacts_demo.LAST_NAMES)
            company = (
                f"{rng.choice(contacts_demo.ACTIVITIES)} {rng.choice(contacts_demo.NAME_WORDS)}"
            )
            slug = f"{contacts_demo.ascii_slug(first)}.{contacts_demo.ascii_slug(last)}"
            if rng.random() < 0.3:
                email = f"{slug}{offset + i}@{rng.choice(FREE_MAIL)}"
            else:
                email = f"{slug}@{contacts_demo.ascii_slug(company)[:20]}{offset + i}.fr"
            converted = (None, None)
            if sample and (rng.random() < 0.1 or status == Status.CONVERTED):
                pk, first, last, contact_email, org_id, org_name, org_email = rng.choice(sample)
                kind = rng.random()
                if kind < 0.4 or status == Status.CONVERTED:
                    email = contact_email.upper() if rng.random() < 0.5 else contact_email
                if org_name and kind >= 0.2:
                    company = respell(org_name, rng)
                if org_email and 0.6 <= kind < 0.8:
                    email = f"{contacts_demo.ascii_slug(first)}@{org_email.rpartition('@')[2]}"
                if status == Status.CONVERTED:
                    converted = (pk, org_id)
            created = now - timedelta(days=rng.randrange(365), minutes=rng.randrange(1440))
            converted_at = (
                min(now, created + timedelta(days=rng.randrange(1, 60)))
                if status == Status.CONVERTED
                else None
            )
            reason = rng.choice(DISQUALIFICATION_REASONS) if status == Status.DISQUALIFIED else ""
            owner = rng.choice(owners) if owners and rng.random() < 0.85 else None
            plan.append((status, created, converted_at, reason, owner))
            yield (
                first, last, company, rng.choice(contacts_demo.JOB_TITLES), email,
                contacts_demo.phone(rng, mobile=rng.random() < 0.5) if rng.random() < 0.7 else "",
                "", source, rng.choice(SOURCE_DETAILS[source]), status, reason,
                owner, created, created, converted_at,
                converted[1], converted[0],
            )  # fmt: skip

    contacts_demo.copy_rows(
        Prospect,
        ["first_name", "last_name", "company_name", "job_title", "email", "phone", "siren",
         "source", "source_detail", "status", "disqualification_reason", "owner_id",
         "created", "updated", "converted_at", "converted_organisation_id",
         "converted_contact_id"],
        rows(),
    )  # fmt: skip
    new_ids = list(
        Prospect.objects.filter(pk__gt=last_id).order_by("pk").values_list("pk", flat=True)
    )

    def history():
        for pk, (status, created, converted_at, reason, owner) in zip(new_ids, plan, strict=True):
            yield (pk, "", Status.NEW, "", owner, created)
            if status != Status.NEW:
                changed_at = converted_at or created + timedelta(days=rng.randrange(1, 30))
                yield (pk, Status.NEW, status, reason, owner, min(now, changed_at))

    contacts_demo.copy_rows(
        ProspectStatusChange,
        ["prospect_id", "from_status", "to_status", "reason", "changed_by_id", "changed_at"],
        history(),
    )

    def labelled():
        for pk in new_ids:
            if rng.random() < 0.5:
                for label in rng.sample(labels_, rng.choice([1, 1, 2])):
                    yield (pk, label.pk)

    contacts_demo.copy_rows(Prospect.labels.through, ["prospect_id", "label_id"], labelled())
    return [f"{count} prospects (about one in ten looks like a record already in the base)."]
