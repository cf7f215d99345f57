"""Custom fields as import targets: offered, suggested by label, parsed by type, undone."""

import pytest

from activities.history_models import ContactEvent
from contacts.models import Contact
from imports import services
from imports.mapping import suggest
from imports.targets import targets
from records.custom_field_services import custom_field_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def fields(alpha):
    with alpha:
        return {
            "sector": custom_field_create(
                object_key="contact", label_fr="Secteur", label_en="Sector", field_type="choice",
                options="Culture\nSport",
            ).field,
            "size": custom_field_create(
                object_key="contact", label_fr="Effectif", label_en="Headcount",
                field_type="integer",
            ).field,
            "committee": custom_field_create(
                object_key="contact", label="Date du comité", field_type="date"
            ).field,
            "hidden": custom_field_create(
                object_key="contact", label="Caché", field_type="text", shown=False
            ).field,
        }  # fmt: skip


def test_custom_fields_are_offered_and_suggested_by_label_in_both_languages(
    alpha, fields, settings_of
):
    with alpha:
        names = {t.name: t.label for t in targets("contact", settings_of)}
        assert names[f"custom.{fields['sector'].key}"] == "Sector"
        assert f"custom.{fields['hidden'].key}" not in names  # hidden fields are not offered
        mapping = suggest(
            "contact", ["Email", "Secteur", "Headcount", "date du comite"], settings_of
        )
        assert mapping == [
            "email",
            f"custom.{fields['sector'].key}",
            f"custom.{fields['size'].key}",
            f"custom.{fields['committee'].key}",
        ]


def test_values_are_parsed_by_type_and_bad_ones_are_row_errors(alpha, fields, run_import):
    with alpha:
        batch = run_import(
            "contact",
            "Email;Secteur;Effectif;Date du comité\n"
            "a@x.fr;sport;1 200;12/01/2026\n"
            "b@x.fr;Cirque;12;\n"
            "c@x.fr;;douze;\n"
            "d@x.fr;;;31/02/2026\n",
        )
        assert (batch.created_count, batch.rejected_count) == (1, 3)
        sport = next(o["id"] for o in fields["sector"].options if o["label"] == "Sport")
        a = Contact.objects.get(email="a@x.fr")
        assert a.custom == {
            fields["sector"].key: sport,
            fields["size"].key: 1200,
            fields["committee"].key: "2026-01-12",
        }
        reasons = list(batch.rejected.values_list("reason", flat=True))
        assert "Sector" in reasons[0] and "Cirque" in reasons[0]
        assert reasons[1].startswith("Headcount:")
        assert reasons[2].startswith("Date du comité:")


def test_fill_keeps_custom_values_and_undo_restores_them(alpha, fields, run_import):
    size, committee = fields["size"].key, fields["committee"].key
    with alpha:
        ada = Contact.objects.create(email="ada@x.fr", custom={size: 5})
        batch = run_import(
            "contact", "Email;Effectif;Date du comité\nada@x.fr;9;2026-03-01\n", "fill"
        )
        ada.refresh_from_db()
        assert ada.custom == {size: 5, committee: "2026-03-01"}
        batch = run_import("contact", "Email;Effectif\nada@x.fr;7\n", "overwrite")
        ada.refresh_from_db()
        assert ada.custom == {size: 7, committee: "2026-03-01"}
        services.batch_undo(batch=batch)
        ada.refresh_from_db()
        assert ada.custom == {size: 5, committee: "2026-03-01"}


def test_an_import_and_its_undo_show_in_the_history_with_custom_values(alpha, fields, run_import):
    """The history triggers keep custom values: the import's change and the undo's restore
    are both recorded (channel « import »), old → new, for a created record too."""
    size = fields["size"].key
    with alpha:
        ada = Contact.objects.create(email="ada@x.fr", custom={size: 5})
        batch = run_import("contact", "Email;Effectif\nada@x.fr;7\nnew@x.fr;3\n", "overwrite")
        services.batch_undo(batch=batch)
        ada.refresh_from_db()
        assert ada.custom == {size: 5}
        events = list(
            ContactEvent.objects.filter(pgh_obj_id=ada.pk)
            .order_by("pgh_id")
            .values_list("pgh_label", "custom")
        )
        assert events == [("insert", {size: 5}), ("update", {size: 7}), ("update", {size: 5})]
        last = ContactEvent.objects.filter(pgh_obj_id=ada.pk).latest("pgh_id")
        assert last.pgh_context["channel"] == "import"
        created = ContactEvent.objects.get(email="new@x.fr")
        assert created.custom == {size: 3} and created.pgh_context["channel"] == "import"
        assert not Contact.objects.filter(email="new@x.fr").exists()  # undone: deleted
