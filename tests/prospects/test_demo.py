"""seed_demo --prospects: a mix of statuses, sources and labels, some likely duplicates."""

import random

from contacts import demo as contacts_demo
from prospects import demo, selectors
from prospects.models import Prospect, ProspectStatusChange, Status


def test_seed_demo_adds_prospects_with_a_mix_and_some_duplicates(alpha, alice):
    rng = random.Random(1)
    with alpha:
        ids = contacts_demo.seed_organisations(rng=rng, count=30, owners=[], labels_=[])
        contacts_demo.seed_contacts(rng=rng, count=60, organisation_ids=ids, owners=[], labels_=[])
        demo.seed(rng=rng, count=200, owners=[alice.pk])
        assert Prospect.objects.count() == 200
        statuses = set(Prospect.objects.values_list("status", flat=True))
        assert statuses == set(Status.values)
        assert len(set(Prospect.objects.values_list("source", flat=True))) >= 4
        assert Prospect.objects.filter(labels__isnull=False).distinct().count() > 50
        assert not Prospect.objects.filter(status=Status.DISQUALIFIED, disqualification_reason="")
        assert ProspectStatusChange.objects.count() > 200
        converted = Prospect.objects.filter(status=Status.CONVERTED)
        assert all(p.converted_contact_id for p in converted)
        with_suggestions = sum(
            1
            for prospect in Prospect.objects.exclude(status=Status.CONVERTED)
            if selectors.conversion_suggestions(prospect=prospect)
        )
        assert with_suggestions >= 5
