"""Conversion: one transaction producing an organisation, a contact and/or an opportunity."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from contacts.models import Contact
from opportunities.models import Opportunity
from organisations.models import Organisation
from prospects import conversion, selectors
from prospects.conversion import Choice
from prospects.models import Prospect, ProspectStatusChange, Status
from workspaces.models import ObjectSetting
from workspaces.object_settings import ObjectSettings

from .conftest import make_prospect


def counts():
    return (
        Organisation.objects.count(),
        Contact.objects.count(),
        Opportunity.objects.count(),
        ProspectStatusChange.objects.count(),
    )


def opportunity_for(world, **extra):
    return {
        "workflow": world["workflow"].pk,
        "stage": world["stage"].pk,
        "title": "Demo for Dupont",
        "amount": Decimal("4800"),
        **extra,
    }


def test_suggestions_find_the_company_under_another_spelling_and_the_email_domain(world):
    suggestions = selectors.conversion_suggestions(prospect=world["prospect"])
    assert suggestions.organisations == [world["dupont"]]
    assert suggestions.contacts == []


def test_suggestions_find_a_contact_with_the_same_email_ignoring_case(world, alice):
    prospect = make_prospect(alice, email="ELISE@Dupont.FR", company_name="")
    suggestions = selectors.conversion_suggestions(prospect=prospect)
    assert suggestions.contacts == [world["elise"]]
    # Same email domain as the organisation's contact is not an organisation match by itself:
    # the organisation has no email; the name is empty.
    assert suggestions.organisations == []


def test_suggestions_by_domain_and_siren_ignore_public_mail_providers(world, alice):
    world["dupont"].email = "contact@dupont.fr"
    world["dupont"].siren = "732829320"
    world["dupont"].save()
    by_domain = make_prospect(alice, email="x@dupont.fr", company_name="Autre nom")
    assert selectors.conversion_suggestions(prospect=by_domain).organisations == [world["dupont"]]
    by_siren = make_prospect(alice, email="", company_name="Rien à voir", siren="732829320")
    assert selectors.conversion_suggestions(prospect=by_siren).organisations == [world["dupont"]]
    Organisation.objects.create(name="Gmail users", email="someone@gmail.com")
    free_mail = make_prospect(alice, email="paul@gmail.com", company_name="")
    assert selectors.conversion_suggestions(prospect=free_mail).organisations == []


@pytest.mark.parametrize(
    "posted, choice",
    [
        ("", Choice()),
        ("none", Choice()),
        ("create", Choice.create()),
        (" 42 ", Choice.link(42)),
    ],
)
def test_the_wizard_posts_choices_as_typed_values(posted, choice):
    assert Choice.parse(posted) == choice
    assert bool(choice) is (posted.strip() not in ("", "none"))


def test_an_unknown_posted_choice_is_refused():
    with pytest.raises(ValueError):
        Choice.parse("delete")


def test_convert_everything_linking_the_suggested_organisation(world, alice):
    prospect = conversion.prospect_convert(
        prospect=world["prospect"],
        user=alice,
        organisation=Choice.link(world["dupont"].pk),
        contact=Choice.create(),
        opportunity=opportunity_for(world),
    )
    assert prospect.status == Status.CONVERTED
    assert prospect.converted_at is not None
    assert prospect.converted_organisation == world["dupont"]
    contact = prospect.converted_contact
    assert (contact.first_name, contact.last_name, contact.email) == (
        "Paul",
        "Durand",
        "paul.durand@dupont.fr",
    )
    assert contact.organisation == world["dupont"]
    # The prospect's notes are activities now: the contact's timeline shows them (issue 10,
    # tests/activities/test_views.py), nothing is copied into a field.
    opportunity = prospect.converted_opportunity
    assert opportunity.title == "Demo for Dupont"
    assert opportunity.amount == Decimal("4800")
    assert (opportunity.workflow, opportunity.stage) == (world["workflow"], world["stage"])
    assert (opportunity.organisation, opportunity.contact) == (world["dupont"], contact)
    for record in (world["dupont"], contact, opportunity):
        assert list(record.labels.all()) == [world["salon"]]
    last = prospect.status_changes.first()
    assert (last.from_status, last.to_status, last.changed_by) == (
        Status.NEW,
        Status.CONVERTED,
        alice,
    )


def test_convert_creating_the_organisation_from_the_company_name(world, alice):
    prospect = conversion.prospect_convert(
        prospect=world["prospect"], user=alice, organisation=Choice.create()
    )
    organisation = prospect.converted_organisation
    assert organisation.name == "Société Dupont SAS"
    # The prospect's notes are activities now, shown on the organisation's timeline
    # (tests/activities/test_views.py), not copied into its description.
    assert prospect.converted_contact is None and prospect.converted_opportunity is None
    assert list(organisation.labels.all()) == [world["salon"]]


def test_convert_to_a_contact_only(world, alice):
    prospect = conversion.prospect_convert(
        prospect=world["prospect"], user=alice, contact=Choice.create()
    )
    assert prospect.converted_contact.organisation is None
    assert prospect.converted_organisation is None


def test_convert_linking_an_existing_contact_and_creating_an_opportunity(world, alice):
    prospect = conversion.prospect_convert(
        prospect=world["prospect"],
        user=alice,
        contact=Choice.link(world["elise"].pk),
        opportunity=opportunity_for(world),
    )
    assert prospect.converted_contact == world["elise"]
    # Picking the contact is enough to link the opportunity to the contact's organisation.
    assert prospect.converted_opportunity.organisation == world["dupont"]
    assert world["salon"] in world["elise"].labels.all()


def test_convert_to_an_opportunity_only(world, alice):
    prospect = conversion.prospect_convert(
        prospect=world["prospect"], user=alice, opportunity=opportunity_for(world)
    )
    assert prospect.converted_opportunity.organisation is None


def test_a_linked_contact_without_organisation_joins_the_chosen_one(world, alice):
    loner = Contact.objects.create(first_name="Solo", email="solo@example.com")
    conversion.prospect_convert(
        prospect=world["prospect"],
        user=alice,
        organisation=Choice.link(world["dupont"].pk),
        contact=Choice.link(loner.pk),
    )
    loner.refresh_from_db()
    assert loner.organisation == world["dupont"]


@pytest.mark.parametrize(
    "arguments, message",
    [
        ({}, "at least one"),
        ({"organisation": Choice.link(999999)}, "does not exist"),
        ({"contact": Choice.link(999999)}, "does not exist"),
        ({"organisation": Choice.link(None)}, "choose the record"),
    ],
)
def test_bad_choices_are_refused_and_nothing_is_written(world, alice, arguments, message):
    before = counts()
    with pytest.raises(ValidationError) as error:
        conversion.prospect_convert(prospect=world["prospect"], user=alice, **arguments)
    assert message in " ".join(error.value.messages)
    assert counts() == before
    assert Prospect.objects.get(pk=world["prospect"].pk).status == Status.NEW


def test_a_stage_outside_the_chosen_workflow_is_refused(world, alice):
    from opportunities.services import workflow_create

    other = workflow_create(name="Formations", stages=[{"name": "Devis", "kind": "open"}])
    before = counts()
    with pytest.raises(ValidationError) as error:
        conversion.prospect_convert(
            prospect=world["prospect"],
            user=alice,
            organisation=Choice.create(),
            opportunity=opportunity_for(world, stage=other.stages.get().pk),
        )
    assert "stage" in error.value.message_dict
    assert counts() == before


def test_converting_twice_is_refused(world, alice):
    conversion.prospect_convert(prospect=world["prospect"], user=alice, contact=Choice.create())
    before = counts()
    with pytest.raises(ValidationError, match="Already converted"):
        conversion.prospect_convert(
            prospect=world["prospect"], user=alice, organisation=Choice.create()
        )
    assert counts() == before


def test_creating_a_contact_whose_email_exists_asks_to_link_it(world, alice):
    prospect = make_prospect(alice, email="Elise@dupont.fr", company_name="Nouvelle SARL")
    before = counts()
    with pytest.raises(ValidationError, match="link it instead"):
        conversion.prospect_convert(
            prospect=prospect, user=alice, organisation=Choice.create(), contact=Choice.create()
        )
    assert counts() == before


def test_a_linked_contact_of_another_organisation_is_refused(world, alice):
    other = Organisation.objects.create(name="Autre")
    before = counts()
    with pytest.raises(ValidationError, match="belongs to"):
        conversion.prospect_convert(
            prospect=world["prospect"],
            user=alice,
            organisation=Choice.link(other.pk),
            contact=Choice.link(world["elise"].pk),
        )
    assert counts() == before


def test_a_failure_halfway_writes_nothing(world, alice, monkeypatch):
    """The organisation and contact are written, then the opportunity fails: all rolled back."""
    import opportunities.services

    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(opportunities.services, "opportunity_create", broken)
    before = counts()
    with pytest.raises(RuntimeError):
        conversion.prospect_convert(
            prospect=world["prospect"],
            user=alice,
            organisation=Choice.create(),
            contact=Choice.create(),
            opportunity=opportunity_for(world),
        )
    assert counts() == before
    prospect = Prospect.objects.get(pk=world["prospect"].pk)
    assert (prospect.status, prospect.converted_organisation) == (Status.NEW, None)
    assert not Organisation.objects.filter(name="Société Dupont SAS").exists()


def test_disabled_objects_have_no_step(world, alice, alpha):
    ObjectSetting.objects.create(workspace=alpha, object="organisation", enabled=False)
    object_settings = ObjectSettings.load(alpha)
    before = counts()
    with pytest.raises(ValidationError, match="not available"):
        conversion.prospect_convert(
            prospect=world["prospect"],
            user=alice,
            organisation=Choice.link(world["dupont"].pk),
            object_settings=object_settings,
        )
    assert counts() == before
    prospect = conversion.prospect_convert(
        prospect=world["prospect"],
        user=alice,
        contact=Choice.create(),
        object_settings=object_settings,
    )
    assert prospect.converted_contact.organisation is None


def test_ids_of_another_workspace_are_not_found(world, alice, beta):
    """Ids are only looked up in the current workspace's schema."""
    with beta:
        theirs = Organisation.objects.create(pk=900001, name="Beta only")
        their_contact = Contact.objects.create(pk=900001, last_name="Beta")
    with world["alpha"]:
        before = counts()
        for arguments in (
            {"organisation": Choice.link(theirs.pk)},
            {"contact": Choice.link(their_contact.pk)},
        ):
            with pytest.raises(ValidationError, match="does not exist"):
                conversion.prospect_convert(prospect=world["prospect"], user=alice, **arguments)
        assert counts() == before
