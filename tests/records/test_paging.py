"""Lists count exactly up to a bound, then estimate; pages keep their place and order."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import Contact
from records import paging

pytestmark = pytest.mark.django_db


@pytest.fixture
def contacts(alpha):
    with alpha:
        Contact.objects.bulk_create(
            Contact(first_name=f"Ada{i:03}", last_name="Martin") for i in range(60)
        )


def test_beyond_the_bound_the_total_is_an_estimate_and_no_query_counts_every_row(
    client_on, alpha, alice, contacts, monkeypatch
):
    monkeypatch.setattr(paging, "FEW_ROWS", 10)
    monkeypatch.setattr(paging, "EXACT_COUNT", 20)
    with alpha, connection.cursor() as cursor:
        cursor.execute("ANALYZE contacts_contact")  # its statistics: 60 rows
    client = client_on(alpha, alice)
    # A filter (all 60 were created since 2000): counted up to the bound, then estimated.
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/contacts/?created_after=2000-01-01").content.decode()
    assert "Environ" in page
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT 21" in sql for sql in counts)
    # The whole table, beyond the bound by its statistics: they answer, no row is counted.
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/contacts/").content.decode()
    assert "Environ 60" in page
    counting = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert len(counting) == 1 and "reltuples" in counting[0]
    with alpha, connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT TEXT) {counting[0]}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Aggregate" in plan and "(never executed)" in plan.split("Aggregate")[1].split("\n")[0]


def searches(queries) -> list[str]:
    """The queries that look for the term in the contacts (their trigram search)."""
    return [q["sql"] for q in queries if "LIKE" in q["sql"] and "contacts_contact" in q["sql"]]


def test_a_search_counts_its_matches_in_the_query_that_sorts_them(
    client_on, alpha, alice, contacts, monkeypatch
):
    """Beyond FEW_ROWS a search still looks for its term once: the query that sorts the
    matches for the first pages counts them (exactly, whatever their number)."""
    monkeypatch.setattr(paging, "FEW_ROWS", 55)
    monkeypatch.setattr(paging, "EXACT_COUNT", 20)
    client = client_on(alpha, alice)
    with CaptureQueriesContext(connection) as queries:
        first = client.get("/contacts/?q=martin").content.decode()
    assert "60 résultats" in first and "Environ" not in first
    assert len(searches(queries)) == 1
    names = lambda page: list(dict.fromkeys(re.findall(r"Ada\d{3}", page)))  # noqa: E731
    assert names(first) == [f"Ada{i:03}" for i in range(50)]
    # Page 2 ends beyond the 56 ids probed: its ids are read by a query of their own.
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/contacts/?q=martin&page=2").content.decode()
    assert len(searches(queries)) == 2
    assert names(second) == [f"Ada{i:03}" for i in range(50, 60)]


def test_under_the_bound_the_total_is_exact(client_on, alpha, alice, contacts, monkeypatch):
    monkeypatch.setattr(paging, "FEW_ROWS", 10)
    page = client_on(alpha, alice).get("/contacts/").content.decode()
    assert "60 résultats" in page


def test_pages_follow_the_sort_whatever_the_strategy(
    client_on, alpha, alice, contacts, monkeypatch
):
    client = client_on(alpha, alice)
    few = client.get("/contacts/", {"page": 2}).content.decode()
    monkeypatch.setattr(paging, "FEW_ROWS", 10)
    deferred = client.get("/contacts/", {"page": 2}).content.decode()
    for page in (few, deferred):
        assert "Ada050" in page and "Ada049" not in page


def next_link(page: str, rel: str) -> str:
    """The href of the pagination's link `rel` ("next", "prev")."""
    link = re.search(rf'href="([^"#]+)#results"[^>]*rel="{rel}"', page)
    return html.unescape(link.group(1))


@pytest.mark.parametrize("sort", ["", "-name", "email", "-updated"])
def test_next_and_previous_start_from_the_last_row_without_an_offset(
    client_on, alpha, alice, contacts, monkeypatch, sort
):
    """Keyset pages (records.paging.Keyset): the links carry the page's last (first) row."""
    monkeypatch.setattr(paging, "FEW_ROWS", 10)
    client = client_on(alpha, alice)
    query = {"sort": sort} if sort else {}
    by_offset = [client.get("/contacts/", {**query, "page": n}).content.decode() for n in (1, 2)]
    link = next_link(by_offset[0], "next")
    assert "after=" in link and "page=2" in link
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/contacts/" + link).content.decode()
    assert not any("OFFSET" in q["sql"] for q in queries if "contacts_contact" in q["sql"])
    names = lambda page: re.findall(r"Ada\d{3}", page)  # noqa: E731
    assert names(second) == names(by_offset[1]) and len(set(names(second))) == 10
    back = client.get("/contacts/" + next_link(second, "prev")).content.decode()
    assert names(back) == names(by_offset[0])


def test_a_cursor_that_does_not_fit_is_ignored(client_on, alpha, alice, contacts, monkeypatch):
    monkeypatch.setattr(paging, "FEW_ROWS", 10)
    client = client_on(alpha, alice)
    link = next_link(client.get("/contacts/").content.decode(), "next")
    cursor = link.split("after=")[1].split("&")[0]
    expected = re.findall(r"Ada\d{3}", client.get("/contacts/?page=2&sort=email").content.decode())
    other_sort = client.get(f"/contacts/?page=2&sort=email&after={cursor}").content.decode()
    assert re.findall(r"Ada\d{3}", other_sort) == expected
    for garbage in ["x", "%00", "eyJ9", "W10", "a" * 5000]:
        assert client.get(f"/contacts/?page=2&after={garbage}").status_code == 200
        assert client.get(f"/contacts/?page=2&before={garbage}").status_code == 200


def test_a_global_search_sorts_a_bounded_number_of_candidates(alpha, contacts, monkeypatch):
    """A common term: at most CANDIDATES matches are read (unsorted, from the trigram
    indexes), then the first few of those in order, in one query."""
    from contacts.selectors import contact_search

    monkeypatch.setattr(paging, "CANDIDATES", 5)
    with alpha, CaptureQueriesContext(connection) as queries:
        found = contact_search(term="martin", limit=3)
    assert len(found) == 3 and found == sorted(found, key=lambda c: (c.first_name, c.pk))
    selects = [q["sql"] for q in queries if q["sql"].startswith("SELECT")]
    assert len(selects) == 1 and "LIMIT 5" in selects[0]


def test_an_estimate_can_be_counted_exactly_on_demand(
    client_on, alpha, alice, contacts, monkeypatch
):
    """« Count exactly » next to an estimate: the same list, counted whole (no LIMIT), with
    or without JavaScript; the links of that page do not count again."""
    monkeypatch.setattr(paging, "EXACT_COUNT", 20)
    with alpha, connection.cursor() as cursor:
        cursor.execute("ANALYZE contacts_contact")
    client = client_on(alpha, alice)
    page = client.get("/contacts/?sort=email").content.decode()
    assert "Environ 60" in page
    link = html.unescape(re.search(r'class="results__exact" href="([^"#]+)', page).group(1))
    assert link == "/contacts/?sort=email&count=exact"
    with CaptureQueriesContext(connection) as queries:
        exact = client.get(link).content.decode()
    assert "60 résultats" in exact and "Environ" not in exact
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1 and "LIMIT" not in counts[0]
    assert "count=exact" not in next_link(exact, "next")
    fragment = client.get(link, headers={"HX-Request": "true"}).content.decode()
    assert "60 résultats" in fragment and "<html" not in fragment
