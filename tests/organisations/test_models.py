"""Rules the database itself enforces on organisations and contacts, whatever writes the rows."""

import pytest
from django.db import IntegrityError, transaction

from contacts.models import Contact
from organisations.models import Organisation

VALID_SIRENS = ["732829320", "552100554", "443061841"]


def test_a_valid_siren_is_accepted_and_an_invalid_one_refused_by_the_database(alpha):
    with alpha:
        Organisation.objects.create(name="Valide", siren=VALID_SIRENS[0])
        for bad in ["732829321", "12345678", "12345678a", "1234567890"[:9].replace("9", "x")]:
            with pytest.raises(IntegrityError), transaction.atomic():
                Organisation.objects.create(name="Invalide", siren=bad)


def test_siren_is_unique_when_set_and_may_be_empty_many_times(alpha):
    with alpha:
        Organisation.objects.create(name="Une", siren=VALID_SIRENS[1])
        Organisation.objects.create(name="Sans 1")
        Organisation.objects.create(name="Sans 2")
        with pytest.raises(IntegrityError), transaction.atomic():
            Organisation.objects.create(name="Deux", siren=VALID_SIRENS[1])


def test_name_key_is_stored_on_save(alpha):
    with alpha:
        org = Organisation.objects.create(name="Société Dupont SAS")
        assert org.name_key == "societe dupont"
        org.name = "Ébénisterie Martin S.A.R.L."
        org.save(update_fields=["name"])
        org.refresh_from_db()
        assert org.name_key == "ebenisterie martin"


def test_contact_needs_a_name_or_an_email(alpha):
    with alpha:
        Contact.objects.create(first_name="Élise")
        Contact.objects.create(last_name="Durand")
        Contact.objects.create(email="x@example.fr")
        with pytest.raises(IntegrityError), transaction.atomic():
            Contact.objects.create(job_title="Gérante")


def test_contact_email_is_unique_ignoring_case_when_set(alpha):
    with alpha:
        Contact.objects.create(first_name="A", email="Elise@Example.fr")
        Contact.objects.create(first_name="B")
        Contact.objects.create(first_name="C")
        with pytest.raises(IntegrityError), transaction.atomic():
            Contact.objects.create(first_name="D", email="elise@example.FR")


def test_deleting_an_organisation_keeps_its_contacts(alpha):
    with alpha:
        org = Organisation.objects.create(name="Dupont")
        contact = Contact.objects.create(first_name="Élise", organisation=org)
        org.delete()
        contact.refresh_from_db()
        assert contact.organisation is None


def test_the_same_email_may_exist_in_two_workspaces(alpha, beta):
    with alpha:
        Contact.objects.create(first_name="A", email="same@example.fr")
    with beta:
        Contact.objects.create(first_name="B", email="same@example.fr")
