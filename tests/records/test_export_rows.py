"""Exports read plain values in one query, whatever the number of rows, and write the same
cells the record pages show: linked names, owners, labels, choice labels."""

import csv
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import Contact
from labels.models import Label
from organisations.models import Organisation
from tests.opportunities.factories import opportunity, stage_named


def exported(client, url) -> tuple[list[list[str]], list[str]]:
    with CaptureQueriesContext(connection) as queries:
        body = b"".join(client.get(url).streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body))), [q["sql"] for q in queries]


def contacts(count, *, owner, labels):
    org = Organisation.objects.create(name="Dupont SAS")
    for i in range(count):
        contact = Contact.objects.create(
            first_name=f"Jean{i}", last_name="Durand", organisation=org, owner=owner
        )
        contact.labels.set(labels)


def test_the_contact_export_takes_the_same_queries_for_3_or_40_rows(client_on, alpha, alice):
    alice.full_name = "Alice Martin"
    alice.save()
    client = client_on(alpha, alice)
    with alpha:
        labels = [Label.objects.create(name=n) for n in ["VIP", "Client", "=cmd"]]
        contacts(3, owner=alice, labels=labels)
    exported(client, "/contacts/export/")  # this process reads the object settings once
    rows, few = exported(client, "/contacts/export/")
    with alpha:
        contacts(37, owner=alice, labels=labels)
    rows, many = exported(client, "/contacts/export/")
    assert len(rows) == 41 and len(few) == len(many)
    # One query reads the rows with their labels, organisation and owner: no prefetch.
    reading = [sql for sql in many if '"contacts_contact_labels"' in sql]
    assert len(reading) == 1 and '"accounts_user"' in reading[0]
    header = rows[0]
    jean = dict(zip(header, rows[1], strict=True))
    assert jean["Organisation"] == "Dupont SAS"
    # Labels by name, and a label that reads as a formula is neutralised as a whole cell.
    assert jean["Étiquettes"] == "'=cmd, Client, VIP"
    assert jean["Responsable"] == "Alice Martin"


def test_the_opportunity_export_writes_names_and_choice_labels(client_on, alpha, alice):
    with alpha:
        org = Organisation.objects.create(name="Lumière")
        jean = Contact.objects.create(
            first_name="Jean", last_name="Durand", email="j@d.fr", organisation=org
        )
        nameless = Contact.objects.create(email="anonyme@d.fr")
        opportunity("Audit", stage=stage_named("Gagnée"), organisation=org, contact=jean)
        opportunity("Refonte", amount="1500.5", contact=nameless)
    rows, _ = exported(client_on(alpha, alice), "/opportunities/export/?sort=title")
    header = rows[0]
    audit = dict(zip(header, rows[1], strict=True))
    refonte = dict(zip(header, rows[2], strict=True))
    assert audit["Étape"] == "Gagnée" and audit["Organisation"] == "Lumière"
    assert audit["Contact"] == "Jean Durand"
    assert audit["Statut"] == "Gagnée"
    assert refonte["Contact"] == "anonyme@d.fr"  # a contact without a name shows its email
    amount = next(key for key in header if key.startswith("Montant"))
    assert refonte[amount] == "1500.50"
