"""Likely duplicate contacts, as the create forms and the prospect conversion look them up."""

from django.db import connection

from contacts.models import Contact
from contacts.selectors import contact_duplicates


def test_contact_duplicates_ignore_case(alpha):
    with alpha:
        elise = Contact.objects.create(first_name="Élise", email="Elise@Dupont.fr")
        Contact.objects.create(first_name="Sans email")
        assert list(contact_duplicates(email=" elise@dupont.FR ")) == [elise]
        assert list(contact_duplicates(email="")) == []
        assert list(contact_duplicates(email="elise@dupont.fr", exclude_pk=elise.pk)) == []


def test_duplicate_lookups_use_indexes(alpha):
    with alpha, connection.cursor() as cursor:
        # Enough rows, analysed, for the planner to choose as it would on real data (on a
        # near-empty table every index costs the same and its choice is a coin toss).
        Contact.objects.bulk_create(
            Contact(first_name=f"P{i}", email=f"p{i}@example.fr") for i in range(2000)
        )
        cursor.execute("ANALYZE contacts_contact")
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = contact_duplicates(email="a@b.fr").order_by().explain()
        assert "contacts_contact_email_ci_unique" in plan, plan
