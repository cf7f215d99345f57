"""seed_demo's organisations and contacts: valid, deterministic, linked."""

import random

from contacts import demo
from contacts.models import Contact
from organisations.models import Organisation
from organisations.validators import luhn_is_valid


def names(workspace):
    with workspace:
        return list(Contact.objects.order_by("pk").values_list("first_name", "last_name", "city"))


def test_sample_data_is_valid_and_the_same_seed_gives_the_same_data(alpha, beta):
    for workspace in (alpha, beta):
        with workspace:
            demo.seed(rng=random.Random(5), organisations=30, contacts=200, owners=[])
    assert names(alpha) == names(beta)
    with alpha:
        assert Organisation.objects.count() == 30
        sirens = [s for s in Organisation.objects.values_list("siren", flat=True) if s]
        assert sirens and all(luhn_is_valid(s) for s in sirens)
        assert Contact.objects.exclude(organisation=None).exists()
        assert Contact.objects.filter(labels__isnull=False).exists()
        for organisation in Organisation.objects.all()[:10]:
            assert organisation.full_clean() is None


def test_seeding_twice_adds_rows_without_breaking_unique_emails(alpha):
    with alpha:
        demo.seed(rng=random.Random(1), organisations=5, contacts=50, owners=[])
        demo.seed(rng=random.Random(1), organisations=5, contacts=50, owners=[])
        assert Contact.objects.count() == 100
