"""The indexes of custom fields (README, *Custom fields and views*): which types get which,
that the list's filters and sorts can use them, and that they go with the field."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from contacts.models import Contact
from records import custom_fields as types
from records.custom_field_services import (
    INDEXED_FIELDS,
    custom_field_create,
    custom_field_delete,
    custom_field_purge,
    custom_field_update,
)
from records.custom_fields import FieldType

pytestmark = pytest.mark.django_db
TABLE = "contacts_contact"


def make(label, field_type, **kwargs):
    return custom_field_create(
        object_key="contact", label=label, field_type=field_type, **kwargs
    ).field


def indexes() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
            "AND tablename = %s",
            [TABLE],
        )
        return {row[0] for row in cursor.fetchall()}


def plan(queryset) -> str:
    """The plan of `queryset` when a scan of the table is ruled out: an index of the
    expression is used only if the query's expression is exactly the indexed one."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        text = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_seqscan = on")
    return text


def test_dates_numbers_and_choices_get_btree_indexes_in_both_sort_directions(alpha):
    with alpha:
        day = make("Date du comité", FieldType.DATE)
        amount = make("Montant", FieldType.MONEY)
        size = make("Effectif", FieldType.INTEGER)
        rate = make("Taux", FieldType.DECIMAL)
        sector = make("Secteur", FieldType.CHOICE, options="Industrie\nServices")
        paid = make("Payé", FieldType.BOOLEAN)
        tags = make("Thèmes", FieldType.MULTIPLE_CHOICE, options="Eau\nAir")
        motto = make("Devise", FieldType.TEXT)
        found = indexes()
    for field in (day, amount, size, rate):
        assert {f"{TABLE}_{field.key}", f"{TABLE}_{field.key}_desc"} <= found
    assert f"{TABLE}_{sector.key}" in found and f"{TABLE}_{sector.key}_desc" not in found
    for field in (paid, tags, motto):
        assert not any(field.key in name for name in found)
    assert f"{TABLE}_custom_trgm" in found  # the text field's search index


def test_filters_and_sorts_can_use_the_indexes(alpha):
    with alpha:
        day = make("Date du comité", FieldType.DATE)
        size = make("Effectif", FieldType.INTEGER)
        sector = make("Secteur", FieldType.CHOICE, options="Industrie\nServices")
        contacts = Contact.objects.all()
        industry = sector.options[0]["id"]
        january = (datetime.date(2026, 1, 1), datetime.date(2026, 1, 31))
        filters = {  # every match (no LIMIT: a walk of another index would not stop early)
            day.key: types.range_lookup(day, *january),
            size.key: types.range_lookup(size, Decimal(100), Decimal(200)),
            sector.key: types.choice_lookup(sector, industry),
        }
        for key, condition in filters.items():
            queryset = contacts.filter(condition).order_by().values("pk")
            assert f"{TABLE}_{key}" in plan(queryset), queryset.query
        for field in (day, size):  # a first page in this order
            ascending = contacts.order_by(types.sort_expression(field).asc(nulls_last=True), "pk")
            assert f"{TABLE}_{field.key}" in plan(ascending[:50])
        for field in (day, size):  # newest first, empty values still last
            descending = contacts.order_by(
                types.sort_expression(field).desc(nulls_last=True), "-pk"
            )
            assert f"{TABLE}_{field.key}_desc" in plan(descending[:50])


def test_a_value_that_is_not_a_number_fails_no_write_and_no_filter(alpha):
    """Written around the services (raw SQL): the indexed expression reads it as no number."""
    with alpha:
        size = make("Effectif", FieldType.INTEGER)
        Contact.objects.create(last_name="Douze", custom={size.key: 12})
        odd = Contact.objects.create(last_name="Bizarre")
        Contact.objects.filter(pk=odd.pk).update(custom={size.key: "douze"})
        found = Contact.objects.filter(types.range_lookup(size, Decimal(0), Decimal(100)))
        assert list(found.values_list("last_name", flat=True)) == ["Douze"]
        ordered = Contact.objects.order_by(types.sort_expression(size).asc(nulls_last=True))
        assert list(ordered.values_list("last_name", flat=True)) == ["Douze", "Bizarre"]


def test_the_indexes_go_with_a_purge_and_follow_a_type_change(alpha):
    with alpha:
        Contact.objects.create(last_name="Avant")  # a record written earlier in the transaction
        size = make("Effectif", FieldType.TEXT)
        assert f"{TABLE}_{size.key}" not in indexes()
        Contact.objects.create(last_name="Avec", custom={size.key: "12"})
        custom_field_update(field=size, field_type=FieldType.INTEGER)
        assert {f"{TABLE}_{size.key}", f"{TABLE}_{size.key}_desc"} <= indexes()
        custom_field_update(field=size, field_type=FieldType.TEXT)
        assert not any(size.key in name for name in indexes())
        day = make("Date", FieldType.DATE)
        custom_field_delete(field=day)
        assert f"{TABLE}_{day.key}" in indexes()  # kept while it can be restored
        custom_field_purge(field=day)
        assert not any(day.key in name for name in indexes())


def test_only_the_first_fields_are_indexed(alpha):
    """Every index costs every write of the object's records: beyond INDEXED_FIELDS date,
    number and choice fields, the others work unindexed."""
    with alpha:
        fields = [make(f"Nombre {n}", FieldType.INTEGER) for n in range(INDEXED_FIELDS + 1)]
        found = indexes()
    assert all(f"{TABLE}_{field.key}" in found for field in fields[:INDEXED_FIELDS])
    assert not any(fields[-1].key in name for name in found)


def test_a_choice_counts_its_options_from_an_index_of_each(alpha):
    """A list filtered on a common option counts its matches (capped, records.paging) from the
    option's own partial index, without reading the rows; the indexes follow the options."""
    with alpha:
        sector = make("Secteur", FieldType.CHOICE, options="Industrie\nServices")
        industry, services = (o["id"] for o in sector.options)
        assert {f"{TABLE}_{sector.key}_{industry}", f"{TABLE}_{sector.key}_{services}"} <= (
            indexes()
        )
        capped = (
            Contact.objects.filter(types.choice_lookup(sector, industry))
            .order_by()
            .values("pk")[:10001]
        )
        assert f"Index Only Scan using {TABLE}_{sector.key}_{industry}" in plan(capped)
        custom_field_update(field=sector, options="Industrie\nCommerce")
        sector.refresh_from_db()
        commerce = sector.options[1]["id"]
        assert sector.options[0]["id"] == industry  # kept: same label
        found = indexes()
        assert f"{TABLE}_{sector.key}_{commerce}" in found
        assert f"{TABLE}_{sector.key}_{services}" not in found
        assert f"{TABLE}_{sector.key}_{industry}" in found
        custom_field_delete(field=sector)
        custom_field_purge(field=sector)
        assert not any(sector.key in name for name in indexes())
