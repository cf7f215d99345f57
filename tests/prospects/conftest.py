"""Prospects, organisations, contacts and workflows for the prospect tests (in alpha)."""

import pytest
from django.utils import translation

from contacts.models import Contact
from labels.models import Label
from opportunities.models import Workflow
from organisations.models import Organisation
from prospects import services


@pytest.fixture(autouse=True)
def _english():
    """Service messages are asserted in English, whatever a previous request activated."""
    with translation.override("en"):
        yield


def make_prospect(user, labels=(), **data):
    data.setdefault("first_name", "Jeanne")
    data.setdefault("last_name", "Roux")
    return services.prospect_create(user=user, data=data, labels=labels)


@pytest.fixture
def world(alpha, alice):
    """Alpha with « societe dupont » (and its contact Élise), a label and a qualified prospect."""
    with alpha:
        dupont = Organisation.objects.create(name="societe dupont", city="Lyon")
        elise = Contact.objects.create(
            first_name="Élise", last_name="Müller", email="elise@dupont.fr", organisation=dupont
        )
        salon = Label.objects.create(name="Salon 2026", colour="green")
        prospect = make_prospect(
            alice,
            labels=[salon],
            first_name="Paul",
            last_name="Durand",
            company_name="Société Dupont SAS",
            email="paul.durand@dupont.fr",
        )
        workflow = Workflow.objects.get(is_default=True)
        stages = list(workflow.stages.order_by("position"))
        yield {
            "alpha": alpha,
            "dupont": dupont,
            "elise": elise,
            "salon": salon,
            "prospect": prospect,
            "workflow": workflow,
            "stage": stages[0],
        }
