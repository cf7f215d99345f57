"""Lists count exactly up to a bound, then estimate; pages keep their place and order."""

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
    client = client_on(alpha, alice)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/contacts/").content.decode()
    assert "Environ" in page
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT 21" in sql for sql in counts)


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
