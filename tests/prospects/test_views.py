"""Prospect pages through HTTP: list, record, status changes, conversion, permissions, isolation."""

import csv
import io
import re

from django.urls import NoReverseMatch
from django.utils import translation

from contacts.models import Contact
from opportunities.models import Opportunity
from organisations.models import Organisation
from prospects import conversion, services
from prospects.conversion import Choice
from prospects.models import Prospect, Status
from workspaces.models import ObjectSetting

from .conftest import make_prospect


def url_of(record):
    try:
        return record.get_absolute_url()
    except NoReverseMatch:
        return None


def disable(workspace, key):
    ObjectSetting.objects.update_or_create(
        workspace=workspace, object=key, defaults={"enabled": False}
    )


def test_the_list_shows_prospects_with_their_status_and_searches(client_on, world, alice):
    client = client_on(world["alpha"], alice)
    page = client.get("/prospects/").content.decode()
    assert "Paul Durand" in page
    assert 'id="status-control-' in page
    assert re.search(r'id="bulk-status"[^>]*>\s*<option value="new">', page)
    assert "Paul Durand" in client.get("/prospects/?q=societe dupont").content.decode()
    assert "Paul Durand" not in client.get("/prospects/?q=zzz").content.decode()


def test_the_list_filters_by_status_label_and_source(client_on, world, alice):
    make_prospect(alice, last_name="Zorglub", source="event")
    client = client_on(world["alpha"], alice)
    page = client.get(f"/prospects/?label={world['salon'].pk}").content.decode()
    assert "Paul Durand" in page and "Zorglub" not in page
    page = client.get("/prospects/?source=event").content.decode()
    assert "Paul Durand" not in page and "Zorglub" in page
    page = client.get("/prospects/?status=qualified").content.decode()
    assert "Paul Durand" not in page


def test_htmx_list_requests_get_the_results_only(client_on, world, alice):
    client = client_on(world["alpha"], alice)
    response = client.get("/prospects/?q=paul", HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert 'id="results"' in page and "<html" not in page


def test_the_list_stays_within_a_bounded_number_of_queries(
    client_on, world, alice, django_assert_max_num_queries
):
    for i in range(30):
        make_prospect(alice, last_name=f"P{i}", labels=[world["salon"]])
    client = client_on(world["alpha"], alice)
    with django_assert_max_num_queries(17):  # the popover's fields come when it opens
        assert client.get("/prospects/").status_code == 200
    with django_assert_max_num_queries(16):  # the object settings are kept while unchanged
        assert client.get("/prospects/").status_code == 200


def test_prospects_never_appear_among_contacts_or_organisations(client_on, world, alice):
    client = client_on(world["alpha"], alice)
    assert "Durand" not in client.get("/contacts/").content.decode()
    assert "Durand" not in client.get("/contacts/?q=durand").content.decode()
    assert "Société Dupont SAS" not in client.get("/organisations/?q=dupont").content.decode()


def test_csv_export_follows_the_filters(client_on, world, alice):
    make_prospect(alice, last_name="Other", source="event")
    client = client_on(world["alpha"], alice)
    response = client.get("/prospects/export/?q=durand")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 2
    assert "Durand" in rows[1]


def test_each_row_of_the_list_has_its_own_status_control(client_on, world, alice):
    """The list renders the control once per status and fills in each row's id."""
    contacted = make_prospect(alice, last_name="Contacted")
    services.prospect_set_status(prospect=contacted, status="contacted", user=alice)
    other_new = make_prospect(alice, last_name="Other")
    client = client_on(world["alpha"], alice)
    page = client.get("/prospects/").content.decode()
    for prospect in (world["prospect"], contacted, other_new):
        pk = prospect.pk
        assert f'id="status-control-{pk}"' in page
        assert f'formaction="/prospects/{pk}/status/"' in page
        assert f'hx-target="#status-control-{pk}"' in page
        assert f'name="reason_{pk}"' in page
    assert "__pk__" not in page
    # A contacted prospect is not offered "Contacted" again; a new one is.
    control = re.search(
        rf'id="status-control-{contacted.pk}".*?</details>', page, flags=re.DOTALL
    ).group(0)
    assert 'value="contacted"' not in control and 'value="qualified"' in control
    control = re.search(
        rf'id="status-control-{other_new.pk}".*?</details>', page, flags=re.DOTALL
    ).group(0)
    assert 'value="contacted"' in control


def test_quick_status_change_from_the_list_with_htmx(client_on, world, alice):
    client = client_on(world["alpha"], alice)
    prospect = world["prospect"]
    response = client.post(
        f"/prospects/{prospect.pk}/status/",
        {"status": "contacted", "place": "row"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'id="status-control-' in response.content.decode()
    prospect.refresh_from_db()
    assert prospect.status == Status.CONTACTED


def test_disqualifying_asks_the_reason(client_on, world, alice):
    client = client_on(world["alpha"], alice)
    prospect = world["prospect"]
    url = f"/prospects/{prospect.pk}/status/"
    response = client.post(url, {"status": "disqualified", "place": "row"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    prospect.refresh_from_db()
    assert prospect.status == Status.NEW
    # Without JavaScript, the reason comes in the row's own field.
    response = client.post(
        url, {"status": "disqualified", "place": "row", f"reason_{prospect.pk}": "No budget"}
    )
    assert response.status_code == 302
    prospect.refresh_from_db()
    assert (prospect.status, prospect.disqualification_reason) == ("disqualified", "No budget")


def test_the_record_page_shows_the_history_with_who_and_when(client_on, world, alice, mia):
    services.prospect_set_status(prospect=world["prospect"], status="contacted", user=mia)
    client = client_on(world["alpha"], alice)
    response = client.post(
        f"/prospects/{world['prospect'].pk}/status/",
        {"status": "qualified", "place": "record"},
        HTTP_HX_REQUEST="true",
    )
    fragment = response.content.decode()
    assert 'id="prospect-status"' in fragment and "mia@alpha.test" in fragment
    # The timeline is told of its new history line; a refused change tells it nothing.
    assert "record-changed" in response["HX-Trigger"]
    refused = client.post(
        f"/prospects/{world['prospect'].pk}/status/",
        {"status": "contacted", "place": "record"},
        HTTP_HX_REQUEST="true",
    )
    assert 'role="alert"' in refused.content.decode()
    assert "record-changed" not in refused.get("HX-Trigger", "")
    page = client.get(f"/prospects/{world['prospect'].pk}/").content.decode()
    assert "Status history" in page or "Historique" in page
    assert "mia@alpha.test" in page


def test_bulk_status_and_bulk_label(client_on, world, alice):
    other = make_prospect(alice, last_name="Other")
    client = client_on(world["alpha"], alice)
    ids = [world["prospect"].pk, other.pk]
    client.post(
        "/prospects/bulk/", {"ids": ids, "action": "set_status", "bulk_status": "contacted"}
    )
    assert set(Prospect.objects.values_list("status", flat=True)) == {"contacted"}
    client.post("/prospects/bulk/", {"ids": ids, "action": "add_label", "label": world["salon"].pk})
    assert world["salon"].prospects.count() == 2


def test_create_edit_delete(client_on, world, alice):
    client = client_on(world["alpha"], alice)
    response = client.post(
        "/prospects/new/",
        {"first_name": "Anne", "last_name": "Leroy", "company_name": "Leroy", "source": "event"},
    )
    assert response.status_code == 302
    anne = Prospect.objects.get(last_name="Leroy")
    assert anne.owner == alice and anne.status == Status.NEW
    response = client.post(
        f"/prospects/{anne.pk}/edit/",
        {
            "first_name": "Anne",
            "last_name": "Leroy",
            "company_name": "Leroy & Fils",
            "source": "event",
        },
    )
    anne.refresh_from_db()
    assert anne.company_name == "Leroy & Fils"
    client.post(f"/prospects/{anne.pk}/delete/")
    assert not Prospect.objects.filter(pk=anne.pk).exists()


def test_the_wizard_proposes_the_existing_organisation(client_on, world, alice):
    client = client_on(world["alpha"], alice)
    page = client.get(f"/prospects/{world['prospect'].pk}/convert/").content.decode()
    assert "societe dupont" in page
    assert f'value="{world["dupont"].pk}" checked' in page


def test_the_wizard_searches_records_to_link(client_on, world, alice):
    other = Organisation.objects.create(name="Dupont Frères", city="Nantes")
    client = client_on(world["alpha"], alice)
    url = f"/prospects/{world['prospect'].pk}/convert/"
    page = client.get(url, {"organisation_q": "dupont", "contact_q": "müller"}).content.decode()
    # The suggestion is listed once, as a suggestion; the other match as a search result.
    assert page.count(f'name="organisation" value="{world["dupont"].pk}"') == 1
    assert f'name="organisation" value="{other.pk}"' in page
    assert f'name="contact" value="{world["elise"].pk}"' in page
    fragment = client.get(
        url, {"part": "organisation_options", "organisation_q": "frères"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in fragment and "Dupont Frères" in fragment


def test_the_wizard_finds_the_chosen_organisations_contacts_first_told_apart(
    client_on, world, alice
):
    martin = Organisation.objects.create(name="Martin", city="Brest", siren="552100554")
    other = Contact.objects.create(
        first_name="Élise", last_name="Müller", email="elise@martin.fr", organisation=martin
    )
    client = client_on(world["alpha"], alice)
    url = f"/prospects/{world['prospect'].pk}/convert/"
    for organisation, first in ((martin, other), (world["dupont"], world["elise"])):
        fragment = client.get(
            url,
            {"part": "contact_options", "contact_q": "muller", "organisation": organisation.pk},
            HTTP_HX_REQUEST="true",
        ).content.decode()
        found = re.findall(r'name="contact" value="(\d+)"', fragment)
        assert found[:2] == [str(first.pk), str(({other, world["elise"]} - {first}).pop().pk)]
    # The pickers' second lines: email and organisation; city and SIREN.
    assert '<span class="picker__detail">elise@martin.fr · Martin</span>' in fragment
    page = client.get(url, {"organisation_q": "martin"}).content.decode()
    assert '<span class="picker__detail">Brest · SIREN 552 100 554</span>' in page


def test_conversion_through_the_wizard_lands_on_the_opportunity(client_on, world, alice):
    client = client_on(world["alpha"], alice)
    response = client.post(
        f"/prospects/{world['prospect'].pk}/convert/",
        {
            "organisation": str(world["dupont"].pk),
            "contact": "create",
            "create_opportunity": "on",
            "workflow": world["workflow"].pk,
            "stage": world["stage"].pk,
            "title": "Demo",
            "amount": "1200",
        },
    )
    prospect = Prospect.objects.get(pk=world["prospect"].pk)
    assert prospect.status == Status.CONVERTED
    assert response.status_code == 302
    # The opportunity's page when the opportunity pages exist, else the contact's.
    result_url = url_of(prospect.converted_opportunity) or url_of(prospect.converted_contact)
    assert response["Location"] == result_url
    page = client.get(prospect.get_absolute_url()).content.decode()
    assert result_url in page
    # Converting twice: refused, with a link to the result.
    page = client.get(f"/prospects/{prospect.pk}/convert/").content.decode()
    assert result_url in page
    response = client.post(f"/prospects/{prospect.pk}/convert/", {"contact": "create"})
    assert Contact.objects.filter(email="paul.durand@dupont.fr").count() == 1


def test_wizard_errors_are_shown_in_place_and_nothing_is_written(client_on, world, alice):
    client = client_on(world["alpha"], alice)
    before = (Organisation.objects.count(), Contact.objects.count(), Opportunity.objects.count())
    response = client.post(
        f"/prospects/{world['prospect'].pk}/convert/",
        {"organisation": "none", "contact": "none"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'id="wizard"' in response.content.decode()
    assert "<html" not in response.content.decode()
    after = (Organisation.objects.count(), Contact.objects.count(), Opportunity.objects.count())
    assert before == after


def test_the_wizard_shows_only_the_stages_of_the_chosen_workflow(client_on, world, alice):
    from opportunities.services import workflow_create

    other = workflow_create(name="Formations", stages=[{"name": "Devis signé", "kind": "open"}])
    client = client_on(world["alpha"], alice)
    url = f"/prospects/{world['prospect'].pk}/convert/?part=stages&workflow={other.pk}"
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "Devis signé" in fragment and world["stage"].name not in fragment


def test_viewer_cannot_convert_nor_change_status(client_on, world, val):
    client = client_on(world["alpha"], val)
    pk = world["prospect"].pk
    assert client.get(f"/prospects/{pk}/convert/").status_code == 403
    assert client.post(f"/prospects/{pk}/convert/", {"contact": "create"}).status_code == 403
    assert client.post(f"/prospects/{pk}/status/", {"status": "contacted"}).status_code == 403
    page = client.get(f"/prospects/{pk}/").content.decode()
    assert f"/prospects/{pk}/convert/" not in page
    assert Prospect.objects.get(pk=pk).status == Status.NEW


def test_another_workspace_gets_404(client_on, world, alice, bob, beta):
    pk = world["prospect"].pk
    assert client_on(world["alpha"], bob).get(f"/prospects/{pk}/").status_code == 404
    client = client_on(beta, bob)
    for path in [f"/prospects/{pk}/", f"/prospects/{pk}/convert/"]:
        assert client.get(path).status_code == 404
    assert client.post(f"/prospects/{pk}/status/", {"status": "contacted"}).status_code == 404


def test_linking_another_workspace_record_is_a_clear_error(client_on, world, alice, beta):
    with beta:
        theirs = Organisation.objects.create(pk=900002, name="Beta only")
    client = client_on(world["alpha"], alice)
    response = client.post(
        f"/prospects/{world['prospect'].pk}/convert/", {"organisation": str(theirs.pk)}
    )
    assert response.status_code == 200
    assert "does not exist" in response.content.decode() or "n’existe" in response.content.decode()
    with world["alpha"]:
        assert Prospect.objects.get(pk=world["prospect"].pk).status == Status.NEW


def test_anonymous_visitors_are_sent_to_login(client_on, world):
    response = client_on(world["alpha"]).get(f"/prospects/{world['prospect'].pk}/convert/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_disabled_prospects_answer_404_and_keep_their_data(client_on, world, alice, alpha):
    disable(alpha, "prospect")
    client = client_on(alpha, alice)
    pk = world["prospect"].pk
    for path in [
        "/prospects/",
        f"/prospects/{pk}/",
        f"/prospects/{pk}/convert/",
        "/prospects/new/",
    ]:
        assert client.get(path).status_code == 404
    assert client.post(f"/prospects/{pk}/status/", {"status": "contacted"}).status_code == 404
    with alpha:
        assert Prospect.objects.filter(pk=pk).exists()


def test_no_organisation_step_when_organisations_are_disabled(client_on, world, alice, alpha):
    disable(alpha, "organisation")
    client = client_on(alpha, alice)
    page = client.get(f"/prospects/{world['prospect'].pk}/convert/").content.decode()
    assert 'name="organisation"' not in page
    assert 'name="contact"' in page
    # A hand-made post naming an organisation is ignored for that step.
    client.post(
        f"/prospects/{world['prospect'].pk}/convert/",
        {"organisation": str(world["dupont"].pk), "contact": "create"},
    )
    with alpha:
        prospect = Prospect.objects.get(pk=world["prospect"].pk)
        assert prospect.converted_organisation is None
        assert prospect.converted_contact.organisation is None


def test_no_opportunity_step_when_opportunities_are_disabled(client_on, world, alice, alpha):
    disable(alpha, "opportunity")
    client = client_on(alpha, alice)
    page = client.get(f"/prospects/{world['prospect'].pk}/convert/").content.decode()
    assert 'name="create_opportunity"' not in page
    assert 'name="stage"' not in page


def test_dashboard_figures_count_by_status_and_conversions_this_month(rf, world, alice, alpha):
    from prospects.dashboard import figures

    conversion.prospect_convert(prospect=world["prospect"], user=alice, contact=Choice.create())
    make_prospect(alice, last_name="Neuf")
    request = rf.get("/")
    request.tenant = alpha
    values = {figure["url"].split("?")[1]: figure["value"] for figure in figures(request)}
    assert values["status=new&status=contacted"] == 1
    assert values["status=converted"] == 1
    with translation.override("en"):
        this_month = [f["value"] for f in figures(request) if "this month" in f["label"]]
    assert this_month == [1]


def test_the_global_search_finds_prospects(client_on, world, alice):
    page = client_on(world["alpha"], alice).get("/search/?q=durand").content.decode()
    assert world["prospect"].get_absolute_url() in page


def test_the_record_page_shows_the_notes_escaped_with_line_breaks(client_on, world, alice):
    # Notes are activities (issue 10): the record page shows them in its timeline.
    from activities.services import note_create

    with world["alpha"]:
        note_create(author=alice, record=world["prospect"], text="Ligne 1\n<b>Ligne 2</b>")
    page = client_on(world["alpha"], alice).get(world["prospect"].get_absolute_url())
    assert "Ligne 1<br>&lt;b&gt;Ligne 2&lt;/b&gt;" in page.content.decode()


def test_creating_a_prospect_already_in_the_base_warns_first(client_on, world, alice):
    client = client_on(world["alpha"], alice)
    data = {
        "first_name": "Élise",
        "last_name": "Müller",
        "email": "ELISE@dupont.fr",
        "source": "event",
    }
    page = client.post("/prospects/new/", data).content.decode()
    assert world["elise"].get_absolute_url() in page
    assert not Prospect.objects.filter(last_name="Müller").exists()
    response = client.post("/prospects/new/", {**data, "confirm_duplicate": "yes"})
    assert response.status_code == 302
    assert Prospect.objects.filter(last_name="Müller").exists()


def _status_block(page: str) -> str:
    return re.search(r'<section id="prospect-status".*?</section>', page, flags=re.DOTALL).group(0)


def test_the_record_page_marks_the_current_status_and_offers_one_disqualify(
    client_on, world, alice
):
    client = client_on(world["alpha"], alice)
    client.cookies["django_language"] = "en"
    prospect = world["prospect"]
    block = _status_block(client.get(f"/prospects/{prospect.pk}/").content.decode())
    steps = re.findall(r'<li class="status-steps__step ([^"]*)"( aria-current="step")?', block)
    assert [("--current" in classes, bool(current)) for classes, current in steps] == [
        (True, True),
        (False, False),
        (False, False),
        (False, False),
    ]
    assert block.count('aria-current="step"') == 1
    # The other statuses are actions; « Disqualify » appears once, its confirmation elsewhere.
    assert re.search(r'<button[^>]*value="contacted"[^>]*>Contacted</button>', block)
    assert len(re.findall(r">\s*Disqualify\W*<", block)) == 1
    assert re.search(r'<button[^>]*value="disqualified"[^>]*>Confirm</button>', block)

    # With HTMX: a missing reason is said inline, and the reason panel stays open.
    url = f"/prospects/{prospect.pk}/status/"
    response = client.post(
        url, {"status": "disqualified", "place": "record"}, HTTP_HX_REQUEST="true"
    )
    block = response.content.decode()
    assert 'role="alert"' in block and '<details class="status-control__disqualify" open>' in block
    response = client.post(
        url,
        {"status": "disqualified", "place": "record", "reason": "No <b>budget</b>"},
        HTTP_HX_REQUEST="true",
    )
    block = response.content.decode()
    current = re.search(r'<li class="[^"]*--current[^"]*" aria-current="step">(.*?)</li>', block)
    assert "Disqualified" in current.group(1)
    assert "No &lt;b&gt;budget&lt;/b&gt;" in block and "<b>budget" not in block
    # Reopening is offered as actions; no disqualify control while disqualified.
    assert re.search(r'<button[^>]*value="new"', block) and "Disqualify" not in block


def test_a_viewer_sees_the_status_without_actions(client_on, world, val):
    block = _status_block(
        client_on(world["alpha"], val).get(f"/prospects/{world['prospect'].pk}/").content.decode()
    )
    assert block.count('aria-current="step"') == 1
    assert "<button" not in block and "status-actions" not in block


def test_the_wizard_uses_the_picker_suggestions_first_and_works_without_javascript(
    client_on, world, alice
):
    """The conversion's organisation and contact are the one picker (records.picker): the
    combobox asks the objects' picker endpoints, the probable duplicates come first with
    their second line, then "create" and "none"; without JavaScript a typed name links the
    one record it names, and several matches come back as choices."""
    twin = Organisation.objects.create(name="societe dupont", city="Brest")
    client = client_on(world["alpha"], alice)
    url = f"/prospects/{world['prospect'].pk}/convert/"
    page = client.get(url).content.decode()
    assert 'name="organisation_search"' in page and 'hx-get="/organisations/picker/"' in page
    assert 'name="contact_search"' in page and 'hx-get="/contacts/picker/"' in page
    # The contact combobox is narrowed by the organisation checked, never by "create".
    assert "[name='organisation']:checked:not([data-picker-extra])" in page
    values = re.findall(r'name="organisation" value="(\w+)"', page)
    assert values[-2:] == ["create", "none"]
    assert set(values[:2]) == {str(world["dupont"].pk), str(twin.pk)}  # homonyms, first
    assert "picker__choice--suggested" in page and "Lyon" in page and "Brest" in page

    # A typed name matching two: an error in place, both offered, nothing written.
    response = client.post(
        url, {"organisation": "create", "organisation_search": "societe dupont", "contact": "none"}
    )
    assert response.status_code == 200
    assert re.findall(r'name="organisation" value="(\d+)"', response.content.decode())
    assert Prospect.objects.get(pk=world["prospect"].pk).status != Status.CONVERTED
    # A typed name matching one (the second line's city tells which): linked, no JavaScript.
    Organisation.objects.create(name="Garage Lemoine", city="Caen")
    response = client.post(
        url, {"organisation": "create", "organisation_search": "lemoine", "contact": "none"}
    )
    assert response.status_code == 302
    prospect = Prospect.objects.get(pk=world["prospect"].pk)
    assert prospect.converted_organisation.name == "Garage Lemoine"
    assert Organisation.objects.count() == 3
