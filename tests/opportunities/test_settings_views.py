"""/settings/workflows/: admins manage workflows and stages; nothing is lost."""

from opportunities.models import Opportunity, Stage, Workflow
from tests.opportunities.factories import opportunity, stage_named


def test_only_admins_open_the_workflow_settings(alpha, alice, mia, val, client_on):
    assert client_on(alpha, alice).get("/settings/workflows/").status_code == 200
    assert client_on(alpha, mia).get("/settings/workflows/").status_code == 403
    assert client_on(alpha, val).get("/settings/workflows/").status_code == 403
    assert client_on(alpha, mia).post("/settings/workflows/new/", {"name": "X"}).status_code == 403


def test_strangers_and_anonymous_visitors(alpha, bob, client_on):
    assert client_on(alpha, bob).get("/settings/workflows/").status_code == 404
    response = client_on(alpha).get("/settings/workflows/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_admin_creates_renames_reorders_and_deletes(alpha, alice, client_on):
    client = client_on(alpha, alice)
    assert client.post("/settings/workflows/new/", {"name": "Formation"}).status_code == 302
    with alpha:
        training = Workflow.objects.get(name="Formation")
    client.post(f"/settings/workflows/{training.pk}/rename/", {"name": "Formations"})
    client.post(f"/settings/workflows/{training.pk}/move/", {"direction": "up"})
    client.post(f"/settings/workflows/{training.pk}/default/")
    with alpha:
        assert list(Workflow.objects.values_list("name", flat=True)) == ["Formations", "Vente"]
        assert Workflow.objects.get(is_default=True).name == "Formations"
        first = training.stages.order_by("position").first()
    client.post(
        f"/settings/workflows/stages/{first.pk}/edit/",
        {"name": "Inscription", "kind": "open", "probability": "20"},
    )
    client.post(
        f"/settings/workflows/{training.pk}/stages/new/",
        {"name": "Relance", "kind": "open", "probability": "30"},
    )
    with alpha:
        names = list(training.stages.order_by("position").values_list("name", flat=True))
    assert names[0] == "Inscription" and names[-1] == "Relance"
    response = client.post(
        f"/settings/workflows/stages/{first.pk}/edit/",
        {"name": "Trop", "kind": "open", "probability": "150"},
    )
    assert response.status_code == 302
    with alpha:
        assert Stage.objects.get(pk=first.pk).probability == 20
    assert client.post(f"/settings/workflows/{training.pk}/delete/").status_code == 302
    with alpha:
        assert not Workflow.objects.filter(pk=training.pk).exists()
        assert Workflow.objects.get().is_default


def test_deleting_a_stage_with_cards_asks_where_they_go(alpha, alice, client_on):
    with alpha:
        discovery, proposal = stage_named("Découverte"), stage_named("Proposition")
        deal = opportunity("Audit", stage=discovery)
    client = client_on(alpha, alice)
    page = client.get(f"/settings/workflows/stages/{discovery.pk}/delete/").content.decode()
    assert 'name="target"' in page
    response = client.post(f"/settings/workflows/stages/{discovery.pk}/delete/")
    assert response.status_code == 200  # asked again: no target
    with alpha:
        assert Stage.objects.filter(pk=discovery.pk).exists()
    client.post(f"/settings/workflows/stages/{discovery.pk}/delete/", {"target": proposal.pk})
    with alpha:
        assert not Stage.objects.filter(pk=discovery.pk).exists()
        assert Opportunity.objects.get(pk=deal.pk).stage == proposal


def test_a_workflow_with_cards_is_deleted_only_once_they_have_a_place(alpha, alice, client_on):
    from opportunities import services

    with alpha:
        training = services.workflow_create(name="Formation")
        deal = opportunity("Stage", stage=training.stages.first())
        target = stage_named("Proposition")
    client = client_on(alpha, alice)
    client.post(f"/settings/workflows/{training.pk}/delete/")
    with alpha:
        assert Workflow.objects.filter(pk=training.pk).exists()
    client.post(f"/settings/workflows/{training.pk}/delete/", {"target": target.pk})
    with alpha:
        assert not Workflow.objects.filter(pk=training.pk).exists()
        assert Opportunity.objects.get(pk=deal.pk).stage == target


def test_a_foreign_stage_id_is_404(alpha, beta, alice, client_on):
    client = client_on(alpha, alice)
    assert client.post("/settings/workflows/stages/999999/edit/", {"name": "x"}).status_code == 404
    assert client.get("/settings/workflows/999999/delete/").status_code == 404


def test_workflow_settings_answer_404_while_opportunity_is_disabled(client_on, alpha, alice):
    from workspaces.models import ObjectSetting

    client = client_on(alpha, alice)
    assert client.get("/settings/workflows/").status_code == 200
    ObjectSetting.objects.update_or_create(
        workspace=alpha, object="opportunity", defaults={"enabled": False}
    )
    assert client.get("/settings/workflows/").status_code == 404
    assert client.post("/settings/workflows/new/", {"name": "Mécénat"}).status_code == 404
