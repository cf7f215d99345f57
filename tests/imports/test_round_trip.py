"""An exported list re-imports without changing anything, in each export format."""

import io

import pytest
from openpyxl import load_workbook

from contacts.models import Contact
from imports import services
from imports.mapping import suggest
from labels.models import Label
from organisations.models import Organisation
from records.custom_field_services import custom_field_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def contacts(alpha, mia):
    with alpha:
        vip = Label.objects.create(name="VIP")
        custom = {}
        for label, field_type, value in [
            ("Secteur", "choice", "Sport"),
            ("Thèmes", "multiple_choice", ["Culture", "Sport"]),
            ("Date du comité", "date", "2026-01-12"),
            ("Montant accordé", "money", "1234.50"),
            ("Bénévole", "boolean", True),
            ("Référent", "member", mia.pk),
            ("Effectif", "integer", 1200),
        ]:
            options = "Culture\nSport" if "choice" in field_type else None
            field = custom_field_create(
                object_key="contact", label=label, field_type=field_type, options=options
            ).field
            if options:
                ids = {o["label"]: o["id"] for o in field.options}
                value = [ids[v] for v in value] if isinstance(value, list) else ids[value]
            custom[field.key] = value
        dupont = Organisation.objects.create(name="Dupont & Fils", siren="732829320")
        hélène = Contact.objects.create(
            first_name="Hélène",
            last_name="Œuvray",
            email="helene@dupont.fr",
            organisation=dupont,
            phone="+33 1 02 03 04 05",
            city="Évry",
            owner=mia,
            custom=custom,
        )
        hélène.labels.add(vip)
        Contact.objects.create(first_name="=Zoé", last_name="Blanc", email="zoe@x.fr")
    return Contact


def snapshot():
    return [
        (
            c.first_name, c.last_name, c.email, c.organisation_id, c.phone, c.city, c.owner_id,
            sorted(label.name for label in c.labels.all()), c.custom,
        )
        for c in Contact.objects.order_by("pk")
    ]  # fmt: skip


@pytest.mark.parametrize("style", ["csv", "excel-fr", "xlsx"])
def test_export_then_import_changes_nothing(client_on, alpha, alice, contacts, settings_of, style):
    response = client_on(alpha, alice).get(f"/contacts/export/?format={style}")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    if style == "excel-fr":
        text = content.decode("utf-8")
        assert text.startswith("\ufeff") and text.splitlines()[0].count(";") > 5
        assert "/20" in text  # dd/mm/yyyy
    if style == "xlsx":
        sheet = load_workbook(io.BytesIO(content)).active
        assert sheet.cell(1, 1).value and sheet.cell(2, 1).data_type == "s"
    with alpha:
        before = snapshot()
        batch = services.batch_create(
            object_key="contact", file_name=f"export.{style}", content=content, user=alice
        )
        mapping = suggest("contact", batch.headers, settings_of)
        assert {"first_name", "last_name", "email", "organisation", "owner", "labels"} <= set(
            mapping
        )
        assert sum(name.startswith("custom.") for name in mapping) == 7
        services.batch_map(
            batch=batch, mapping=mapping, on_match="overwrite", object_settings=settings_of
        )
        services.batch_start(batch=batch)
        batch = services.batch_run(batch_id=batch.pk)
        assert (batch.created_count, batch.updated_count, batch.rejected_count) == (0, 2, 0)
        assert snapshot() == before
        assert Organisation.objects.count() == 1


def opportunity_snapshot():
    from opportunities.models import Opportunity

    return [
        (
            o.title, o.workflow_id, o.stage_id, o.amount, o.expected_close_date,
            o.organisation_id, o.contact_id, o.owner_id, o.closed_on, o.position,
            sorted(label.name for label in o.labels.all()),
        )
        for o in Opportunity.objects.order_by("pk")
    ]  # fmt: skip


@pytest.mark.parametrize("style", ["csv", "excel-fr", "xlsx"])
def test_opportunities_export_then_import_changes_nothing(
    client_on, alpha, alice, mia, settings_of, style
):
    import datetime
    from decimal import Decimal

    from opportunities.models import Opportunity, Workflow
    from opportunities.services import workflow_create

    with alpha:
        vip = Label.objects.create(name="VIP")
        dupont = Organisation.objects.create(name="Dupont & Fils")
        ana = Contact.objects.create(first_name="Ana", last_name="Lopès", organisation=dupont)
        subsidies = workflow_create(name="Subventions")
        won = subsidies.stages.order_by("position")[3]
        salon = Opportunity.objects.create(
            title="Salon", workflow=subsidies, stage=won, amount=Decimal("1234.50"),
            expected_close_date=datetime.date(2026, 1, 31), organisation=dupont, contact=ana,
            owner=mia, closed_on=datetime.date(2025, 12, 1), position=5,
        )  # fmt: skip
        salon.labels.add(vip)
        default = Workflow.objects.get(is_default=True)
        Opportunity.objects.create(
            title="=Stand", workflow=default, stage=default.stages.first(), amount=Decimal("0")
        )
    response = client_on(alpha, alice).get(f"/opportunities/export/?format={style}")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    with alpha:
        before = opportunity_snapshot()
        batch = services.batch_create(
            object_key="opportunity", file_name=f"export.{style}", content=content, user=alice
        )
        mapping = suggest("opportunity", batch.headers, settings_of)
        assert {"title", "workflow", "stage", "amount", "organisation", "contact", "owner"} <= set(
            mapping
        )
        services.batch_map(
            batch=batch, mapping=mapping, on_match="overwrite", object_settings=settings_of
        )
        services.batch_start(batch=batch)
        batch = services.batch_run(batch_id=batch.pk)
        assert list(batch.rejected.values_list("reason", flat=True)) == []
        assert (batch.created_count, batch.updated_count, batch.rejected_count) == (0, 2, 0)
        assert opportunity_snapshot() == before
