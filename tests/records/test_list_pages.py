"""The shared list pages (records.pages) through HTTP: URLs without empty parameters, filter
chips, localised values (French and English), pagination anchors, cards' cell roles, the bulk
bar, and the record preview (404s, query count)."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from activities.models import Task
from contacts.models import Contact
from labels.models import Label
from opportunities.models import Opportunity, Workflow
from organisations.models import Organisation
from prospects.models import Prospect
from records.filter_chips import clean_list_url
from records.models import SavedView
from records.phones import phone_display

pytestmark = pytest.mark.django_db


@pytest.fixture
def book(alpha):
    with alpha:
        org = Organisation.objects.create(name="Dupont <SAS>", city="Lyon", phone="+33478123456")
        vip = Label.objects.create(name="VIP <b>", colour="red")
        elise = Contact.objects.create(
            first_name="Élise",
            last_name="Müller",
            email="elise@dupont.fr",
            phone="0123456789",
            organisation=org,
        )
        elise.labels.add(vip)
        Contact.objects.filter(pk=elise.pk).update(
            updated=timezone.make_aware(datetime.datetime(2026, 5, 31, 12))
        )
        paul = Contact.objects.create(first_name="Paul", last_name="Martin", phone="+33 6 12 34")
        stage = Workflow.objects.get(is_default=True).stages.order_by("position").first()
        deal = Opportunity.objects.create(
            title="Refonte",
            workflow=stage.workflow,
            stage=stage,
            amount=Decimal("1602900"),
            organisation=org,
        )
    return {"org": org, "vip": vip, "elise": elise, "paul": paul, "deal": deal}


# --- URLs without empty parameters -------------------------------------------------------------


def test_empty_parameters_are_redirected_away(client_on, alpha, alice, book):
    client = client_on(alpha, alice)
    response = client.get("/contacts/?q=muller&owner=&label=&created_after=&sort=")
    assert response.status_code == 302
    assert response["Location"] == "/contacts/?q=muller"
    # Nothing left: the list without its default view, as the empty form meant.
    response = client.get("/contacts/?q=&owner=&label=&sort=")
    assert response.status_code == 302 and response["Location"] == "/contacts/?view="
    # One empty value among several is dropped, the others kept.
    pk = book["vip"].pk
    response = client.get(f"/contacts/?label=&label={pk}")
    assert response["Location"] == f"/contacts/?label={pk}"
    # HTMX follows the redirect and pushes the clean URL (htmx reads the response URL).
    response = client.get("/contacts/?q=muller&owner=", HTTP_HX_REQUEST="true")
    assert response.status_code == 302 and response["Location"] == "/contacts/?q=muller"
    # Clean URLs are served at once.
    assert client.get("/contacts/?q=muller").status_code == 200
    assert client.get("/contacts/?view=").status_code == 200


def test_an_empty_parameter_that_overrides_a_saved_view_stays(client_on, alpha, alice, book):
    with alpha:
        view = SavedView.objects.create(
            object_key="contact", owner_id=alice.pk, name="VIP", query=f"label={book['vip'].pk}"
        )
    client = client_on(alpha, alice)
    response = client.get(f"/contacts/?view={view.pk}&label=&owner=")
    assert response.status_code == 302
    assert response["Location"] == f"/contacts/?view={view.pk}&label="
    page = client.get(response["Location"]).content.decode()
    assert "Martin" in page  # the view's label filter is off


def test_the_board_drops_empty_parameters_too(client_on, alpha, alice, book):
    client = client_on(alpha, alice)
    response = client.get("/opportunities/board/?q=&owner=&label=")
    workflow = Workflow.objects.get(is_default=True)
    assert response.status_code == 302
    assert response["Location"] == "/opportunities/board/"
    response = client.get(f"/opportunities/board/{workflow.pk}/?q=refonte&owner=")
    assert response["Location"] == f"/opportunities/board/{workflow.pk}/?q=refonte"


def test_clean_list_url_rules():
    from django.http import QueryDict

    assert clean_list_url(QueryDict("q=a&page=2"), view_query=None, path="/x/") is None
    assert clean_list_url(QueryDict("q=&page=2"), view_query=None, path="/x/") == "/x/?page=2"
    assert clean_list_url(QueryDict("view=&q=a"), view_query=None, path="/x/") == "/x/?q=a"
    assert clean_list_url(QueryDict("q=%20"), view_query=None, path="/x/") == "/x/?view="
    assert clean_list_url(QueryDict("q="), view_query=None, path="/x/", keep_view=False) == "/x/"


# --- chips and the filter popover --------------------------------------------------------------


def test_active_filters_show_as_chips_that_remove_them(client_on, alpha, alice, book):
    client = client_on(alpha, alice)
    pk = book["vip"].pk
    page = client.get(
        f"/contacts/?q=muller&label={pk}&updated_after=2026-05-01&updated_before=2026-05-31"
    ).content.decode()
    chips = re.findall(r'<a class="filter-chip" href="([^"]*)">(.*?)</a>', page)
    texts = [re.sub(r"<[^>]+>", "", text).replace("Retirer le filtre ", "") for _, text in chips]
    assert texts == [
        "Recherche : muller×",
        "Étiquettes : VIP &lt;b&gt;×",  # a workspace's label name, escaped
        "Modifié le : du 01/05/2026 au 31/05/2026×",
    ]
    hrefs = [href.replace("&amp;", "&") for href, _ in chips]
    assert hrefs[0] == f"/contacts/?label={pk}&updated_after=2026-05-01&updated_before=2026-05-31"
    assert hrefs[1] == "/contacts/?q=muller&updated_after=2026-05-01&updated_before=2026-05-31"
    assert hrefs[2] == f"/contacts/?q=muller&label={pk}"
    assert "Tout effacer" in page
    # Removing the last filter leaves the list, not its default view.
    only = client.get("/contacts/?q=muller").content.decode()
    assert '<a class="filter-chip" href="/contacts/?view=">' in only
    # No filter, no chip.
    assert "filter-chip" not in client.get("/contacts/").content.decode()


def test_chips_in_english_and_for_ranges(client_on, alpha, alice, book):
    client = client_on(alpha, alice)
    page = client.get(
        "/opportunities/?amount_min=1000&created_after=2026-05-01", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Amount (€): at least 1,000" in page
    assert "Created: since 05/01/2026" in page


def test_the_filters_are_a_popover_with_labelled_range_inputs(client_on, alpha, alice, book):
    client = client_on(alpha, alice)
    page = client.get("/opportunities/").content.decode()
    assert '<details class="filter-popover"' in page and "Ajouter un filtre" in page
    # The top bar's, the phone menu's and this one, each named.
    assert page.count('role="search"') == 3
    assert 'role="search"\n      aria-label="Filtrer la liste"' in page
    # Its fields come when it first opens (RecordPages.filters_view).
    page = client.get("/opportunities/filters/", HTTP_HX_REQUEST="true").content.decode()
    for name in ["amount_min", "amount_max", "created_after", "created_before"]:
        # Every half of a range sits in its own <label>.
        assert re.search(
            r'<label class="range__half"><span class="range__label">[^<]+</span><input[^>]*name="'
            + name
            + '"',
            page,
        ), name
    assert '<span class="range__label">du</span>' in page
    assert '<span class="range__label">min</span>' in page


def test_the_popover_fields_are_fetched_when_it_opens(client_on, alpha, alice, book):
    """A list page renders no filter widget: the popover fetches them when it first opens;
    until then the filters in use ride in hidden inputs, so a search keeps them."""
    client = client_on(alpha, alice)
    with alpha:
        pk = Label.objects.create(name="VIP", colour="red").pk
    query = f"label={pk}&created_after=2026-05-01&q=mul&sort=-updated"
    page = client.get(f"/contacts/?{query}").content.decode()
    assert "label-picker" not in page and 'id="id_created_0"' not in page
    assert re.search(r'<details class="filter-popover" id="filter-popover">', page)
    fields = re.search(
        r'<div class="filter-popover__fields" id="filter-fields"([^>]*)>(.*?)</div>', page, re.S
    )
    attributes, inside = fields.groups()
    url = f"/contacts/filters/?{query}".replace("&", "&amp;")
    assert (
        f'hx-get="{url}"' in attributes
        and 'hx-trigger="toggle once from:#filter-popover"' in attributes
    )
    # Not the form's target (#results) nor its URL push: they would be inherited.
    assert 'hx-target="this"' in attributes and 'hx-push-url="false"' in attributes
    hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', inside)
    assert hidden == [("label", str(pk)), ("created_after", "2026-05-01")]  # not q, not sort
    assert f'<a href="{url}">' in inside  # without JavaScript: the list with the popover open
    # The fields, filled in (HTMX).
    fragment = client.get(f"/contacts/filters/?{query}", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div class="filter-popover__fields" id="filter-fields">')
    assert re.search(rf'<input type="checkbox" name="label" value="{pk}"[^>]* checked>', fragment)
    assert re.search(r'<input [^>]*name="created_after" value="2026-05-01"', fragment)
    assert "<html" not in fragment and 'name="q"' not in fragment
    # Without JavaScript: the whole list, the popover open with its fields.
    page = client.get(f"/contacts/filters/?{query}").content.decode()
    assert '<details class="filter-popover" id="filter-popover" open>' in page
    assert re.search(rf'<input type="checkbox" name="label" value="{pk}"[^>]* checked>', page)
    assert 'class="results__count"' in page  # the list is there too
    # A filter the form refuses opens the popover on its errors.
    page = client.get("/contacts/?created_after=2026-99-99").content.decode()
    assert '<details class="filter-popover" id="filter-popover" open>' in page
    assert 'name="created_after"' in page


def test_the_popover_fields_cost_the_list_nothing(
    client_on, alpha, alice, book, django_assert_max_num_queries
):
    client = client_on(alpha, alice)
    client.get("/contacts/")
    with django_assert_max_num_queries(11):
        client.get("/contacts/filters/", HTTP_HX_REQUEST="true")


# --- localised values --------------------------------------------------------------------------


def test_lists_show_localised_dates_phones_and_amounts(client_on, alpha, alice, book):
    client = client_on(alpha, alice)
    french = client.get("/contacts/").content.decode()
    assert '<a class="nowrap" href="tel:0123456789">01 23 45 67 89</a>' in french
    assert '<time class="nowrap" datetime="2026-05-31">31/05/2026</time>' in french
    assert ">+33 6 12 34<" in french  # not a full French number: as typed
    english = client.get("/contacts/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<time class="nowrap" datetime="2026-05-31">05/31/2026</time>' in english
    organisations = client.get("/organisations/").content.decode()
    assert ">+33 4 78 12 34 56</a>" in organisations
    deals = client.get("/opportunities/").content.decode()
    assert re.search(r'<span class="amount">1\s602\s900\s€</span>', deals)
    deals = client.get("/opportunities/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<span class="amount">€1,602,900</span>' in deals


def test_record_pages_format_phones_and_exports_keep_them_raw(client_on, alpha, alice, book):
    client = client_on(alpha, alice)
    page = client.get(f"/contacts/{book['elise'].pk}/").content.decode()
    assert ">01 23 45 67 89</a>" in page
    with alpha:
        prospect = Prospect.objects.create(first_name="Léa", last_name="Roy", phone="0612345678")
    assert ">06 12 34 56 78</a>" in client.get(f"/prospects/{prospect.pk}/").content.decode()
    export = client.get("/contacts/export/")
    content = b"".join(export.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert any("0123456789" in row for row in rows)


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("0123456789", "01 23 45 67 89"),
        ("01.23.45.67.89", "01 23 45 67 89"),
        ("+33123456789", "+33 1 23 45 67 89"),
        ("+33 (0)6 12 34 56 78", "+33 6 12 34 56 78"),
        ("0033612345678", "+33 6 12 34 56 78"),
        ("+44 20 7946 0958", "+44 20 7946 0958"),
        ("3615", "3615"),
        ("", ""),
    ],
)
def test_phone_display(typed, shown):
    assert phone_display(typed) == shown


# --- pagination, cards, bulk bar ---------------------------------------------------------------


def test_pagination_lands_at_the_top_of_the_list_and_keeps_the_sort(client_on, alpha, alice):
    with alpha:
        Contact.objects.bulk_create(
            [Contact(first_name="P", last_name=f"N{n:03d}") for n in range(60)]
        )
    page = client_on(alpha, alice).get("/contacts/?sort=-name").content.decode()
    assert 'href="?sort=-name&amp;page=2#results"' in page
    assert 'hx-get="?sort=-name&amp;page=2"' in page
    assert 'hx-swap="outerHTML show:#results:top"' in page
    assert '<div id="results" class="results" tabindex="-1">' in page


def test_rows_carry_their_card_roles(client_on, alpha, alice, book):
    page = client_on(alpha, alice).get("/contacts/").content.decode()
    row = page[page.index("<tbody>") : page.index("</tbody>")]
    roles = re.findall(r'<td class="cell(?:--select| cell--(\w+))"', row.split("</tr>")[0])
    # Select box, the name as title, three key facts, then the labels; the rest (the city, the
    # update date, the next step) on wide screens.
    assert roles == ["", "title", "key", "key", "key", "more", "labels", "more", "more"]


def test_the_prospect_list_has_one_bulk_bar(client_on, alpha, alice):
    with alpha:
        Prospect.objects.create(first_name="Léa", last_name="Roy", company_name="Roy")
    page = client_on(alpha, alice).get("/prospects/").content.decode()
    assert page.count('<div class="bulk">') == 1
    assert page.count('id="bulk-action"') == 1
    assert 'data-actions="set_status ">' in page
    assert 'data-actions="add_label remove_label ">' in page


def test_list_query_count_does_not_grow_with_rows(
    client_on, alpha, alice, book, django_assert_max_num_queries
):
    client = client_on(alpha, alice)
    pk = book["vip"].pk
    with django_assert_max_num_queries(17):  # the popover's fields come when it opens
        client.get(f"/contacts/?label={pk}&q=mull&updated_after=2026-01-01")
    with alpha:
        for n in range(40):
            contact = Contact.objects.create(first_name="Élise", last_name=f"Müller{n}")
            contact.labels.add(book["vip"])
    # The same with 41 rows (the object settings are kept while unchanged: no more query).
    with django_assert_max_num_queries(16):
        page = client.get(f"/contacts/?label={pk}&q=mull&updated_after=2026-01-01")
    assert page.content.decode().count("<tr>") == 41 + 1


# --- the record preview ------------------------------------------------------------------------


def test_the_preview_shows_fields_labels_and_next_tasks(
    client_on, alpha, alice, book, django_assert_max_num_queries
):
    elise = book["elise"]
    with alpha:
        Task.objects.create(title="Rappeler <Élise>", contact=elise, due=datetime.date(2026, 6, 2))
    client = client_on(alpha, alice)
    with django_assert_max_num_queries(14):
        response = client.get(f"/contacts/{elise.pk}/preview/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert '<h2 class="preview__title" id="preview-title">Élise Müller</h2>' in html
    assert ">01 23 45 67 89</a>" in html
    assert "Dupont &lt;SAS&gt;" in html and "VIP &lt;b&gt;" in html
    assert "Rappeler &lt;Élise&gt;" in html and "02/06/2026" in html
    assert f'href="/contacts/{elise.pk}/">Ouvrir la fiche</a>' in html
    deal = client.get(f"/opportunities/{book['deal'].pk}/preview/").content.decode()
    assert "Refonte" in deal and "Aucune tâche en cours." in deal


def test_the_preview_of_an_unknown_or_foreign_record_is_404(client_on, alpha, beta, alice, bob):
    with beta:
        theirs = Contact.objects.create(pk=900731, first_name="Beta", last_name="Only")
    assert client_on(alpha, alice).get(f"/contacts/{theirs.pk}/preview/").status_code == 404
    assert client_on(alpha, alice).get("/contacts/0/preview/").status_code == 404
    assert client_on(alpha, bob).get("/contacts/1/preview/").status_code == 404
    assert client_on(beta, bob).get(f"/contacts/{theirs.pk}/preview/").status_code == 200


def test_the_list_links_its_preview_panel(client_on, alpha, alice, book):
    page = client_on(alpha, alice).get("/contacts/").content.decode()
    assert '<table class="records records--cards" data-preview-base="/contacts/">' in page
    assert '<aside class="preview" id="preview"' in page and "js/lists" in page
