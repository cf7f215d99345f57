"""A prospect whose company is already in the base under another spelling: qualify, convert,
accept the suggested organisation, create the opportunity, land on it."""

import re

import pytest
from playwright.sync_api import expect

from contacts.models import Contact
from opportunities.models import Opportunity
from organisations.models import Organisation
from prospects.models import Prospect

pytestmark = pytest.mark.browser


def test_qualify_and_convert_a_prospect_onto_the_existing_organisation(
    page, journey, django_db_blocker
):
    with django_db_blocker.unblock(), journey.workspace:
        existing = Organisation.objects.create(name="societe dupont", city="Lyon")
        marc = Contact.objects.create(
            first_name="Marc", last_name="Petit", email="marc@dupont.fr", organisation=existing
        )

    journey.login(page, "/prospects/new/")
    page.fill("input[name=first_name]", "Paul")
    page.fill("input[name=last_name]", "Durand")
    page.fill("input[name=company_name]", "Société Dupont SAS")
    page.fill("input[name=email]", "paul.durand@example.org")
    page.locator("#record button[type=submit]").click()

    expect(page.get_by_role("heading", name="Paul Durand")).to_be_visible()
    status = page.locator("#prospect-status")
    expect(status.locator("[aria-current=step]")).to_contain_text("Nouveau")
    status.get_by_role("button", name="Contacté").click()
    expect(status.locator("[aria-current=step]")).to_contain_text("Contacté")
    status.get_by_role("button", name="Qualifié").click()
    expect(status.locator("[aria-current=step]")).to_contain_text("Qualifié")
    expect(status.locator(".status-history li")).to_have_count(3)

    status.get_by_role("link", name="Convertir").click()
    expect(page).to_have_url(re.compile(r"/prospects/\d+/convert/$"))
    suggested = page.get_by_role(
        "radio", name=re.compile("Sans doute déjà dans votre base.*societe dupont.*Lyon")
    )
    expect(suggested).to_be_checked()
    suggested.check()  # accept the suggestion
    # The contact: the one picker, its combobox offering the organisation's contacts first.
    contact = page.locator("#id_contact")
    contact.press_sequentially("petit")
    result = page.locator("#id_contact_listbox .picker__result", has_text="Marc Petit")
    expect(result).to_contain_text("marc@dupont.fr · societe dupont")  # the second line
    contact.press("ArrowDown")
    contact.press("Enter")
    expect(page.get_by_role("radio", name=re.compile("Marc Petit"))).to_be_checked()
    page.get_by_label("Nouvelle opportunité").check()
    page.fill("input[name=title]", "Accompagnement Dupont")
    page.fill("input[name=amount]", "4800")
    page.locator("#wizard").get_by_role("button", name="Convertir").click()

    expect(page).to_have_url(re.compile(r"/opportunities/\d+/$"))
    expect(page.get_by_role("heading", name="Accompagnement Dupont")).to_be_visible()
    with django_db_blocker.unblock(), journey.workspace:
        prospect = Prospect.objects.get()
        assert prospect.status == "converted"
        opportunity = Opportunity.objects.get()
        assert prospect.converted_opportunity == opportunity
        assert opportunity.organisation == existing
        assert opportunity.contact == marc
        assert list(Organisation.objects.all()) == [existing]


def test_qualify_and_disqualify_from_the_list(page, journey, django_db_blocker):
    from prospects import services

    with django_db_blocker.unblock(), journey.workspace:
        lead = services.prospect_create(
            user=journey.user, data={"first_name": "Anne", "last_name": "Leroy"}
        )
        other = services.prospect_create(
            user=journey.user, data={"first_name": "Marc", "last_name": "Petit"}
        )

    journey.login(page, "/prospects/")
    row = page.locator(f"#status-control-{lead.pk}")
    row.locator("summary").click()
    row.get_by_role("button", name="Qualifié").click()
    expect(page.locator(f"#status-control-{lead.pk} summary")).to_have_text("Qualifié")

    row = page.locator(f"#status-control-{other.pk}")
    row.locator("summary").click()
    row.get_by_role("button", name="Disqualifier").click()  # no reason yet: asked for one
    expect(row.get_by_role("alert")).to_be_visible()
    page.locator(f"#status-control-{other.pk}").get_by_label("Motif").fill("Pas de budget")
    page.locator(f"#status-control-{other.pk}").get_by_role("button", name="Disqualifier").click()
    expect(page.locator(f"#status-control-{other.pk} summary")).to_have_text("Disqualifié")
    with django_db_blocker.unblock(), journey.workspace:
        other.refresh_from_db()
        assert other.disqualification_reason == "Pas de budget"


def test_disqualify_on_the_record_page_asks_the_reason_in_one_place(
    page, journey, django_db_blocker
):
    from prospects import services

    with django_db_blocker.unblock(), journey.workspace:
        lead = services.prospect_create(
            user=journey.user, data={"first_name": "Luc", "last_name": "Marchand"}
        )

    journey.login(page, f"/prospects/{lead.pk}/")
    status = page.locator("#prospect-status")
    expect(status.locator("[aria-current=step]")).to_contain_text("Nouveau")
    disqualify = status.get_by_text(re.compile(r"^Disqualifier"))
    expect(disqualify).to_have_count(1)
    disqualify.click()
    status.get_by_label("Motif").fill("Hors cible")
    status.get_by_role("button", name="Confirmer").click()
    expect(status.locator("[aria-current=step]")).to_contain_text("Disqualifié")
    expect(status).to_contain_text("Hors cible")
    with django_db_blocker.unblock(), journey.workspace:
        lead.refresh_from_db()
        assert (lead.status, lead.disqualification_reason) == ("disqualified", "Hors cible")
