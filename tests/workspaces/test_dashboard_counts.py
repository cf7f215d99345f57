"""The dashboard counts organisations and contacts, under the workspace's names."""

import pytest

from contacts.models import Contact
from organisations.models import Organisation
from workspaces.models import ObjectSetting

pytestmark = pytest.mark.django_db


def test_dashboard_counts_the_contact_base_under_the_workspace_names(client_on, alpha, alice):
    with alpha:
        Organisation.objects.create(name="Atelier Un")
        Organisation.objects.create(name="Atelier Deux")
        Contact.objects.create(first_name="Inès", last_name="Roy")
    ObjectSetting.objects.create(
        workspace=alpha, object="organisation", singular="Association", plural="Associations",
        gender="f",
    )  # fmt: skip
    page = client_on(alpha, alice).get("/").content.decode()
    organisations = page.split('<a class="stat" href="/organisations/">')[1].split("</a>")[0]
    assert '<span class="stat__value">2</span>' in organisations
    assert "Toutes les associations" in organisations
    contacts = page.split('<a class="stat" href="/contacts/">')[1].split("</a>")[0]
    assert '<span class="stat__value">1</span>' in contacts


def test_a_disabled_object_has_no_figure(client_on, alpha, alice):
    ObjectSetting.objects.create(workspace=alpha, object="organisation", enabled=False)
    page = client_on(alpha, alice).get("/").content.decode()
    assert 'data-object="organisation"' not in page
    assert 'data-object="contact"' in page


def _stat(page: str, href: str) -> str:
    tile = page.split(f'<a class="stat" href="{href}')[1].split("</a>")[0]
    return tile.split('class="stat__value">')[1].split("<")[0]


def test_beyond_the_exact_bound_counts_are_estimates_as_on_the_lists(
    client_on, alpha, alice, monkeypatch, django_assert_max_num_queries
):
    """Up to EXACT_COUNT a figure is exact; beyond, the planner's estimate, « environ … », as
    the list behind it says; no query counts every row. A change shows at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from prospects.models import Prospect, Status
    from records import paging

    with alpha:
        Contact.objects.bulk_create(Contact(last_name=f"C{i}") for i in range(30))
        Prospect.objects.bulk_create(
            Prospect(last_name=f"P{i}", status=Status.NEW if i % 3 else Status.CONTACTED)
            for i in range(30)
        )
        Organisation.objects.create(name="Seule")
        connection.cursor().execute("ANALYZE contacts_contact, prospects_prospect")
    client = client_on(alpha, alice)
    page = client.get("/").content.decode()
    assert _stat(page, "/contacts/") == "30"
    assert _stat(page, "/prospects/?status=new&amp;status=contacted") == "30"
    monkeypatch.setattr(paging, "EXACT_COUNT", 15)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/").content.decode()
    assert _stat(page, "/contacts/") == "environ 30"
    assert _stat(page, "/organisations/") == "1"
    assert _stat(page, "/prospects/?status=new&amp;status=contacted") == "environ 30"
    waiting = page.split('data-panel="prospects-waiting"')[1].split("</section>")[0]
    assert "environ 30 à qualifier" in waiting and "environ 20 nouveaux" in waiting
    assert "10 contactés" in waiting
    counts = [
        q["sql"]
        for q in queries
        if "COUNT(" in q["sql"].upper()
        and ('FROM "contacts_contact"' in q["sql"] or 'FROM "prospects_prospect"' in q["sql"])
    ]
    # Each count reads at most EXACT_COUNT + 1 rows: none over all contacts or prospects.
    assert len(counts) == 2 and all(
        sql.count("LIMIT 16") == sql.upper().count("COUNT(") for sql in counts
    )
    with alpha:
        Contact.objects.create(last_name="Nouveau")
    monkeypatch.setattr(paging, "EXACT_COUNT", 100)
    assert _stat(client.get("/").content.decode(), "/contacts/") == "31"
