"""The opportunity form's stage select follows the chosen workflow (HTMX), and works without it."""

import re

from opportunities import services
from opportunities.forms import OpportunityForm
from opportunities.models import Stage, StageKind, Workflow
from tests.opportunities.factories import default_workflow
from workspaces.object_settings import ObjectSettings

URL = "/opportunities/stages/"


def options(html: str) -> list[str]:
    return re.findall(r"<option value=\"\d+\"[^>]*>([^<]*)</option>", html)


def selected(html: str) -> list[str]:
    return re.findall(r"<option value=\"\d+\"[^>]*selected[^>]*>([^<]*)</option>", html)


def test_the_endpoint_returns_only_the_stages_of_that_workflow_first_open_one_selected(
    alpha, alice, client_on
):
    with alpha:
        training = services.workflow_create(
            name="Formation",
            stages=[
                {"name": "Signée", "kind": StageKind.WON},
                {"name": "Inscription", "kind": StageKind.OPEN},
                {"name": "Session", "kind": StageKind.OPEN},
            ],
        )
        names = list(training.stages.order_by("position").values_list("name", flat=True))
    response = client_on(alpha, alice).get(URL, {"workflow": training.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith("<select") and 'name="stage"' in html and 'id="id_stage"' in html
    assert options(html) == names
    assert "Découverte" not in html and "<optgroup" not in html
    assert selected(html) == ["Inscription"]


def test_the_default_workflow_offers_its_own_stages(alpha, alice, client_on):
    with alpha:
        workflow = default_workflow()
        names = list(workflow.stages.order_by("position").values_list("name", flat=True))
        services.workflow_create(name="Formation")
    html = client_on(alpha, alice).get(URL, {"workflow": workflow.pk}).content.decode()
    assert options(html) == names
    assert selected(html) == [names[0]]


def test_an_unknown_foreign_or_malformed_workflow_is_404(alpha, beta, alice, client_on):
    with alpha:
        highest = Workflow.objects.order_by("-pk").values_list("pk", flat=True).first()
    with beta:
        foreign = services.workflow_create(name="Étrangère")
        while foreign.pk <= highest:
            foreign = services.workflow_create(name=f"Étrangère {foreign.pk}")
    client = client_on(alpha, alice)
    assert client.get(URL, {"workflow": foreign.pk}).status_code == 404
    assert client.get(URL, {"workflow": 999999}).status_code == 404
    assert client.get(URL, {"workflow": "abc"}).status_code == 404


def test_without_a_workflow_every_stage_is_offered_grouped(alpha, alice, client_on):
    with alpha:
        services.workflow_create(name="Formation")
        count = Stage.objects.count()
    html = client_on(alpha, alice).get(URL, {"workflow": ""}).content.decode()
    assert html.count("<optgroup") == 2
    assert len(options(html)) == count


def test_anonymous_visitors_go_to_login(alpha, client_on):
    with alpha:
        workflow = default_workflow()
    response = client_on(alpha).get(URL, {"workflow": workflow.pk})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_non_member_gets_404(alpha, bob, client_on):
    with alpha:
        workflow = default_workflow()
    assert client_on(alpha, bob).get(URL, {"workflow": workflow.pk}).status_code == 404


def test_the_workflow_select_swaps_the_stage_select_on_change(alpha, alice, client_on):
    with alpha:
        form = OpportunityForm(object_settings=ObjectSettings.load(alpha))
    attrs = form.fields["workflow"].widget.attrs
    assert attrs["hx-get"] == URL
    assert attrs["hx-trigger"] == "change"
    assert attrs["hx-target"] == "#id_stage"
    assert attrs["hx-swap"] == "outerHTML"
    html = client_on(alpha, alice).get("/opportunities/new/").content.decode()
    workflow_select = re.search(r"<select[^>]*name=\"workflow\"[^>]*>", html).group(0)
    assert f'hx-get="{URL}"' in workflow_select and 'hx-target="#id_stage"' in workflow_select
    # Without JavaScript the stage select still lists every workflow's stages, grouped.
    assert "<optgroup" in html


def test_without_javascript_a_stage_of_another_workflow_is_still_refused(alpha, alice, client_on):
    with alpha:
        training = services.workflow_create(name="Formation")
        other = default_workflow().stages.order_by("position").first()
    response = client_on(alpha, alice).post(
        "/opportunities/new/",
        {"title": "Audit", "workflow": training.pk, "stage": other.pk},
    )
    assert response.status_code == 200
    assert "Formation" in response.content.decode()
    with alpha:
        assert not training.opportunities.exists()
