import pytest

from contacts.models import Contact
from organisations.models import Organisation


@pytest.fixture
def elise(alpha):
    with alpha:
        org = Organisation.objects.create(name="Dupont SAS")
        return Contact.objects.create(first_name="Élise", last_name="Müller", organisation=org)


@pytest.fixture
def beta_contact(beta):
    with beta:
        return Contact.objects.create(first_name="Bruno", last_name="Beta")
