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
        cursor.execute("SET LOCAL enable_seqscan = off")
        # The lookup itself (on a near-empty table the planner may prefer walking the sort
        # index; with real data the few duplicates are sorted after the lookup).
        plan = contact_duplicates(email="a@b.fr").order_by().explain()
        assert "contacts_contact_email_ci_unique" in plan, plan
