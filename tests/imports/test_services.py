"""Importing rows: what is created, matched, rejected, and what undo gives back."""

import pytest

from activities.history_models import ContactEvent
from contacts.models import Contact
from imports import services
from imports.models import BatchStatus
from labels.models import Label
from organisations.models import Organisation

pytestmark = pytest.mark.django_db

CONTACTS = (
    "Prénom;Nom;Email;Société;SIREN;Étiquettes;Propriétaire\n"
    "Hélène;Dupré;helene@dupre.fr;Société Dupré SAS;;VIP, Salon;mia@alpha.test\n"
    "Marc;Lenoir;marc@lenoir.fr;societe dupre;;salon;\n"
    "Zoé;Blanc;pas-un-email;;;;\n"
    "Paul;Roux;paul@roux.fr;Roux SARL;732829320;;\n"
)


def test_contacts_with_organisations_labels_and_owner(alpha, mia, run_import):
    with alpha:
        batch = run_import("contact", CONTACTS)
        assert batch.status == BatchStatus.DONE
        assert (batch.created_count, batch.rejected_count, batch.processed_rows) == (3, 1, 4)
        helene = Contact.objects.get(email="helene@dupre.fr")
        marc = Contact.objects.get(email="marc@lenoir.fr")
        assert helene.organisation == marc.organisation  # same name, case and legal form aside
        assert helene.organisation.name == "Société Dupré SAS"
        assert Organisation.objects.get(siren="732829320").name == "Roux SARL"
        assert {label.name for label in helene.labels.all()} == {"VIP", "Salon"}
        assert [label.name for label in marc.labels.all()] == ["Salon"]
        assert Label.objects.filter(name__iexact="salon").count() == 1
        assert helene.owner_id == mia.pk
        created = ContactEvent.objects.get(pgh_obj_id=helene.pk, pgh_label="insert")
        assert created.pgh_context == {"user": batch.created_by_id, "channel": "import"}
        rejected = list(batch.rejected.all())
        assert [r.line for r in rejected] == [4] and "Email" in rejected[0].reason


def test_preview_shows_rows_as_saved_errors_and_matches(alpha, alice, settings_of):
    with alpha:
        Contact.objects.create(first_name="Old", email="HELENE@dupre.fr")
        batch = services.batch_create(
            object_key="contact",
            file_name="c.csv",
            content=(CONTACTS + "Hélène;D.;helene@dupre.fr;;;;\n").encode("cp1252"),
            user=alice,
        )
        from imports.mapping import suggest

        services.batch_map(
            batch=batch,
            mapping=suggest("contact", batch.headers, settings_of),
            on_match="skip",
            object_settings=settings_of,
        )
        preview = services.batch_preview(batch=batch)
        assert preview.total == 5
        assert preview.matches == 2  # an existing contact, and a row repeating an earlier one
        assert preview.rows[0].data["first_name"] == "Hélène"
        assert [bool(row.errors) for row in preview.rows] == [False, False, True, False, False]


def test_unknown_owner_is_a_row_error(alpha, run_import):
    with alpha:
        batch = run_import("contact", "Email;Owner\na@b.fr;nobody@x.fr\n")
        assert batch.rejected_count == 1
        assert "nobody@x.fr" in batch.rejected.get().reason


@pytest.mark.parametrize(
    ("on_match", "expected_city", "expected_phone", "count"),
    [
        ("skip", "Lyon", "", 0),
        ("fill", "Lyon", "0102030405", 1),
        ("overwrite", "Paris", "0102030405", 1),
    ],
)
def test_on_match_choices(alpha, run_import, on_match, expected_city, expected_phone, count):
    with alpha:
        Contact.objects.create(first_name="Ada", email="ada@x.fr", city="Lyon")
        batch = run_import(
            "contact", "Email;Ville;Téléphone\nADA@x.fr;Paris;0102030405\n", on_match
        )
        ada = Contact.objects.get(email__iexact="ada@x.fr")
        assert (ada.city, ada.phone) == (expected_city, expected_phone)
        assert batch.updated_count == count and Contact.objects.count() == 1


def test_create_anyway_makes_a_new_record_unless_the_database_forbids(alpha, run_import):
    with alpha:
        Organisation.objects.create(name="Dupont SA")
        batch = run_import("organisation", "Nom\nDupont\n", "create")
        assert batch.created_count == 1 and Organisation.objects.count() == 2
        Contact.objects.create(email="ada@x.fr")
        batch = run_import("contact", "Email\nada@x.fr\n", "create")
        assert batch.rejected_count == 1
        assert "already has this email" in batch.rejected.get().reason


def test_a_repeated_row_matches_the_first(alpha, run_import):
    with alpha:
        batch = run_import(
            "contact", "Email;Ville;Prénom\na@x.fr;Lyon;\nA@x.fr;Paris;Ana\n", "fill"
        )
        assert Contact.objects.count() == 1
        contact = Contact.objects.get()
        assert (contact.city, contact.first_name) == ("Lyon", "Ana")
        assert (batch.created_count, batch.updated_count) == (1, 1)


def test_organisations_match_by_siren_then_name(alpha, run_import):
    with alpha:
        by_siren = Organisation.objects.create(name="Autre nom", siren="732829320")
        by_name = Organisation.objects.create(name="Les Ateliers SARL")
        run_import(
            "organisation",
            "Nom;SIREN;Ville\nRoux;732 829 320;Lyon\nles ateliers;;Nantes\n",
            "overwrite",
        )
        by_siren.refresh_from_db()
        by_name.refresh_from_db()
        assert (by_siren.name, by_siren.city) == ("Roux", "Lyon")
        assert by_name.city == "Nantes" and Organisation.objects.count() == 2


def test_prospects_source_by_label_and_unknown_value(alpha, run_import):
    with alpha:
        batch = run_import(
            "prospect",
            "Prénom;Email;Source\nA;a@x.fr;evenement\nB;b@x.fr;Website\nC;c@x.fr;Pigeon\n",
        )
        assert batch.created_count == 2 and batch.rejected_count == 1
        assert "Pigeon" in batch.rejected.get().reason


def test_undo_deletes_created_and_restores_updated(alpha, run_import):
    with alpha:
        vip = Label.objects.create(name="Ancien")
        ada = Contact.objects.create(first_name="Ada", email="ada@x.fr", city="Lyon")
        ada.labels.add(vip)
        batch = run_import(
            "contact",
            "Email;Ville;Société;Étiquettes\n"
            "ada@x.fr;Paris;Neuve SA;Nouveau\nbob@x.fr;Nice;Neuve SA;\n",
            "overwrite",
        )
        assert Contact.objects.count() == 2 and Organisation.objects.count() == 1
        assert services.batch_undo_check(batch=batch).edited == []
        services.batch_undo(batch=batch)
        ada.refresh_from_db()
        assert (ada.city, ada.organisation_id) == ("Lyon", None)
        assert [label.name for label in ada.labels.all()] == ["Ancien"]
        # The history shows both the import's change and its undo as the import's.
        changes = ContactEvent.objects.filter(pgh_obj_id=ada.pk, pgh_label="update")
        assert [e.city for e in changes.order_by("pgh_id")] == ["Paris", "Lyon"]
        assert {e.pgh_context["channel"] for e in changes} == {"import"}
        assert list(Contact.objects.values_list("email", flat=True)) == ["ada@x.fr"]
        assert Organisation.objects.count() == 0
        batch.refresh_from_db()
        assert batch.status == BatchStatus.UNDONE


def test_undo_names_records_edited_since(alpha, run_import):
    with alpha:
        batch = run_import("contact", "Email\nbob@x.fr\neve@x.fr\n")
        bob = Contact.objects.get(email="bob@x.fr")
        bob.city = "Brest"
        bob.save()
        assert services.batch_undo_check(batch=batch).edited == [bob]


def test_rejected_rows_csv_has_a_reason_column(alpha, run_import):
    with alpha:
        batch = run_import("contact", "Email;Nom\npas-un-email;Zoé\n")
        text = "".join(services.rejected_csv(batch))
        assert text.startswith("\ufeffEmail,Nom,Reason\r\n")
        assert "pas-un-email,Zoé," in text


def test_cancel_stops_a_queued_import(alpha, alice, settings_of):
    with alpha:
        batch = services.batch_create(
            object_key="contact", file_name="c.csv", content=b"Email\na@x.fr\n", user=alice
        )
        services.batch_map(
            batch=batch, mapping=["email"], on_match="skip", object_settings=settings_of
        )
        services.batch_start(batch=batch)
        services.batch_cancel(batch=batch)
        assert services.batch_run(batch_id=batch.pk).status == BatchStatus.CANCELLED
        assert Contact.objects.count() == 0


def test_undo_follows_the_relations_of_what_it_deletes(alpha, run_import):
    from activities.models import Note

    with alpha:
        batch = run_import("contact", "Email;Société;Étiquettes\nnew@x.fr;Neuve SA;VIP\n")
        created = Contact.objects.get(email="new@x.fr")
        Note.objects.create(contact=created, text="Appelée")
        # Someone links an older contact to the organisation the import created.
        older = Contact.objects.create(email="old@x.fr", organisation=created.organisation)
        services.batch_undo(batch=batch)
        older.refresh_from_db()
        assert older.organisation_id is None
        assert not Contact.objects.filter(email="new@x.fr").exists()
        assert Note.objects.count() == 0 and Organisation.objects.count() == 0
        assert Label.objects.filter(name="VIP").exists()  # labels stay, their links go
