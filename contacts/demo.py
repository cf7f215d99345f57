"""Realistic French sample organisations and contacts for `seed_demo` (workspaces.demo).

Deterministic (one random.Random(seed); only the dates follow the clock), written with
PostgreSQL COPY: 100,000 contacts take about ten seconds. Re-running adds more rows; emails
and SIREN numbers stay unique.
"""

from __future__ import annotations

import functools
import random
import unicodedata
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from contacts.models import Contact
from labels.models import Label
from organisations.models import Organisation
from organisations.normalise import normalise_organisation_name
from workspaces.demo import loading_in_bulk


def words(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = words(
    "Camille Léa Manon Chloé Emma Inès Jade Louise Alice Lina Zoé Juliette Hélène Élise Margaux "
    "Clémence Anaïs Sophie Nathalie Isabelle Céline Aurélie Mathilde Maëlle Noémie Océane Agathe "
    "Lucas Hugo Louis Gabriel Arthur Jules Léo Raphaël Adam Nathan Théo Tom Noé Paul Étienne "
    "Jérôme François Sébastien Frédéric Benoît Mathéo Loïc Cédric Grégoire Antoine Julien Rémi"
)
LAST_NAMES = words(
    "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefèbvre "
    "Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André Lefèvre Mercier Dupont "
    "Lambert Bonnet François Martinez Legrand Garnier Faure Rousseau Blanc Guérin Müller Henry "
    "Roussel Nicolas Perrin Morin Mathieu Clément Gauthier Dumont Lopez Fontaine Chevalier Robin "
    "Masson Sanchez Gérard Nguyen Boyer Denis Lemaire Duval Joly Gautier Roger Roche Roy Noël "
    "Meyer Lucas Meunier Jean Pérez Marchand Dufour Blanchard Marie Barbier Brun Dumas Brunet "
    "Schmitt Leroux Colin Fernandez Pierre Renard Arnaud Rolland Caron Aubert Giraud Leclerc "
    "Vidal Bourgeois Renaud Lemoine Picard Gaillard Philippe Leclercq Lacroix Fabre Dupuis Olivier"
)
ACTIVITIES = words(
    "Boulangerie Menuiserie Imprimerie Conseil Transports Ateliers Éditions Laboratoire Cabinet "
    "Études Informatique Paysages Architecture Bâtiment Énergies Logistique Restauration Formation "
    "Électricité Plomberie Communication Ingénierie Agence Coopérative Brasserie Vignobles"
)
NAME_WORDS = words(
    "Dupont Martin Lumière Horizon Atlas Azur Rhône Loire Garonne Alpes Océan Provence Bretagne "
    "Vauban Colbert Pasteur Voltaire Hugo Montaigne Étoile Phare Cèdre Chêne Olivier Tilleul "
    "Saint-Michel Belle-Île Mont-Blanc Sainte-Victoire Val-de-Loire Côte-d'Or Moulin Forge Source"
)
FORMS = ["SAS", "SARL", "SA", "EURL", "SASU", "SCI", "", "", "", "Association", "SCOP"]
CITIES = [
    ("Paris", "75001"), ("Marseille", "13001"), ("Lyon", "69001"), ("Toulouse", "31000"),
    ("Nice", "06000"), ("Nantes", "44000"), ("Montpellier", "34000"), ("Strasbourg", "67000"),
    ("Bordeaux", "33000"), ("Lille", "59000"), ("Rennes", "35000"), ("Reims", "51100"),
    ("Saint-Étienne", "42000"), ("Le Havre", "76600"), ("Grenoble", "38000"), ("Dijon", "21000"),
    ("Angers", "49000"), ("Nîmes", "30000"), ("Clermont-Ferrand", "63000"), ("Besançon", "25000"),
    ("Orléans", "45000"), ("Rouen", "76000"), ("Caen", "14000"), ("Nancy", "54000"),
    ("Béziers", "34500"), ("Périgueux", "24000"), ("Aix-en-Provence", "13100"), ("Brest", "29200"),
]  # fmt: skip
STREETS = [
    "rue de la République", "avenue Jean-Jaurès", "rue Victor-Hugo", "boulevard Pasteur",
    "place de l'Église", "rue des Écoles", "chemin du Moulin", "allée des Tilleuls",
    "rue Émile-Zola", "quai de la Fontaine", "impasse des Lilas", "rue du Général-de-Gaulle",
]  # fmt: skip
JOB_TITLES = [
    "Gérante", "Gérant", "Directrice commerciale", "Directeur général", "Responsable achats",
    "Chargée de projet", "Chef de projet", "Comptable", "Assistante de direction",
    "Responsable technique", "Présidente", "Président", "Ingénieure", "Consultant", "",
]  # fmt: skip
LABELS = [
    ("Client", "green"), ("Fournisseur", "blue"), ("Partenaire", "purple"), ("VIP", "red"),
    ("Newsletter", "teal"), ("Salon 2026", "orange"), ("À relancer", "yellow"),
]  # fmt: skip


NAME_TRIGGER = "contact_organisation_name"  # contacts migration 0007


@functools.cache  # a hundred names, a million rows
def ascii_slug(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    kept = "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))
    return kept or "x"


def siren_from(number: int) -> str:
    """Eight digits and the Luhn check digit that makes them a valid SIREN."""
    body = f"{number % 10**8:08d}"
    for check in "0123456789":
        candidate = body + check
        total = 0
        for position, char in enumerate(reversed(candidate)):
            value = int(char) * (2 if position % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable")


def phone(rng: random.Random, mobile: bool = False) -> str:
    first = rng.choice("67") if mobile else rng.choice("12345")
    pairs = " ".join(f"{rng.randrange(100):02d}" for _ in range(4))
    return f"0{first} {pairs}"


def labels(*, rng: random.Random) -> list[Label]:
    existing = {label.name: label for label in Label.objects.all()}
    for name, colour in LABELS:
        if name not in existing:
            existing[name] = Label.objects.create(name=name, colour=colour)
    return [existing[name] for name, _colour in LABELS]


def copy_rows(model, columns: list[str], rows) -> None:
    """Write `rows` with PostgreSQL COPY: several times faster than INSERT for bulk seeds."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def dates(rng: random.Random, now):
    created = now - timedelta(days=rng.randrange(730), minutes=rng.randrange(1440))
    updated = min(now, created + timedelta(days=rng.randrange(200)))
    return created, updated


def seed_organisations(*, rng: random.Random, count: int, owners: list, labels_: list) -> list[int]:
    """`count` organisations; returns the ids of all organisations of the workspace."""
    offset = Organisation.objects.count()
    last_id = Organisation.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    siren_start = rng.randrange(10**7, 5 * 10**7)
    now = timezone.now()

    def rows():
        for i in range(count):
            name = f"{rng.choice(ACTIVITIES)} {rng.choice(NAME_WORDS)}"
            legal_form = rng.choice(FORMS)
            if legal_form:
                name = f"{name} {legal_form}"
            city, postal_code = rng.choice(CITIES)
            domain = f"{ascii_slug(name)[:20]}{offset + i}.fr"
            siren = siren_from(siren_start + offset + i) if rng.random() < 0.7 else ""
            owner = rng.choice(owners) if owners and rng.random() < 0.8 else None
            street = f"{rng.randrange(1, 120)} {rng.choice(STREETS)}"
            created, updated = dates(rng, now)
            yield (
                name, normalise_organisation_name(name), f"https://www.{domain}",
                f"contact@{domain}", phone(rng), street, postal_code, city, "France", siren, "",
                owner, created, updated,
            )  # fmt: skip

    copy_rows(
        Organisation,
        ["name", "name_key", "website", "email", "phone", "street", "postal_code", "city",
         "country", "siren", "description", "owner_id", "created", "updated"],
        rows(),
    )  # fmt: skip
    _label_some(Organisation, "organisation", last_id, labels_, rng)
    return list(Organisation.objects.values_list("pk", flat=True))


def seed_contacts(
    *, rng: random.Random, count: int, organisation_ids: list[int], owners: list, labels_: list
) -> None:
    offset = Contact.objects.count()
    last_id = Contact.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    now = timezone.now()
    # The contact's copy of its organisation's name, written here; in a large seed, rather
    # than by the row trigger that keeps it, which looks each name up (a third of the COPY).
    names = dict(Organisation.objects.order_by().values_list("pk", "name"))

    def rows():
        for i in range(count):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            city, postal_code = rng.choice(CITIES)
            email = f"{ascii_slug(first)}.{ascii_slug(last)}.{offset + i}@exemple.fr"
            landline = phone(rng) if rng.random() < 0.6 else ""
            mobile = phone(rng, mobile=True) if rng.random() < 0.7 else ""
            organisation = (
                rng.choice(organisation_ids) if organisation_ids and rng.random() < 0.85 else None
            )
            owner = rng.choice(owners) if owners and rng.random() < 0.8 else None
            created, updated = dates(rng, now)
            yield (
                first, last, email, landline, mobile, rng.choice(JOB_TITLES), organisation,
                names[organisation] if organisation else "", "", postal_code, city, "France",
                owner, created, updated,
            )  # fmt: skip

    trigger_off = loading_in_bulk()
    if trigger_off:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE contacts_contact DISABLE TRIGGER {NAME_TRIGGER}")
    copy_rows(
        Contact,
        ["first_name", "last_name", "email", "phone", "mobile", "job_title", "organisation_id",
         "organisation_name", "street", "postal_code", "city", "country", "owner_id", "created",
         "updated"],
        rows(),
    )  # fmt: skip
    if trigger_off:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE contacts_contact ENABLE TRIGGER {NAME_TRIGGER}")
    _label_some(Contact, "contact", last_id, labels_, rng)


def _label_some(model, column: str, after_id: int, labels_: list, rng: random.Random) -> None:
    """About a third of the new rows (ids above `after_id`) get one or two labels."""
    if not labels_:
        return
    # Read the ids before COPY starts: no other query may run on the connection during a COPY.
    new_ids = list(
        model.objects.filter(pk__gt=after_id).order_by("pk").values_list("pk", flat=True)
    )

    def rows():
        for pk in new_ids:
            if rng.random() < 0.35:
                for label in rng.sample(labels_, rng.choice([1, 1, 2])):
                    yield (pk, label.pk)

    copy_rows(model.labels.through, [f"{column}_id", "label_id"], rows())


def seed_workspace(*, rng: random.Random, counts: dict, owners: list) -> list[str]:
    """The registry's entry (workspaces.demo): organisations and contacts."""
    return seed(
        rng=rng, organisations=counts["organisations"], contacts=counts["contacts"], owners=owners
    )


def seed(*, rng: random.Random, organisations: int, contacts: int, owners: list) -> list[str]:
    """Organisations and contacts for the current workspace schema (call inside `with ws:`)."""
    labels_ = labels(rng=rng)
    organisation_ids = seed_organisations(
        rng=rng, count=organisations, owners=owners, labels_=labels_
    )
    seed_contacts(
        rng=rng,
        count=contacts,
        organisation_ids=organisation_ids,
        owners=owners,
        labels_=labels_,
    )
    return [f"{organisations} organisations, {contacts} contacts, {len(labels_)} labels."]
