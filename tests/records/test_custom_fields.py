"""Custom fields: each type's validation and stored form, the services (create, rename,
type change, delete, restore, purge) and the values written through the objects' services."""

import datetime
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from contacts import services as contact_services
from contacts.models import Contact
from records.custom_field_services import (
    custom_field_create,
    custom_field_delete,
    custom_field_purge,
    custom_field_restore,
    custom_field_update,
    custom_fields_purge_expired,
)
from records.custom_fields import FieldType, as_html, as_text, parse
from records.models import CustomField
from records.selectors import custom_field_labels, custom_fields_for

pytestmark = pytest.mark.django_db


def make(object_key="contact", label="Champ", field_type=FieldType.TEXT, **kwargs) -> CustomField:
    return custom_field_create(
        object_key=object_key, label=label, field_type=field_type, **kwargs
    ).field


@pytest.mark.parametrize(
    ("field_type", "given", "stored"),
    [
        (FieldType.TEXT, "  Bonjour ", "Bonjour"),
        (FieldType.LONG_TEXT, "a\nb", "a\nb"),
        (FieldType.INTEGER, "1 200", 1200),
        (FieldType.INTEGER, 7, 7),
        (FieldType.DECIMAL, "3,5", "3.5"),
        (FieldType.MONEY, "1 234,5 €", "1234.50"),
        (FieldType.DATE, "15/01/2027", "2027-01-15"),
        (FieldType.DATE, datetime.date(2027, 1, 15), "2027-01-15"),
        (FieldType.BOOLEAN, "oui", True),
        (FieldType.BOOLEAN, False, False),
        (FieldType.URL, "https://example.org/a", "https://example.org/a"),
        (FieldType.EMAIL, "a@b.fr", "a@b.fr"),
        (FieldType.PHONE, "+33 1 23 45 67 89", "+33 1 23 45 67 89"),
        (FieldType.MEMBER, "12", 12),
        (FieldType.TEXT, "", None),
    ],
)
def test_each_type_parses_to_its_stored_form(alpha, field_type, given, stored):
    with alpha:
        assert parse(make(field_type=field_type), given) == stored


@pytest.mark.parametrize(
    ("field_type", "given"),
    [
        (FieldType.INTEGER, "douze"),
        (FieldType.INTEGER, "1.5"),
        (FieldType.INTEGER, str(2**60)),
        (FieldType.DECIMAL, "NaN"),
        (FieldType.MONEY, "abc"),
        (FieldType.DATE, "31/02/2027"),
        (FieldType.DATE, "demain"),
        (FieldType.BOOLEAN, "peut-être"),
        (FieldType.URL, "javascript:alert(1)"),
        (FieldType.EMAIL, "pas un email"),
        (FieldType.PHONE, "call me"),
        (FieldType.MEMBER, "²"),
        (FieldType.TEXT, "x" * 300),
    ],
)
def test_a_value_of_the_wrong_type_is_refused_naming_the_field(alpha, field_type, given):
    with alpha:
        field = make(label="Effectif", field_type=field_type)
        with pytest.raises(ValidationError) as error:
            parse(field, given)
        assert "Effectif" in error.value.messages[0]


def test_choices_keep_stable_ids_and_refuse_unknown_values(alpha):
    with alpha:
        field = make(
            label="Secteur", field_type=FieldType.CHOICE, options="Industrie | blue\nServices"
        )
        industry, services = field.options
        assert industry["colour"] == "blue" and services["colour"] == "grey"
        assert parse(field, "industrie") == industry["id"]  # by label, any case
        assert parse(field, industry["id"]) == industry["id"]
        with pytest.raises(ValidationError, match="Secteur"):
            parse(field, "Agriculture")
        # Renaming an option that stays keeps its id; records keep their choice.
        field = custom_field_update(field=field, options="Industrie | red\nConseil").field
        assert field.options[0]["id"] == industry["id"] and field.options[0]["colour"] == "red"
        multiple = make(label="Tags", field_type=FieldType.MULTIPLE_CHOICE, options="A\nB\nC")
        ids = [o["id"] for o in multiple.options]
        assert parse(multiple, "A, C") == [ids[0], ids[2]]
        assert as_text(multiple, [ids[0], ids[2]]) == "A, C"


def test_labels_follow_the_language_with_a_fallback(alpha):
    with alpha:
        both = make(label="", label_fr="Date du comité", label_en="Committee date")
        french_only = make(label="Montant accordé")
        with translation.override("en"):
            assert both.label == "Committee date"
            assert french_only.label == "Montant accordé"
        with translation.override("fr"):
            assert both.label == "Date du comité"


def test_services_write_values_keyed_by_the_stable_key_and_check_their_type(alpha):
    with alpha:
        size = make(label="Effectif", field_type=FieldType.INTEGER)
        contact = contact_services.contact_create(
            data={"last_name": "Martin", "custom": {size.key: "12"}}
        )
        contact.refresh_from_db()
        assert contact.custom == {size.key: 12}
        with pytest.raises(ValidationError) as error:
            contact_services.contact_update(contact=contact, data={"custom": {size.key: "x"}})
        assert "Effectif" in str(error.value)
        # Renaming and reordering change no data.
        custom_field_update(field=size, label_fr="Salariés", position=9)
        contact.refresh_from_db()
        assert contact.custom == {size.key: 12}
        assert custom_field_labels("contact")[size.key] == "Salariés"


def test_a_type_change_converts_what_converts_and_lists_what_does_not(alpha):
    with alpha:
        field = make(label="Budget", field_type=FieldType.TEXT)
        good = Contact.objects.create(last_name="Bon", custom={field.key: "1500"})
        bad = Contact.objects.create(last_name="Mauvais", custom={field.key: "beaucoup"})
        with pytest.raises(ValidationError) as error:
            custom_field_update(field=field, field_type=FieldType.MONEY)
        assert "Mauvais" in str(error.value) and "Bon" not in str(error.value)
        field.refresh_from_db()
        assert field.field_type == FieldType.TEXT  # nothing changed
        bad.custom = {}
        bad.save()
        change = custom_field_update(field=field, field_type=FieldType.MONEY)
        assert change.converted == 1
        good.refresh_from_db()
        assert good.custom[field.key] == "1500.00"


def test_delete_hides_then_restore_or_purge(alpha):
    with alpha:
        field = make(label="Ancien")
        contact = Contact.objects.create(last_name="A", custom={field.key: "x", "other": 1})
        custom_field_delete(field=field)
        assert field not in custom_fields_for("contact")
        contact.refresh_from_db()
        assert contact.custom[field.key] == "x"  # kept until the purge
        custom_field_restore(field=field)
        assert field in custom_fields_for("contact")
        custom_field_delete(field=field)
        assert custom_field_purge(field=field) == 1
        contact.refresh_from_db()
        assert contact.custom == {"other": 1}
        assert not CustomField.objects.filter(pk=field.pk).exists()


def test_deleted_fields_are_purged_after_thirty_days(alpha):
    with alpha:
        old, recent = make(label="Vieux"), make(label="Récent")
        custom_field_delete(field=old)
        custom_field_delete(field=recent)
        CustomField.objects.filter(pk=old.pk).update(deleted_at=timezone.now() - timedelta(days=31))
        assert custom_fields_purge_expired() == 1
        assert list(CustomField.objects.values_list("label_fr", flat=True)) == ["Récent"]


def test_bad_definitions_are_refused(alpha):
    with alpha:
        with pytest.raises(ValidationError):
            make(label="")
        with pytest.raises(ValidationError):
            make(label="x", field_type="colour")
        with pytest.raises(ValidationError):
            make(label="x", object_key="invoice")
        with pytest.raises(ValidationError):
            make(label="Choix", field_type=FieldType.CHOICE)  # no options
        make(label="Unique")
        with pytest.raises(ValidationError):
            make(label="unique")


def test_html_in_a_label_or_a_value_is_escaped(alpha):
    with alpha:
        field = make(label="<b>gras</b>", field_type=FieldType.CHOICE, options="<i>x</i>")
        html = as_html(field, field.options[0]["id"])
        assert "<i>" not in html and "&lt;i&gt;" in html


def test_more_than_fifty_fields_warns(alpha):
    with alpha:
        for number in range(50):
            make(label=f"Champ {number}")
        change = custom_field_create(object_key="contact", label="Un de trop", field_type="text")
        assert change.warnings and "51" in change.warnings[0]


def indexes_of(table: str) -> set[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
            "AND tablename = %s",
            [table],
        )
        return {row[0] for row in cursor.fetchall()}


def test_text_and_date_fields_get_the_indexes_their_searches_and_sorts_use(alpha):
    with alpha:
        make(label="Devise", field_type=FieldType.TEXT)
        day = make(label="Comité", field_type=FieldType.DATE)
        assert {"contacts_contact_custom_trgm", f"contacts_contact_{day.key}"} <= indexes_of(
            "contacts_contact"
        )
        custom_field_delete(field=day)
        custom_field_purge(field=day)
        assert f"contacts_contact_{day.key}" not in indexes_of("contacts_contact")
