"""Search and filters as the lists use them: accents and case ignored, every word must match."""

import pytest
from django.test import RequestFactory

from contacts.filters import ContactFilterSet
from contacts.models import Contact
from contacts.selectors import contact_list, contact_search
from organisations.models import Organisation
from organisations.selectors import organisation_search
from records.filters import workspace_members
from workspaces.object_settings import ObjectSettings


@pytest.fixture
def people(alpha):
    with alpha:
        org = Organisation.objects.create(name="Société Générale d'Études", city="Besançon")
        return {
            "helene": Contact.objects.create(
                first_name="Hélène", last_name="Noël", email="h.noel@exemple.fr", city="Nîmes"
            ),
            "helen": Contact.objects.create(first_name="Helen", last_name="Smith", phone="01 23"),
            "org": org,
        }


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("hélène", {"helene"}),
        ("HELENE", {"helene"}),
        ("helen", {"helene", "helen"}),
        ("noel helene", {"helene"}),
        ("nimes", {"helene"}),
        ("NOËL", {"helene"}),
        ("exemple.fr", {"helene"}),
        ("01 23", {"helen"}),
        ("100%", set()),
        ("_", set()),
    ],
)
def test_contact_search(alpha, people, term, expected):
    with alpha:
        found = set(contact_search(term=term))
    assert found == {people[name] for name in expected}


def test_organisation_search_with_and_without_accents(alpha, people):
    with alpha:
        assert list(organisation_search(term="societe generale")) == [people["org"]]
        assert list(organisation_search(term="besancon")) == [people["org"]]
        assert list(organisation_search(term="ÉTUDES")) == [people["org"]]


def test_filterset_search_and_sort(alpha, people, alice):
    request = RequestFactory().get("/contacts/", {"q": "hel", "sort": "-name"})
    request.tenant = alpha
    with alpha:
        filterset = ContactFilterSet(
            request.GET,
            queryset=contact_list(),
            object_settings=ObjectSettings.load(alpha),
            members=workspace_members(alpha),
        )
        assert list(filterset.qs) == [people["helen"], people["helene"]]
