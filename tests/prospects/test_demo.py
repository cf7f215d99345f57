"""seed_demo --prospects: a mix of statuses, sources and labels, some likely duplicates."""

from django.core.management import call_command

from prospects import selectors
from prospects.models import Prospect, ProspectStatusChange, Status


def test_seed_demo_adds_prospects_with_a_mix_and_some_duplicates(alpha):
    call_command(
        "seed_demo", "alpha", "--organisations", "30", "--contacts", "60", "--prospects", "200",
        verbosity=0,
    )  # fmt: skip
    with alpha:
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
