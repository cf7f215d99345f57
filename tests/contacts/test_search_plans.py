"""Search plans hold for every term: the commonest surname, a term that matches nothing, a
short one. Checked with EXPLAIN on seed_demo data, not with timings."""

import random
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts import demo
from contacts.models import Contact
from contacts.selectors import contact_search

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(alpha):
    with alpha:
        demo.seed(rng=random.Random(3), organisations=100, contacts=3000, owners=[])
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE contacts_contact")
        yield Counter(Contact.objects.values_list("last_name", flat=True)).most_common(1)[0][0]


def plan_of_search(term: str) -> str:
    with CaptureQueriesContext(connection) as queries:
        results = contact_search(term=term, limit=11)
    selects = [q["sql"] for q in queries if q["sql"].startswith("SELECT")]
    assert len(selects) == 1  # one query, whatever the term
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + selects[0])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return plan, results


def test_the_commonest_surname_never_walks_the_name_index(alpha, seeded):
    with alpha:
        plan, results = plan_of_search(seeded.lower())
    assert len(results) == 11
    assert results == sorted(results, key=lambda c: (c.last_name, c.first_name, c.pk))
    # The matches come from the trigram indexes, then the few are sorted: the sort index is
    # never walked row by row, and the table is never read whole.
    assert "contact_name_id" not in plan, plan
    assert "Seq Scan on contacts_contact " not in plan.replace("u0", ""), plan
    assert "trgm" in plan, plan


def test_a_short_term_asks_nothing_of_the_database(alpha, seeded):
    with alpha, CaptureQueriesContext(connection) as queries:
        assert contact_search(term="ma", limit=11) == []
    assert not [q for q in queries if q["sql"].startswith("SELECT")]


def test_a_list_search_for_two_letters_says_to_type_more(client_on, alpha, alice, seeded):
    page = client_on(alpha, alice).get("/contacts/", {"q": "zz"}).content.decode()
    assert "3 caractères" in page


def test_the_global_search_for_two_letters_says_to_type_more(client_on, alpha, alice):
    page = client_on(alpha, alice).get("/search/", {"q": "zz"}).content.decode()
    assert "3 caractères" in page
