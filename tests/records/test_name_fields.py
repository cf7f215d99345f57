"""A record read with its `name_fields` alone is named without another query: the rows that
only name a record ("Mes tâches") read just those columns."""

import pytest

from contacts.models import Contact
from organisations.models import Organisation
from prospects.models import Prospect
from tests.opportunities.factories import opportunity


@pytest.mark.parametrize(
    "make, name",
    [
        (lambda: Contact.objects.create(first_name="Élise", last_name="Roux"), "Élise Roux"),
        (lambda: Contact.objects.create(email="sans.nom@example.test"), "sans.nom@example.test"),
        (lambda: Organisation.objects.create(name="Atelier Martin"), "Atelier Martin"),
        (lambda: opportunity(title="Audit annuel"), "Audit annuel"),
        (lambda: Prospect.objects.create(company_name="Durand SA"), "Durand SA"),
        (lambda: Prospect.objects.create(first_name="Marc", last_name="Petit"), "Marc Petit"),
    ],
)
def test_a_record_is_named_from_its_name_fields_alone(alpha, make, name, django_assert_num_queries):
    with alpha:
        record = make()
        model = type(record)
        read = model.objects.only(*model.name_fields).get(pk=record.pk)
        with django_assert_num_queries(0):
            assert str(read) == name


def test_every_object_says_which_fields_name_its_records():
    from workspaces.object_settings import OBJECT_TYPES

    for object_type in OBJECT_TYPES.values():
        model = object_type.model
        assert model.name_fields, object_type.key
        for name in model.name_fields:
            model._meta.get_field(name)  # a real field
