"""seed_demo --opportunities N spreads cards over the stages, columns numbered 0..n-1."""

from django.core.management import call_command

from opportunities.models import Opportunity, Stage, StageKind


def test_seed_demo_spreads_opportunities_over_the_stages(alpha):
    call_command(
        "seed_demo",
        "alpha",
        "--organisations=20",
        "--contacts=40",
        "--prospects=0",
        "--opportunities=300",
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    with alpha:
        assert Opportunity.objects.count() == 300
        for stage in Stage.objects.all():
            positions = list(
                stage.opportunities.order_by("position").values_list("position", flat=True)
            )
            assert len(positions) == len(set(positions))
            assert positions, f"no card in {stage}"
        assert not Opportunity.objects.filter(
            stage__kind=StageKind.OPEN, closed_on__isnull=False
        ).exists()
        assert not Opportunity.objects.filter(stage__kind=StageKind.WON, closed_on=None).exists()
        assert Opportunity.objects.filter(organisation__isnull=False).count() > 200
        linked = Opportunity.objects.filter(contact__isnull=False).select_related("contact")
        assert all(o.contact.organisation_id == o.organisation_id for o in linked)
