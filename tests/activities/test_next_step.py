"""The next step on the four lists: a column (the next open task) and a filter (planned,
overdue, none), contributed by activities through the registry."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from activities import services
from contacts.models import Contact
from opportunities.models import Opportunity
from organisations.models import Organisation
from prospects.models import Prospect
from tests.opportunities.factories import opportunity
from workspaces.object_settings_services import object_setting_update

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def people(alpha, mia):
    """Late: an overdue task (and a later one). Planned: a task tomorrow and one with no date.
    Idle: only a task done. Nobody: no task."""
    today = timezone.localdate()
    with alpha:
        late, planned, idle, nobody = (
            Contact.objects.create(first_name="A", last_name=name)
            for name in ("Late", "Planned", "Idle", "Nobody")
        )
        services.task_create(author=mia, record=late, title="Relancer <vite>", due=today - DAY)
        services.task_create(author=mia, record=late, title="Ensuite", due=today + DAY)
        services.task_create(author=mia, record=planned, title="Sans date")
        services.task_create(author=mia, record=planned, title="Rappeler", due=today + DAY)
        done = services.task_create(author=mia, record=idle, title="Fait", due=today - DAY)
        services.task_complete(task=done, user=mia)
        services.task_create(author=mia, title="Sur aucune fiche", due=today - DAY)
    return {"late": late, "planned": planned, "idle": idle, "nobody": nobody}


def names(html: str) -> list[str]:
    if "<tbody" not in html:
        return []
    table = html.split("<tbody")[1].split("</tbody>")[0]
    return sorted(n for n in ("Late", "Planned", "Idle", "Nobody") if f"A {n}<" in table)


def row_of(html: str, name: str) -> str:
    return html.split(f"A {name}<")[1].split("</tr>")[0]


def test_the_column_shows_each_record_s_next_open_task(client_on, alpha, mia, people):
    html = client_on(alpha, mia).get("/contacts/").content.decode()
    assert "Prochaine étape" in html.split("<thead")[1].split("</thead>")[0]
    late = row_of(html, "Late")
    assert 'class="next-step next-step--overdue"' in late
    assert "Relancer &lt;vite&gt;" in late and "Ensuite" not in late  # escaped; the soonest
    planned = row_of(html, "Planned")
    assert "Rappeler" in planned and "Sans date" not in planned and "overdue" not in planned
    assert "next-step" not in row_of(html, "Idle") and "next-step" not in row_of(html, "Nobody")


@pytest.mark.parametrize(
    "value, expected",
    [
        ("overdue", ["Late"]),
        ("planned", ["Planned"]),
        ("none", ["Idle", "Nobody"]),
        ("", ["Idle", "Late", "Nobody", "Planned"]),
        ("nonsense", ["Idle", "Late", "Nobody", "Planned"]),  # an unknown choice: a form error
    ],
)
def test_the_filter(client_on, alpha, mia, people, value, expected):
    # An empty value is dropped from the address first (records.filter_chips.clean_list_url).
    response = client_on(alpha, mia).get(f"/contacts/?next_step={value}", follow=True)
    assert response.status_code == 200
    assert names(response.content.decode()) == expected


def test_the_filter_is_a_field_of_the_filter_form(client_on, alpha, mia, people):
    client = client_on(alpha, mia)
    # In the popover's fields (fetched when it opens; the list page carries the value).
    page = client.get("/contacts/?next_step=overdue").content.decode()
    assert '<input type="hidden" name="next_step" value="overdue">' in page
    html = client.get("/contacts/filters/?next_step=overdue", HTTP_HX_REQUEST="true")
    form = html.content.decode().split('name="next_step"')[1].split("</select>")[0]
    assert '<option value="overdue" selected>' in form
    assert "Aucune prochaine étape" in form


def test_on_the_four_lists(client_on, alpha, mia):
    today = timezone.localdate()
    with alpha:
        records = {
            "organisations": Organisation.objects.create(name="Org"),
            "opportunities": opportunity("Affaire"),
            "prospects": Prospect.objects.create(last_name="Prospect"),
        }
        for record in records.values():
            services.task_create(author=mia, record=record, title="Appeler", due=today - DAY)
    client = client_on(alpha, mia)
    for plural in records:
        overdue = client.get(f"/{plural}/?next_step=overdue").content.decode()
        assert "Appeler" in overdue and "next-step--overdue" in overdue, plural
        none = client.get(f"/{plural}/?next_step=none").content.decode()
        assert "Appeler" not in none, plural
    with alpha:
        assert Opportunity.objects.count() == 1


def test_the_column_is_one_subquery_of_the_page_s_rows(
    client_on, alpha, mia, django_assert_max_num_queries
):
    today = timezone.localdate()
    with alpha:
        contacts = Contact.objects.bulk_create(
            Contact(first_name="P", last_name=f"{i:03}") for i in range(120)
        )
        for contact in contacts[:60]:
            services.task_create(author=mia, record=contact, title="T", due=today)
    client = client_on(alpha, mia)
    client.get("/contacts/")
    # As many queries as without the column (tests/organisations/test_views.py: 19).
    with django_assert_max_num_queries(19):
        html = client.get("/contacts/").content.decode()
    assert html.count('class="next-step"') == 50
    with CaptureQueriesContext(connection) as captured:
        client.get("/contacts/?next_step=planned&page=2")
    page_reads = [q["sql"] for q in captured if '"next_task"' in q["sql"]]
    assert len(page_reads) == 1 and '"contacts_contact"."id" IN (' in page_reads[0]
    with django_assert_max_num_queries(19):
        assert names(client.get("/contacts/?next_step=overdue").content.decode()) == []


def test_a_hidden_column_costs_nothing(client_on, alpha, mia, people):
    client = client_on(alpha, mia)
    response = client.post("/contacts/columns/", {"columns": ["name", "email"], "scope": "me"})
    assert response.status_code in (200, 302)
    with CaptureQueriesContext(connection) as captured:
        html = client.get("/contacts/").content.decode()
    assert "Prochaine étape" not in html.split("<thead")[1].split("</thead>")[0]
    assert not [q for q in captured if '"next_task"' in q["sql"]]


def test_a_disabled_object_keeps_its_list_gone(client_on, alpha, mia, people):
    object_setting_update(workspace=alpha, key="contact", enabled=False)
    assert client_on(alpha, mia).get("/contacts/?next_step=overdue").status_code == 404


def _page_names(html: str) -> list[str]:
    table = html.split("<tbody")[1].split("</tbody>")[0]
    return [cell.split("<")[0] for cell in table.split(">P ")[1:]]


@pytest.mark.parametrize("few_rows", [2000, 10])  # read by the probe, then by the deferred join
def test_sorting_by_next_step_pages_soonest_first_and_nobody_last(
    client_on, alpha, mia, monkeypatch, few_rows
):
    from records import paging

    monkeypatch.setattr(paging, "FEW_ROWS", few_rows)
    today = timezone.localdate()
    with alpha:
        # 60 contacts with a dated open task (due in 59-i days), 10 with an undated one, 50
        # with none (one of them with a task done): 120 rows, three pages of 50.
        contacts = Contact.objects.bulk_create(
            Contact(first_name="P", last_name=f"{i:03}") for i in range(120)
        )
        for i, contact in enumerate(contacts[:60]):
            services.task_create(author=mia, record=contact, title="T", due=today + (59 - i) * DAY)
        for contact in contacts[60:70]:
            services.task_create(author=mia, record=contact, title="Sans date")
        done = services.task_create(author=mia, record=contacts[70], title="F", due=today)
        services.task_complete(task=done, user=mia)
    client = client_on(alpha, mia)
    html = client.get("/contacts/").content.decode()
    header = html.split("<thead")[1].split("</thead>")[0]
    assert "sort=next_step" in header  # the column's header sorts
    pages = [
        _page_names(client.get(f"/contacts/?sort=next_step&page={n}").content.decode())
        for n in (1, 2, 3)
    ]
    assert pages[0] == [f"{i:03}" for i in range(59, 9, -1)]  # soonest due first
    assert pages[1][:10] == [f"{i:03}" for i in range(9, -1, -1)]
    assert pages[1][10:20] == [f"{i:03}" for i in range(60, 70)]  # undated, after every date
    assert sorted(pages[1][20:] + pages[2]) == [f"{i:03}" for i in range(70, 120)]
    assert len(pages[1] + pages[2]) == 70  # nothing twice, nothing lost across pages
    descending = _page_names(client.get("/contacts/?sort=-next_step").content.decode())
    assert descending[:10] == [f"{i:03}" for i in range(69, 59, -1)]
    assert descending[10:50] == [f"{i:03}" for i in range(40)]
    second = _page_names(client.get("/contacts/?sort=-next_step&page=2").content.decode())
    assert second[:20] == [f"{i:03}" for i in range(40, 60)]
    third = _page_names(client.get("/contacts/?sort=-next_step&page=3").content.decode())
    assert sorted(second[20:] + third) == [f"{i:03}" for i in range(70, 120)]  # still last


def test_sorting_by_next_step_on_the_four_lists(client_on, alpha, mia):
    today = timezone.localdate()
    with alpha:
        records = {
            "organisations": [Organisation.objects.create(name=f"Org {i}") for i in range(2)],
            "opportunities": [opportunity(f"Affaire {i}") for i in range(2)],
            "prospects": [Prospect.objects.create(last_name=f"Prospect {i}") for i in range(2)],
        }
        for _first, second in records.values():
            services.task_create(author=mia, record=second, title="Appeler", due=today)
    client = client_on(alpha, mia)
    for plural, (first, second) in records.items():
        html = client.get(f"/{plural}/?sort=next_step").content.decode()
        assert html.index(str(second)) < html.index(str(first)), plural
