"""The contact list sorted by organisation reads an index, not a join of every contact: the
organisation's name is kept on each contact by the database (contacts 0007_keyset_indexes)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.history_models import ContactEvent
from contacts.models import Contact
from organisations.models import Organisation

pytestmark = pytest.mark.django_db


def names(page: str) -> list[str]:
    """The list's contacts in order (each row names its contact more than once)."""
    return list(dict.fromkeys(re.findall(r"Person (\w+)", page)))


def test_the_sort_follows_creations_renames_and_moves_without_a_join(client_on, alpha, alice):
    with alpha:
        zeta = Organisation.objects.create(name="Zeta")
        beta = Organisation.objects.create(name="Beta")
        Contact.objects.create(first_name="Person", last_name="A", organisation=zeta)
        b = Contact.objects.create(first_name="Person", last_name="B", organisation=beta)
        Contact.objects.create(first_name="Person", last_name="C")  # none: last
        bulk = Contact.objects.bulk_create([Contact(first_name="Person", last_name="D")])
        Contact.objects.filter(pk=bulk[0].pk).update(organisation=zeta)
    client = client_on(alpha, alice)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/contacts/", {"sort": "organisation"}).content.decode()
    assert names(page) == ["B", "A", "D", "C"]
    sorted_ids = [  # the queries that find the page's ids in order (records.paging)
        q["sql"]
        for q in queries
        if q["sql"].startswith('SELECT "contacts_contact"."id" AS "pk"') and "ORDER BY" in q["sql"]
    ]
    assert sorted_ids and not any("organisations_organisation" in sql for sql in sorted_ids)
    assert names(client.get("/contacts/", {"sort": "-organisation"}).content.decode()) == [
        "C",
        "D",
        "A",
        "B",
    ]

    with alpha:
        events = ContactEvent.objects.count()
        beta.name = "Omega"
        beta.save()  # a rename: its contacts follow, and their history says nothing of it
        assert Contact.objects.get(pk=b.pk).organisation_name == "Omega"
        assert ContactEvent.objects.count() == events
    assert names(client.get("/contacts/", {"sort": "organisation"}).content.decode()) == [
        "B",
        "A",
        "D",
        "C",
    ]  # Omega < Zeta
    with alpha:
        zeta.delete()  # its contacts keep no organisation, nor its name
        assert Contact.objects.filter(organisation_name="Zeta").count() == 0
