"""Saved views and the column chooser: personal or shared, tabs, default view, shareable
URLs, a view whose field was deleted, permissions and isolation."""

import pytest

from contacts.models import Contact
from records.custom_field_services import custom_field_create, custom_field_delete
from records.models import ListPreference, SavedView
from records.view_services import saved_view_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def lyon(alpha):
    with alpha:
        Contact.objects.create(last_name="Lyonnais", city="Lyon", email="l@x.fr")
        Contact.objects.create(last_name="Parisien", city="Paris", email="p@x.fr")


def test_a_member_saves_a_view_and_opens_it_from_its_tab(client_on, alpha, mia, lyon):
    client = client_on(alpha, mia)
    response = client.post(
        "/contacts/views/",
        {"name": "Lyonnais", "query": "q=lyon&sort=-email&page=3", "columns": ["name", "city"]},
    )
    assert response.status_code == 302
    with alpha:
        view = SavedView.objects.get(name="Lyonnais")
    assert view.query == "q=lyon&sort=-email" and view.columns == ["name", "city"]
    assert not view.shared and view.owner_id == mia.pk
    assert response["Location"] == f"/contacts/?view={view.pk}"
    page = client.get(response["Location"]).content.decode()
    assert f'href="/contacts/?view={view.pk}" aria-current="page"' in page
    assert "Lyonnais" in page and "Parisien" not in page
    assert "sort=email" not in page  # the view's columns


def test_a_personal_view_is_a_404_for_others_a_shared_one_is_not(
    client_on, alpha, mia, alice, lyon
):
    with alpha:
        mine = saved_view_create(
            object_key="contact", user=mia, name="Perso", query="q=lyon", columns=[]
        )
        shared = saved_view_create(
            object_key="contact", user=mia, name="Commun", query="q=paris", columns=[], shared=True
        )
    admin = client_on(alpha, alice)
    assert admin.get(f"/contacts/?view={mine.pk}").status_code == 404
    assert "Perso" not in admin.get("/contacts/").content.decode()
    page = admin.get(f"/contacts/?view={shared.pk}").content.decode()
    assert "Parisien" in page and "Lyonnais" not in page
    # Another person's personal view cannot be deleted nor made a default either.
    assert admin.post(f"/contacts/views/{mine.pk}/delete/").status_code == 404
    assert admin.post(f"/contacts/views/{mine.pk}/default/").status_code == 404
    # Admins may delete shared views; members only their own.
    assert admin.post(f"/contacts/views/{shared.pk}/delete/").status_code == 302
    with alpha:
        assert not SavedView.objects.filter(pk=shared.pk).exists()
    assert client_on(alpha, mia).get("/contacts/?view=abc").status_code == 404
    assert client_on(alpha, mia).get("/contacts/?view=99999999").status_code == 404


def test_a_viewer_may_keep_personal_views_but_not_share(client_on, alpha, val, lyon):
    client = client_on(alpha, val)
    response = client.post("/contacts/views/", {"name": "À moi", "query": "q=lyon"})
    assert response.status_code == 302
    assert client.post("/contacts/views/", {"name": "Pour tous", "shared": "on"}).status_code == 403
    with alpha:
        assert list(SavedView.objects.values_list("name", flat=True)) == ["À moi"]


def test_the_default_view_opens_first_and_all_stays_reachable(client_on, alpha, mia, lyon):
    client = client_on(alpha, mia)
    client.post("/contacts/views/", {"name": "Lyon", "query": "q=lyon", "default": "on"})
    page = client.get("/contacts/").content.decode()
    assert "Lyonnais" in page and "Parisien" not in page
    page = client.get("/contacts/?view=").content.decode()
    assert "Lyonnais" in page and "Parisien" in page


def test_admins_set_a_shared_view_as_the_workspace_default(client_on, alpha, alice, mia, lyon):
    with alpha:
        view = saved_view_create(
            object_key="contact", user=alice, name="Paris", query="q=paris", columns=[], shared=True
        )
    member = client_on(alpha, mia)
    assert (
        member.post(f"/contacts/views/{view.pk}/default/", {"scope": "workspace"}).status_code
        == 403
    )
    admin = client_on(alpha, alice)
    assert (
        admin.post(f"/contacts/views/{view.pk}/default/", {"scope": "workspace"}).status_code == 302
    )
    page = member.get("/contacts/").content.decode()
    assert "Parisien" in page and "Lyonnais" not in page


def test_a_view_filtering_on_a_deleted_field_opens_without_it_and_says_so(
    client_on, alpha, alice, mia, lyon
):
    with alpha:
        field = custom_field_create(object_key="contact", label="Rang", field_type="integer").field
        view = saved_view_create(
            object_key="contact",
            user=alice,
            name="Rang",
            query=f"{field.form_name}_min=3&sort={field.form_name}",
            columns=["name", field.form_name],
            shared=True,
        )
        custom_field_delete(field=field)
    response = client_on(alpha, mia).get(f"/contacts/?view={view.pk}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Lyonnais" in page and "Parisien" in page
    assert "message--warning" in page


def test_columns_are_remembered_per_person_with_a_workspace_default(
    client_on, alpha, alice, mia, lyon
):
    admin, member = client_on(alpha, alice), client_on(alpha, mia)
    response = admin.post(
        "/contacts/columns/",
        {
            "columns": ["name", "city"],
            "position_city": "1",
            "position_name": "2",
            "scope": "workspace",
        },
    )
    assert response.status_code == 302
    page = member.get("/contacts/").content.decode()
    assert "sort=email" not in page and page.index("sort=city") < page.index("sort=-name")
    member.post("/contacts/columns/", {"columns": ["name", "email"], "next": "/contacts/?q=x"})
    assert "sort=email" in member.get("/contacts/").content.decode()
    assert "sort=email" not in admin.get("/contacts/").content.decode()
    assert (
        member.post("/contacts/columns/", {"scope": "workspace", "columns": ["name"]}).status_code
        == 403
    )
    member.post("/contacts/columns/", {"scope": "reset"})
    assert "sort=email" not in member.get("/contacts/").content.decode()
    # Unknown columns are ignored; none at all is refused.
    member.post("/contacts/columns/", {"columns": ["nope", "\x00"]})
    with alpha:
        assert ListPreference.objects.get(user_id=mia.pk).columns == []


def test_views_stay_in_their_workspace(client_on, alpha, beta, alice, bob):
    with beta:
        foreign = saved_view_create(
            object_key="contact", user=bob, name="B", query="", columns=[], shared=True
        )
    assert client_on(alpha, alice).get(f"/contacts/?view={foreign.pk}").status_code in (200, 404)
    with alpha:
        assert not SavedView.objects.filter(pk=foreign.pk, name="B").exists()
    assert client_on(alpha, bob).post("/contacts/views/", {"name": "x"}).status_code == 404


def test_list_queries_are_bounded_with_views(
    client_on, alpha, mia, lyon, django_assert_max_num_queries
):
    with alpha:
        for number in range(20):
            saved_view_create(
                object_key="contact", user=mia, name=f"V{number}", query="q=lyon", columns=[]
            )
        view = SavedView.objects.first()
    client = client_on(alpha, mia)
    with django_assert_max_num_queries(15):  # the popover's fields come when it opens
        assert client.get(f"/contacts/?view={view.pk}").status_code == 200
