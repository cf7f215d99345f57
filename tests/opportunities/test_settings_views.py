"""/settings/workflows/: admins manage workflows and stages; nothing is lost."""

import re

import pytest

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


# --- Edited in place with HTMX (issue 14) -----------------------------------------------------

HTMX = {"HTTP_HX_REQUEST": "true"}


def _stages(workflow):
    return list(workflow.stages.order_by("position", "pk").values_list("name", flat=True))


def _default(alpha):
    with alpha:
        return Workflow.objects.get(is_default=True)


def test_the_page_shows_each_stage_with_labelled_fields_and_one_quiet_delete(
    alpha, alice, client_on, django_assert_max_num_queries
):
    from opportunities import services

    with alpha:
        for n in range(3):
            services.workflow_create(name=f"Flux {n}")
        stage_count = Stage.objects.count()
        assert stage_count > 10
    client = client_on(alpha, alice)
    client.cookies["django_language"] = "en"
    with django_assert_max_num_queries(12):  # not one per workflow or per stage
        page = client.get("/settings/workflows/").content.decode()
    assert page.count('<label for="stage-probability-') == stage_count  # a visible label each
    assert page.count(">Win probability</label>") == stage_count + 4  # and each « new stage »
    assert "button--danger" not in page
    deletes = re.findall(r'href="/settings/workflows/stages/\d+/delete/"', page)
    assert len(deletes) == stage_count
    assert 'src="/static/js/workflow-settings.js"' in page


def test_renaming_a_stage_in_place_answers_with_the_stage_editor(
    alpha, alice, client_on, django_assert_max_num_queries
):
    workflow = _default(alpha)
    with alpha:
        first = workflow.stages.order_by("position").first()
    client = client_on(alpha, alice)
    client.cookies["django_language"] = "en"
    # The save (with its checks and history context), then 3 for the editor, whatever its size.
    with django_assert_max_num_queries(28):
        response = client.post(
            f"/settings/workflows/stages/{first.pk}/edit/",
            {"name": "Premier <contact>", "kind": "open", "probability": "15"},
            **HTMX,
        )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<div class="stage-editor" id="stage-editor-{workflow.pk}"')
    assert "<html" not in html
    assert "Premier &lt;contact&gt;" in html and "<contact>" not in html
    assert "saved." in html
    with alpha:
        first.refresh_from_db()
        assert (first.name, first.probability) == ("Premier <contact>", 15)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "kind": "open", "probability": "10"}, "required"),
        ({"name": "Trop", "kind": "open", "probability": "150"}, "less than or equal to 100"),
        ({"name": "Bizarre", "kind": "weird", "probability": "10"}, "valid choice"),
        ({"name": "Texte", "kind": "open", "probability": "dix"}, "whole number"),
    ],
)
def test_a_bad_value_is_said_in_the_row_and_saves_nothing(alpha, alice, client_on, data, message):
    workflow = _default(alpha)
    with alpha:
        first = workflow.stages.order_by("position").first()
        before = (first.name, first.kind, first.probability)
    client = client_on(alpha, alice)
    client.cookies["django_language"] = "en"
    response = client.post(f"/settings/workflows/stages/{first.pk}/edit/", data, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    row = re.search(rf'<li class="stage-row" id="stage-{first.pk}".*?</li>', html, re.DOTALL)
    assert message in row.group(0) and 'role="alert"' in row.group(0)
    assert 'aria-invalid="true"' in row.group(0)
    with alpha:
        first.refresh_from_db()
        assert (first.name, first.kind, first.probability) == before


def test_adding_a_stage_in_place(alpha, alice, client_on):
    workflow = _default(alpha)
    client = client_on(alpha, alice)
    client.cookies["django_language"] = "en"
    url = f"/settings/workflows/{workflow.pk}/stages/new/"
    response = client.post(url, {"name": "Relance", "kind": "open", "probability": "30"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "Relance" in html and "added." in html
    with alpha:
        assert _stages(workflow)[-1] == "Relance"
    response = client.post(url, {"name": "  ", "kind": "open", "probability": "30"}, **HTMX)
    assert 'id="new-stage-error-' in response.content.decode()
    with alpha:
        assert _stages(workflow)[-1] == "Relance"


def test_moving_up_and_down_in_place(alpha, alice, client_on):
    workflow = _default(alpha)
    with alpha:
        names = _stages(workflow)
        second = workflow.stages.order_by("position")[1]
    client = client_on(alpha, alice)
    response = client.post(
        f"/settings/workflows/stages/{second.pk}/move/", {"direction": "up"}, **HTMX
    )
    assert response.status_code == 200 and 'class="stage-editor"' in response.content.decode()
    with alpha:
        assert _stages(workflow) == [names[1], names[0], *names[2:]]
    # Without JavaScript: the same form, a redirect to the page.
    response = client.post(f"/settings/workflows/stages/{second.pk}/move/", {"direction": "down"})
    assert response.status_code == 302
    with alpha:
        assert _stages(workflow) == names


def test_a_dragged_order_is_saved_whole(alpha, alice, client_on):
    workflow = _default(alpha)
    with alpha:
        ids = list(workflow.stages.order_by("position").values_list("pk", flat=True))
        names = _stages(workflow)
    client = client_on(alpha, alice)
    client.cookies["django_language"] = "en"
    order = ",".join(str(pk) for pk in [ids[-1], *ids[:-1]])
    response = client.post(
        f"/settings/workflows/{workflow.pk}/stages/order/", {"order": order}, **HTMX
    )
    assert response.status_code == 200 and "New order saved." in response.content.decode()
    with alpha:
        assert _stages(workflow) == [names[-1], *names[:-1]]


@pytest.mark.parametrize(
    "make_order",
    [
        lambda ids: ids[:-1],  # a stage another admin added meanwhile is missing
        lambda ids: [*ids, 999999],  # one deleted meanwhile, or from elsewhere
        lambda ids: [*ids[:-1], ids[0]],  # twice
        lambda ids: ["x", *ids],
        lambda ids: [],
    ],
)
def test_a_stale_or_bad_order_changes_nothing_and_says_so(alpha, alice, client_on, make_order):
    workflow = _default(alpha)
    with alpha:
        ids = list(workflow.stages.order_by("position").values_list("pk", flat=True))
        names = _stages(workflow)
    client = client_on(alpha, alice)
    client.cookies["django_language"] = "en"
    order = ",".join(str(pk) for pk in make_order(list(reversed(ids))))
    url = f"/settings/workflows/{workflow.pk}/stages/order/"
    response = client.post(url, {"order": order}, **HTMX)
    assert response.status_code == 200
    assert "at the same time" in response.content.decode()
    assert client.post(url, {"order": order}).status_code == 302
    with alpha:
        assert _stages(workflow) == names


def test_another_workflows_stages_cannot_be_ordered_in_this_one(alpha, alice, client_on):
    from opportunities import services

    workflow = _default(alpha)
    with alpha:
        other = services.workflow_create(name="Autre")
        foreign = list(other.stages.values_list("pk", flat=True))
        names = _stages(workflow)
    client = client_on(alpha, alice)
    order = ",".join(map(str, foreign))
    client.post(f"/settings/workflows/{workflow.pk}/stages/order/", {"order": order}, **HTMX)
    with alpha:
        assert _stages(workflow) == names


def test_in_place_editing_is_for_admins_of_this_workspace(alpha, beta, alice, mia, bob, client_on):
    workflow = _default(alpha)
    url = f"/settings/workflows/{workflow.pk}/stages/order/"
    assert client_on(alpha, mia).post(url, {"order": ""}, **HTMX).status_code == 403
    assert client_on(alpha, bob).post(url, {"order": ""}, **HTMX).status_code == 404
    assert client_on(alpha, alice).get(url).status_code == 405
    assert (
        client_on(alpha, alice).post("/settings/workflows/999999/stages/order/").status_code == 404
    )
