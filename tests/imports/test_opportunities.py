"""Importing opportunities: workflow and stage by name, links by name or email, amounts and
dates in French and English formats, matching by title and organisation."""

import datetime
from decimal import Decimal

import pytest

from contacts.models import Contact
from imports import services
from imports.mapping import suggest
from imports.targets import parse_amount, parse_date
from opportunities.models import Opportunity, Workflow
from opportunities.services import workflow_create
from organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1 234,50", "1234.50"), ("1\u202f234,50 €", "1234.50"), ("1,234.50", "1234.50"),
        ("1.234,5", "1234.50"), ("€1,234,567", "1234567.00"), ("12,5", "12.50"), ("300", "300.00"),
        ("douze", None), ("", None), ("1e400", None),
    ],
)  # fmt: skip
def test_amounts_in_french_and_english_formats(text, expected):
    assert parse_amount(text) == (Decimal(expected) if expected else None)


def test_dates():
    assert parse_date("31/01/2026") == datetime.date(2026, 1, 31)
    assert (
        parse_date("2026-01-31") == parse_date("2026-01-31T00:00:00") == datetime.date(2026, 1, 31)
    )
    assert parse_date("31/02/2026") is None and parse_date("demain") is None


def test_suggested_from_french_and_english_headers(alpha, settings_of):
    with alpha:
        headers = ["Titre", "Pipeline", "Étape", "Montant", "Close date", "Société", "Contact"]
        assert suggest("opportunity", headers, settings_of) == [
            "title", "workflow", "stage", "amount", "expected_close_date", "organisation",
            "contact",
        ]  # fmt: skip


def test_opportunities_with_stage_links_amount_and_date(alpha, mia, run_import):
    with alpha:
        subsidies = workflow_create(name="Subventions")
        stages = list(subsidies.stages.order_by("position"))
        default = Workflow.objects.get(is_default=True)
        default_first = default.stages.order_by("position").first()
        dupont = Organisation.objects.create(name="Dupont SA")
        ana = Contact.objects.create(first_name="Ana", last_name="Lopès", organisation=dupont)
        Contact.objects.create(first_name="Léa", last_name="Roy", email="lea@roy.fr")
        batch = run_import(
            "opportunity",
            "Titre;Workflow;Étape;Montant;Date de clôture prévue;Organisation;Contact;"
            "Propriétaire\n"
            f"Salon;subventions;{stages[-2].name.upper()};1 234,50 €;31/01/2026;dupont sa;"
            "ana lopes;mia@alpha.test\n"
            "Stand;;;1,234.50;2026-02-01;;lea@roy.fr;\n"
            f"Atelier;Subventions;Inconnue;;;;;\n"
            "Repas;;;;;Dupont SA;lea@roy.fr;\n"
            "Buffet;Autre;;;;;;\n"
            "Café;;;douze;;;;\n",
        )
        assert (batch.created_count, batch.rejected_count) == (2, 4)
        salon = Opportunity.objects.get(title="Salon")
        assert (salon.workflow, salon.stage, salon.amount) == (
            subsidies,
            stages[-2],
            Decimal("1234.50"),
        )
        assert salon.expected_close_date == datetime.date(2026, 1, 31)
        assert (salon.organisation, salon.contact, salon.owner_id) == (dupont, ana, mia.pk)
        assert salon.closed_on == datetime.date.today()  # the second-to-last stage is won
        stand = Opportunity.objects.get(title="Stand")
        assert (stand.stage, stand.organisation_id, stand.contact.email) == (
            default_first, None, "lea@roy.fr",
        )  # fmt: skip
        reasons = list(batch.rejected.order_by("line").values_list("reason", flat=True))
        assert "Inconnue" in reasons[0] and stages[0].name in reasons[0]
        assert "does not belong" in reasons[1]
        assert "Autre" in reasons[2] and "Subventions" in reasons[2]
        assert "douze" in reasons[3]


def test_a_row_with_the_same_title_and_organisation_matches(alpha, run_import):
    with alpha:
        dupont = Organisation.objects.create(name="Dupont SA")
        w = Workflow.objects.get(is_default=True)
        Opportunity.objects.create(
            title="Salon", organisation=dupont, workflow=w, stage=w.stages.first(),
            amount=Decimal("10"),
        )  # fmt: skip
        batch = run_import(
            "opportunity",
            "Titre;Organisation;Montant\nsalon;Dupont;20\nSalon;;30\n",
            "overwrite",
        )
        assert (batch.created_count, batch.updated_count) == (1, 1)
        assert Opportunity.objects.get(organisation=dupont).amount == Decimal("20.00")


def test_undo_gives_back_an_overwritten_opportunity(alpha, run_import):
    with alpha:
        w = Workflow.objects.get(is_default=True)
        first, won = w.stages.order_by("position")[0], w.stages.order_by("position")[3]
        dupont = Organisation.objects.create(name="Dupont SA")
        salon = Opportunity.objects.create(
            title="Salon", organisation=dupont, workflow=w, stage=first, amount=Decimal("10"),
            expected_close_date=datetime.date(2026, 5, 1), custom={},
        )  # fmt: skip
        before = Opportunity.objects.values().get(pk=salon.pk)
        batch = run_import(
            "opportunity",
            f"Titre;Organisation;Montant;Étape;Date de clôture prévue\n"
            f"Salon;Dupont SA;20,5;{won.name};02/06/2026\n",
            "overwrite",
        )
        assert batch.updated_count == 1
        salon.refresh_from_db()
        assert (salon.stage, salon.amount, salon.closed_on) == (
            won, Decimal("20.50"), datetime.date.today(),
        )  # fmt: skip
        services.batch_undo(batch=batch)
        after = Opportunity.objects.values().get(pk=salon.pk)
        assert {k: v for k, v in after.items() if k != "updated"} == {
            k: v for k, v in before.items() if k != "updated"
        }
