"""A person with something in every category Carnet keeps, in the alpha workspace."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone

from activities.models import Checklist, ChecklistItem, Note, Task
from contacts.models import Contact
from imports.models import ImportBatch, ImportedRecord
from labels.models import Label
from organisations.models import Organisation
from prospects.models import Prospect, ProspectStatusChange, Status
from records.models import CustomField
from tests.opportunities.factories import opportunity

NAME = "Zéphyrin Quaglio"
EMAIL = "zephyrin.quaglio@exemple.test"
PHONE = "06 48 27 19 53"
# What must not be found anywhere once the person is erased (history and imports included).
# « Orgues de Barbarie » is a custom value: the history keeps custom values too.
TRACES = [
    "Quaglio", "zephyrin", "Zéphyrin", "48 27 19", "0648271953", "Rue des Érables", "Barbarie",
]  # fmt: skip


@dataclass
class Person:
    contact: Contact
    prospect: Prospect
    opportunity: object
    other: Contact
    mention: Note
    elsewhere: Note
    batch: ImportBatch


@pytest.fixture
def person(alpha, alice, mia) -> Person:
    with alpha:
        org = Organisation.objects.create(name="Quincaillerie Morel")
        field = CustomField.objects.create(
            object_key="contact", key="f_passion_x1", label_fr="Passion", field_type="text"
        )
        contact = Contact.objects.create(
            first_name="Zéphyrin",
            last_name="Quaglio",
            email="z.quaglio@ancien.test",
            phone=PHONE,
            street="3 Rue des Érables",
            city="Rennes",
            organisation=org,
            owner=alice,
            custom={field.key: "Orgues de Barbarie"},
        )
        # History: a change of email and job title.
        contact.email = EMAIL
        contact.job_title = "Accordeur"
        contact.save()
        contact.labels.add(Label.objects.create(name="Client fidèle", colour="green"))
        Note.objects.create(contact=contact, text="Préfère être appelé le matin.", author=mia)
        Task.objects.create(
            contact=contact,
            title="Rappeler pour le devis",
            due=date.today() + timedelta(days=3),
            assignee=mia,
            author=alice,
        )
        checklist = Checklist.objects.create(contact=contact, name="Accueil", author=alice)
        ChecklistItem.objects.create(
            checklist=checklist, text="Envoyer la plaquette", done_at=timezone.now(), done_by=mia
        )
        deal = opportunity(title="Entretien annuel", contact=contact, organisation=org)
        prospect = Prospect.objects.create(
            first_name="Zéphyrin",
            last_name="Quaglio",
            email=EMAIL,
            company_name="Quincaillerie Morel",
            status=Status.CONVERTED,
            converted_at=timezone.now(),
            converted_contact=contact,
            converted_organisation=org,
        )
        ProspectStatusChange.objects.create(
            prospect=prospect, from_status="new", to_status="converted", changed_by=alice
        )
        batch = ImportBatch.objects.create(object_key="contact", file_name="salon.csv")
        ImportedRecord.objects.create(
            batch=batch,
            object_key="contact",
            record_id=contact.pk,
            action="updated",
            previous={"phone": "0648271953", "city": "Brest"},
            stamp=timezone.now(),
        )
        other = Contact.objects.create(first_name="Inès", last_name="Morel")
        mention = Note.objects.create(
            contact=other, text=f"Recommandée par {NAME} ({EMAIL}) au salon.", author=mia
        )
        elsewhere = Note.objects.create(contact=other, text="Rien à voir.", author=mia)
    return Person(contact, prospect, deal, other, mention, elsewhere, batch)
