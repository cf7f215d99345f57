"""Board, moves, list and record pages: permissions, isolation, HTMX, query counts."""

from decimal import Decimal

import pytest

from opportunities.models import Opportunity, Stage
from opportunities.selectors import BOARD_CARDS_PER_COLUMN
from tests.opportunities.factories import column, opportunity, stage_named
from workspaces.models import CrmObjectKey, ObjectSetting


@pytest.fixture
def deals(alpha):
    with alpha:
        return {
            "audit": opportunity("Audit", stage=stage_named("Découverte"), amount="12500"),
            "site": opportunity("Site web", stage=stage_named("Découverte"), amount="3000"),
            "formation": opportunity("Formation", stage=stage_named("Proposition"), amount="800"),
        }


def spaced(html: str) -> str:
    """French numbers use (narrow) no-break spaces: plain spaces for the assertions."""
    return html.replace("\xa0", " ").replace("\u202f", " ")


def board_html(client, path="/opportunities/board/"):
    response = client.get(path)
    assert response.status_code == 200
    return spaced(response.content.decode())


# --- Board ----------------------------------------------------------------------------------------


def test_the_board_shows_one_column_per_stage_with_count_total_and_weighted_total(
    alpha, alice, client_on, deals
):
    html = board_html(client_on(alpha, alice))
    for name in ["Découverte", "Proposition", "Négociation", "Gagnée", "Perdue"]:
        assert name in html
    assert html.index("Négociation") < html.index("Gagnée") < html.index("Perdue")
    with alpha:
        discovery = stage_named("Découverte")
    column_html = html[html.index(f'id="column-{discovery.pk}"') :]
    column_html = column_html[: column_html.index("</section>")]
    assert "data-count>2<" in column_html
    assert "15 500 €" in column_html  # 12 500 + 3 000
    assert "1 550 €" in column_html  # weighted by 10 %
    assert "Audit" in column_html and "Site web" in column_html


def test_the_board_of_an_unknown_or_foreign_workflow_is_404(alpha, beta, alice, client_on):
    with beta:
        foreign = Stage.objects.first().workflow_id
    client = client_on(alpha, alice)
    assert client.get("/opportunities/board/999999/").status_code == 404
    with alpha:
        own = Stage.objects.first().workflow_id
    if foreign != own:  # ids may coincide between schemas; then the page is alpha's own board
        assert client.get(f"/opportunities/board/{foreign}/").status_code == 404


def test_board_filters_apply_to_cards_and_totals(alpha, alice, client_on, deals):
    html = board_html(client_on(alpha, alice), "/opportunities/board/?q=audit")
    assert "Audit" in html and "Site web" not in html and "Formation" not in html
    assert "12 500 €" in html


@pytest.mark.parametrize("term", ["a", "zz"])
def test_a_search_matching_nothing_shows_empty_columns(alpha, alice, client_on, deals, term):
    """A one-letter term (not searched) or one that matches no card: every column is empty."""
    html = board_html(client_on(alpha, alice), f"/opportunities/board/?q={term}")
    assert 'class="opp-card"' not in html and 'class="board-column__header"' in html


def test_card_values_are_escaped(alpha, alice, client_on, deals):
    with alpha:
        opportunity('<img src=x onerror="alert(1)">', stage=stage_named("Proposition"))
    html = board_html(client_on(alpha, alice))
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_board_htmx_request_gets_only_the_board(alpha, alice, client_on, deals):
    response = client_on(alpha, alice).get("/opportunities/board/", headers={"HX-Request": "true"})
    html = response.content.decode()
    # The board with what changes with its filters: their chips and the stage switcher.
    assert html.lstrip().startswith('<div id="board-area"') and "<html" not in html
    assert '<div id="board" class="board"' in html and 'class="stage-switcher"' in html
    assert 'id="filter-form"' not in html


def test_board_queries_do_not_grow_with_cards(
    alpha, alice, client_on, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_on(alpha, alice)
    client.get("/opportunities/board/")  # warm the session
    with alpha:
        opportunity("Premier", stage=stage_named("Découverte"))
    with CaptureQueriesContext(connection) as few:
        board_html(client)
    with alpha:
        for i in range(120):
            opportunity(f"Deal {i}", stage=stage_named("Découverte" if i % 2 else "Proposition"))
    with django_assert_max_num_queries(len(few)):
        html = board_html(client)
    assert len(few) <= 16
    assert "Deal 119" in html and "Deal 0" not in html  # the first cards of each column
    assert f"offset={BOARD_CARDS_PER_COLUMN}" in html  # then "show more"
    with alpha:
        proposal = stage_named("Proposition")
    more = client.get(
        f"/opportunities/board/{proposal.workflow_id}/column/{proposal.pk}/?offset=50",
        headers={"HX-Request": "true"},
    ).content.decode()
    assert more.count('class="opp-card"') == 10 and "Deal 0" in more and "<html" not in more


def test_a_filtered_board_shows_each_columns_first_matching_cards_in_order(
    alpha, alice, client_on, django_assert_max_num_queries
):
    """A search reads its matches once (totals and each column's first ids), in the same
    number of queries, the cards in their column order."""
    client = client_on(alpha, alice)
    client.get("/opportunities/board/")  # warm the session
    with alpha:
        for i in range(60):
            opportunity(f"Deal {i}", stage=stage_named("Découverte" if i % 2 else "Proposition"))
        opportunity("Autre chose", stage=stage_named("Proposition"))
        discovery = stage_named("Découverte")
        expected = [o for o in column(discovery) if o.startswith("Deal")][:BOARD_CARDS_PER_COLUMN]
    with django_assert_max_num_queries(16):
        html = board_html(client, "/opportunities/board/?q=deal")
    assert "Autre chose" not in html
    shown = html.split(f'id="column-{discovery.pk}"')[1].split("</ol>")[0]
    titles = [part.split("</a>")[0] for part in shown.split('class="opp-card__title" href="')[1:]]
    assert [t.split(">", 1)[1] for t in titles] == expected
    assert f"offset={BOARD_CARDS_PER_COLUMN}" in html  # 30 matches: "show more"


def test_anonymous_visitors_go_to_login(alpha, client_on):
    response = client_on(alpha).get("/opportunities/board/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- Moves ----------------------------------------------------------------------------------------


def test_a_member_moves_a_card_and_htmx_gets_both_columns(alpha, mia, client_on, deals):
    with alpha:
        discovery, proposal = stage_named("Découverte"), stage_named("Proposition")
    audit = deals["audit"]
    response = client_on(alpha, mia).post(
        f"/opportunities/{audit.pk}/move/",
        {"stage": proposal.pk, "before": deals["formation"].pk, "version": audit.version},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = spaced(response.content.decode())
    assert html.count('hx-swap-oob="outerHTML"') == 2
    assert f'id="column-{discovery.pk}"' in html and f'id="column-{proposal.pk}"' in html
    assert "13 300 €" in html  # 12 500 + 800 in Proposition
    with alpha:
        assert column(proposal) == ["Audit", "Formation"]


def test_the_keyboard_form_works_without_javascript(alpha, mia, client_on, deals):
    with alpha:
        won = stage_named("Gagnée")
    response = client_on(alpha, mia).post(
        f"/opportunities/{deals['site'].pk}/move/", {"stage": won.pk}
    )
    assert response.status_code == 302
    with alpha:
        deal = Opportunity.objects.get(pk=deals["site"].pk)
        assert deal.stage == won and deal.closed_on is not None
        lost = stage_named("Perdue")
    client = client_on(alpha, mia)
    client.post(f"/opportunities/{deals['audit'].pk}/move/", {"stage": lost.pk})
    html = board_html(client)
    assert f'href="/opportunities/{deals["audit"].pk}/#id_lost_reason"' in html


def test_a_viewer_cannot_move(alpha, val, client_on, deals):
    with alpha:
        proposal = stage_named("Proposition")
    response = client_on(alpha, val).post(
        f"/opportunities/{deals['audit'].pk}/move/", {"stage": proposal.pk}
    )
    assert response.status_code == 403
    with alpha:
        assert Opportunity.objects.get(pk=deals["audit"].pk).stage.name == "Découverte"


def test_the_viewer_sees_no_move_controls(alpha, val, client_on, deals):
    html = board_html(client_on(alpha, val))
    assert "Audit" in html and 'draggable="true"' not in html and 'name="stage"' not in html


def test_a_move_to_a_stage_of_another_workspace_or_a_foreign_card_is_404(
    alpha, beta, alice, bob, client_on, deals
):
    with beta:
        foreign_stage = Stage.objects.order_by("-pk").first()
        foreign_deal = opportunity("Chez Beta")
    client = client_on(alpha, alice)
    response = client.post(
        f"/opportunities/{deals['audit'].pk}/move/", {"stage": foreign_stage.pk + 1000}
    )
    assert response.status_code == 404
    response = client.post(f"/opportunities/{foreign_deal.pk + 1000}/move/", {"stage": 1})
    assert response.status_code == 404
    assert (
        client.post(f"/opportunities/{deals['audit'].pk}/move/", {"stage": "x"}).status_code == 404
    )
    # bob is a stranger to alpha: its cards do not exist for him
    assert (
        client_on(alpha, bob)
        .post(f"/opportunities/{deals['audit'].pk}/move/", {"stage": 1})
        .status_code
        == 404
    )


def test_a_stale_move_answers_409_with_the_true_columns_and_changes_nothing(
    alpha, mia, client_on, deals
):
    with alpha:
        proposal, negotiation = stage_named("Proposition"), stage_named("Négociation")
    audit = deals["audit"]
    seen = audit.version
    client = client_on(alpha, mia)
    client.post(f"/opportunities/{audit.pk}/move/", {"stage": proposal.pk})
    response = client.post(
        f"/opportunities/{audit.pk}/move/",
        {"stage": negotiation.pk, "version": seen},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 409
    assert "carnet:message" in response["HX-Trigger"]
    with alpha:
        assert Opportunity.objects.get(pk=audit.pk).stage == proposal


# --- List and record pages ------------------------------------------------------------------------


def test_the_list_filters_by_status_and_amount_and_exports(alpha, alice, client_on, deals):
    client = client_on(alpha, alice)
    html = client.get("/opportunities/?amount_min=1000").content.decode()
    assert "Audit" in html and "Site web" in html and "Formation" not in html
    with alpha:
        Opportunity.objects.filter(pk=deals["site"].pk).update(stage=stage_named("Gagnée"))
    html = client.get("/opportunities/?status=won").content.decode()
    assert "Site web" in html and "Audit" not in html
    export = b"".join(client.get("/opportunities/export/?status=won").streaming_content)
    assert "Site web" in export.decode("utf-8-sig") and "Audit" not in export.decode("utf-8-sig")


def test_creating_with_a_negative_or_non_numeric_amount_is_refused(alpha, alice, client_on):
    with alpha:
        stage = stage_named("Découverte")
    client = client_on(alpha, alice)
    for amount in ["-5", "beaucoup"]:
        response = client.post(
            "/opportunities/new/",
            {
                "title": "Mauvais",
                "workflow": stage.workflow_id,
                "stage": stage.pk,
                "amount": amount,
            },
        )
        assert response.status_code == 200 and "field--invalid" in response.content.decode()
    with alpha:
        assert not Opportunity.objects.filter(title="Mauvais").exists()


def test_creating_with_a_stage_of_another_workflow_is_refused(alpha, alice, client_on):
    from opportunities import services

    with alpha:
        sales_stage = stage_named("Découverte")
        other = services.workflow_create(name="Formation")
    response = client_on(alpha, alice).post(
        "/opportunities/new/",
        {"title": "Mélange", "workflow": other.pk, "stage": sales_stage.pk, "amount": "10"},
    )
    assert response.status_code == 200 and "Formation" in response.content.decode()
    with alpha:
        assert not Opportunity.objects.filter(title="Mélange").exists()


def test_create_then_mark_won_and_lost(alpha, alice, client_on):
    with alpha:
        stage = stage_named("Découverte")
    client = client_on(alpha, alice)
    response = client.post(
        "/opportunities/new/",
        {"title": "Refonte", "workflow": stage.workflow_id, "stage": stage.pk, "amount": "4200"},
    )
    assert response.status_code == 302
    with alpha:
        deal = Opportunity.objects.get(title="Refonte")
    assert deal.amount == Decimal("4200")
    html = spaced(client.get(f"/opportunities/{deal.pk}/").content.decode())
    assert "4 200 €" in html and "Découverte" in html
    client.post(f"/opportunities/{deal.pk}/lost/", {"lost_reason": "Budget coupé"})
    with alpha:
        deal.refresh_from_db()
    assert deal.stage.is_lost and deal.lost_reason == "Budget coupé"
    client.post(f"/opportunities/{deal.pk}/won/")
    with alpha:
        deal.refresh_from_db()
    assert deal.stage.is_won and deal.lost_reason == ""


# --- Disabled Opportunity -------------------------------------------------------------------------


def test_disabled_opportunity_404s_and_leaves_linked_pages_until_re_enabled(
    alpha, alice, client_on
):
    from organisations.models import Organisation

    with alpha:
        acme = Organisation.objects.create(name="Acme")
        deal = opportunity("Contrat Acme", organisation=acme)
    client = client_on(alpha, alice)
    assert "Contrat Acme" in client.get(f"/organisations/{acme.pk}/").content.decode()
    setting = ObjectSetting.objects.create(
        workspace=alpha, object=CrmObjectKey.OPPORTUNITY, enabled=False
    )
    for path in [
        "/opportunities/",
        "/opportunities/board/",
        f"/opportunities/{deal.pk}/",
        f"/opportunities/{deal.pk}/edit/",
    ]:
        assert client.get(path).status_code == 404, path
    assert client.post(f"/opportunities/{deal.pk}/move/", {"stage": 1}).status_code == 404
    assert "Contrat Acme" not in client.get(f"/organisations/{acme.pk}/").content.decode()
    setting.enabled = True
    setting.save()
    assert "Contrat Acme" in client.get("/opportunities/board/").content.decode()
    assert "Contrat Acme" in client.get(f"/organisations/{acme.pk}/").content.decode()


def test_dashboard_figures_and_global_search(rf, alpha, alice, client_on, deals):
    from opportunities.dashboard import figures
    from opportunities.services import opportunity_mark_won

    with alpha:
        opportunity_mark_won(opportunity=deals["site"])
    client = client_on(alpha, alice)
    html = spaced(client.get("/search/?q=AUDIT").content.decode())
    assert "Audit" in html and "Site web" not in html
    request = rf.get("/")
    request.tenant, request.user = alpha, alice
    with alpha:
        values = {figure["label"]: figure["value"] for figure in figures(request)}
    assert values["En cours : opportunités"] == 2
    assert spaced(values["Gagnées ce mois-ci"]) == "1 · 3 000 €"
    dashboard = spaced(client.get("/").content.decode())
    assert "Valeur en cours" in dashboard and "13 300 €" in dashboard  # 12 500 + 800 open


def test_after_a_drag_only_the_column_headers_and_the_card_come_back(alpha, mia, client_on, deals):
    with alpha:
        proposal = stage_named("Proposition")
    audit = deals["audit"]
    response = client_on(alpha, mia).post(
        f"/opportunities/{audit.pk}/move/",
        {"stage": proposal.pk, "after": deals["formation"].pk, "swap": "headers"},
        headers={"HX-Request": "true"},
    )
    html = spaced(response.content.decode())
    assert response.status_code == 200
    assert html.count('hx-swap-oob="outerHTML"') == 3  # two headers, the moved card
    assert html.count('class="board-column__header"') == 2
    assert f'id="opp-{audit.pk}"' in html and "Formation" not in html
    assert "13 300 €" in html
    with alpha:
        assert column(proposal) == ["Formation", "Audit"]


def test_labels_from_the_form_show_on_cards_and_filter_the_board(alpha, alice, client_on, deals):
    from labels.models import Label

    with alpha:
        vip = Label.objects.create(name="VIP", colour="red")
        stage = stage_named("Négociation")
    client = client_on(alpha, alice)
    response = client.post(
        "/opportunities/new/",
        {"title": "Grand compte", "stage": stage.pk, "amount": "9000", "labels": [vip.pk]},
    )
    assert response.status_code == 302
    html = board_html(client, f"/opportunities/board/?label={vip.pk}")
    assert "Grand compte" in html and "Audit" not in html
    assert 'class="chip chip--red">VIP<' in html


def test_every_opportunity_url_is_404_for_foreign_ids_and_strangers(
    alpha, beta, alice, bob, client_on, deals
):
    with beta:
        foreign = opportunity("Chez Beta")
    missing = max(foreign.pk, max(d.pk for d in deals.values())) + 1000
    client = client_on(alpha, alice)
    for path in [
        f"/opportunities/{missing}/",
        f"/opportunities/{missing}/edit/",
        f"/opportunities/{missing}/delete/",
        "/opportunities/board/999999/column/1/",
    ]:
        assert client.get(path, headers={"HX-Request": "true"}).status_code == 404, path
    for path in [f"/opportunities/{missing}/won/", f"/opportunities/{missing}/lost/"]:
        assert client.post(path, {"lost_reason": "x"}).status_code == 404, path
    stranger = client_on(alpha, bob)
    audit = deals["audit"].pk
    for path in ["/opportunities/", "/opportunities/board/", f"/opportunities/{audit}/"]:
        assert stranger.get(path).status_code == 404, path
    assert client.get(f"/opportunities/{audit}/").status_code == 200


def test_a_viewer_cannot_mark_won_create_or_edit(alpha, val, client_on, deals):
    client = client_on(alpha, val)
    audit = deals["audit"].pk
    assert client.post(f"/opportunities/{audit}/won/").status_code == 403
    assert client.post("/opportunities/new/", {"title": "x"}).status_code == 403
    assert client.get("/opportunities/new/").status_code == 403
    assert client.post(f"/opportunities/{audit}/edit/", {"title": "x"}).status_code == 403
