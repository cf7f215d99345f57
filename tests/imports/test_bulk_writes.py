"""The bulk writes of a run: field checks without full_clean(), inserts by COPY, a few rows
refused by the database among many, organisations created once per chunk."""

import pytest

from activities.history_models import ContactEvent, OrganisationEvent
from contacts.models import Contact
from imports import services
from imports.models import ImportedRecord
from organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_rows_refused_by_the_database_are_found_among_many(alpha, run_import, monkeypatch):
    monkeypatch.setattr(services, "CHUNK_ROWS", 40)  # several chunks, each with a bad row
    lines = ["Prénom;Email;Ville;Société"]
    for i in range(100):
        if i % 30 == 7:  # no name and no email: the table's check refuses it
            lines.append(f";;Lyon {i};Société {i % 3}")
        elif i == 50:  # the same address as row 10, with "create anyway": unique refuses it
            lines.append("Dup;p10@x.fr;Lyon;")
        else:
            lines.append(f"P{i};p{i}@x.fr;Lyon;Société {i % 3}")
    with alpha:
        Contact.objects.create(email="existing@x.fr")
        batch = run_import("contact", "\n".join(lines) + "\n", "create")
        assert (batch.created_count, batch.rejected_count) == (100 - 5, 5)
        reasons = dict(batch.rejected.values_list("line", "reason"))
        assert reasons[52] == "Another record already has this email address."
        assert reasons[9] == "Give a first name, a last name or an email address."
        assert set(reasons) == {9, 39, 69, 99, 52}
        assert Contact.objects.count() == 96
        assert Organisation.objects.count() == 3  # each created once, in the first chunk
        assert ImportedRecord.objects.filter(batch=batch, object_key="organisation").count() == 3
        accounts = ImportedRecord.objects.filter(batch=batch, object_key="contact")
        assert accounts.count() == 95
        ids = set(accounts.values_list("record_id", flat=True))
        assert ids == set(
            Contact.objects.exclude(email="existing@x.fr").values_list("pk", flat=True)
        )
        events = ContactEvent.objects.filter(pgh_obj_id__in=ids, pgh_label="insert")
        assert events.count() == 95
        assert {e.pgh_context["channel"] for e in events} == {"import"}
        assert OrganisationEvent.objects.filter(pgh_label="insert").count() == 3
        services.batch_undo(batch=batch)
        assert list(Contact.objects.values_list("email", flat=True)) == ["existing@x.fr"]
        assert not Organisation.objects.exists()


def test_field_checks_give_full_clean_messages(alpha, run_import):
    with alpha:
        batch = run_import(
            "contact",
            "Email;Téléphone;Prénom\n"
            "a@x.fr;0102030405;Ana\n"
            "pas-un-email;0102030405;Bob\n"
            f"c@x.fr;pas un numéro;{'C' * 101}\n",
        )
        assert (batch.created_count, batch.rejected_count) == (1, 2)
        reasons = list(batch.rejected.values_list("reason", flat=True))
        assert reasons[0] == "Email: Enter a valid email address."
        assert "Phone:" in reasons[1]
        assert "First name: Ensure this value has at most 100 characters" in reasons[1]


def test_a_required_field_left_unmapped_rejects_each_row(alpha, run_import):
    with alpha:
        batch = run_import("organisation", "Ville;Nom\nLyon;\nBrest;Dupont\n")
        assert (batch.created_count, batch.rejected_count) == (1, 1)
        assert batch.rejected.get().reason == "Name: This field cannot be blank."


def test_a_bad_siren_of_a_contacts_organisation_is_the_rows_error(alpha, run_import):
    with alpha:
        batch = run_import(
            "contact", "Email;Société;SIREN\na@x.fr;Dupont;123\nb@x.fr;Durand;732829320\n"
        )
        assert (batch.created_count, batch.rejected_count) == (1, 1)
        assert batch.rejected.get().reason.startswith("Dupont:")
        assert Organisation.objects.get().name == "Durand"


def test_a_record_created_then_updated_by_the_batch_is_not_edited_since(
    alpha, run_import, monkeypatch
):
    monkeypatch.setattr(services, "CHUNK_ROWS", 2)  # the repeat comes in a later chunk
    with alpha:
        batch = run_import("contact", "Email;Ville\na@x.fr;Lyon\nb@x.fr;\nA@x.fr;Brest\n", "fill")
        assert (batch.created_count, batch.updated_count) == (2, 1)
        assert Contact.objects.get(email="a@x.fr").city == "Lyon"
        batch = run_import("contact", "Email;Ville\nc@x.fr;\nd@x.fr;\nC@x.fr;Brest\n", "overwrite")
        assert (batch.created_count, batch.updated_count) == (2, 1)
        assert services.batch_undo_check(batch=batch).edited == []
        Contact.objects.filter(email="d@x.fr").update(city="Nantes")  # updated stays: not seen
        contact = Contact.objects.get(email__iexact="c@x.fr")
        contact.city = "Paris"
        contact.save()
        assert services.batch_undo_check(batch=batch).edited == [contact]
        services.batch_undo(batch=batch)
        assert Contact.objects.count() == 2


def test_opportunities_create_their_organisations_once_per_chunk(alpha, run_import):
    from opportunities.models import Opportunity

    with alpha:
        batch = run_import(
            "opportunity",
            "Titre;Organisation;Étape\n"
            "Salon;Atelier Œuvre SAS;\n"
            "Stand;atelier oeuvre;\n"
            "Forum;Nouvelle SARL;Étape inconnue\n"
            "Gala;Roux;\n",
        )
        assert (batch.created_count, batch.rejected_count) == (3, 1)
        assert sorted(Organisation.objects.values_list("name", flat=True)) == [
            "Atelier Œuvre SAS",
            "Roux",
        ]  # the rejected row's organisation is not created
        oeuvre = Organisation.objects.get(name="Atelier Œuvre SAS")
        assert set(
            Opportunity.objects.filter(organisation=oeuvre).values_list("title", flat=True)
        ) == {
            "Salon",
            "Stand",
        }
        assert ImportedRecord.objects.filter(batch=batch, object_key="organisation").count() == 2
        services.batch_undo(batch=batch)
        assert not Organisation.objects.exists() and not Opportunity.objects.exists()


def test_updates_read_their_records_per_chunk_and_a_refused_row_changes_nothing(alpha, run_import):
    from labels.models import Label

    with alpha:
        vip = Label.objects.create(name="VIP")
        ada = Contact.objects.create(email="ada@x.fr", city="Paris")
        ada.labels.add(vip)
        Contact.objects.create(email="bob@x.fr", city="Rennes")
        batch = run_import(
            "contact",
            "Email;Ville;Téléphone;Étiquettes\n"
            "ada@x.fr;Lyon;pas un numéro;Salon\n"
            "ADA@x.fr;Nice;;Salon\n"
            "bob@x.fr;Brest;;\n",
            "overwrite",
        )
        assert (batch.updated_count, batch.rejected_count) == (2, 1)
        assert batch.rejected.get().reason.startswith("Phone:")
        ada.refresh_from_db()
        assert ada.city == "Nice" and ada.email == "ADA@x.fr"
        assert sorted(label.name for label in ada.labels.all()) == ["Salon", "VIP"]
        assert Contact.objects.get(email="bob@x.fr").city == "Brest"
        assert services.batch_undo_check(batch=batch).edited == []
        services.batch_undo(batch=batch)
        ada.refresh_from_db()
        assert (ada.city, ada.email) == ("Paris", "ada@x.fr")
        assert [label.name for label in ada.labels.all()] == ["VIP"]
        assert Contact.objects.get(email="bob@x.fr").city == "Rennes"
