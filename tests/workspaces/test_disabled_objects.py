"""Every object × every place it appears: switched off it disappears, switched on it comes back.

The matrix is tests/disabled_objects.py; object apps add their own places (form fields on other
objects, list columns, filters, detail links, search results) in their own tests with it.
"""

import pytest

from tests.disabled_objects import (
    app_urls,
    check_disabling,
    dashboard_figures,
    list_url,
    menu_entry,
    standard_places,
)
from workspaces.object_settings import OBJECT_KEYS
from workspaces.object_settings_services import object_setting_update

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("key", OBJECT_KEYS)
def test_switching_an_object_off_hides_it_everywhere_and_on_brings_it_back(
    client_on, alpha, alice, key
):
    check_disabling(workspace=alpha, key=key, client=client_on(alpha, alice))


@pytest.mark.parametrize("key", OBJECT_KEYS)
def test_every_url_of_a_disabled_object_answers_404_to_every_role(
    client_on, alpha, alice, mia, val, key
):
    object_setting_update(workspace=alpha, key=key, enabled=False)
    for person in (alice, mia, val):
        client = client_on(alpha, person)
        for name, path, _real in app_urls(key):
            response = client.get(path)
            if response.status_code == 405:
                response = client.post(path)
            assert response.status_code == 404, (person, name, path, response.status_code)


@pytest.mark.parametrize("key", OBJECT_KEYS)
def test_the_matrix_covers_the_menu_of_every_object_with_a_list(key):
    names = {place.name for place in standard_places(key)}
    if list_url(key) is not None:
        assert menu_entry(key).name in names


@pytest.mark.parametrize("key", OBJECT_KEYS)
def test_the_matrix_covers_each_apps_urls(key):
    urls = app_urls(key)
    if list_url(key) is not None:
        assert ("list", list_url(key), True) in urls


def test_disabling_one_object_leaves_the_others(client_on, alpha, alice):
    object_setting_update(workspace=alpha, key="prospect", enabled=False)
    client = client_on(alpha, alice)
    for key in OBJECT_KEYS:
        if key != "prospect" and list_url(key):
            assert menu_entry(key).shows(client), key


def test_disabling_is_per_workspace(client_on, alpha, beta, alice, bob):
    object_setting_update(workspace=alpha, key="prospect", enabled=False)
    if list_url("prospect"):
        assert menu_entry("prospect").shows(client_on(beta, bob))
        assert client_on(beta, bob).get(list_url("prospect")).status_code == 200


def test_dashboard_figures_only_for_enabled_objects(client_on, alpha, alice):
    client = client_on(alpha, alice)
    for key in OBJECT_KEYS:
        object_setting_update(workspace=alpha, key=key, enabled=False)
    page = client.get("/").content.decode()
    assert "data-dashboard-object" not in page
    for key in OBJECT_KEYS:
        object_setting_update(workspace=alpha, key=key, enabled=True)
    contributing = [
        k for k in OBJECT_KEYS if dashboard_figures(k).name in {p.name for p in standard_places(k)}
    ]
    assert contributing  # opportunities and prospects contribute figures today
    for key in contributing:
        assert dashboard_figures(key).shows(client), key


def test_a_disabled_organisation_disappears_from_contacts_and_search(client_on, alpha, alice):
    from contacts.models import Contact
    from organisations.models import Organisation
    from tests.disabled_objects import form_field, page_contains, search_results

    with alpha:
        acme = Organisation.objects.create(name="Acmeorg")
        ada = Contact.objects.create(first_name="Ada", last_name="Lovelace", organisation=acme)
    link = f'href="/organisations/{acme.pk}/"'
    check_disabling(
        workspace=alpha,
        key="organisation",
        client=client_on(alpha, alice),
        places=[
            form_field("contact form: organisation field", "/contacts/new/", "organisation"),
            page_contains("contact page: link to the organisation", f"/contacts/{ada.pk}/", link),
            page_contains("contact list: organisation column", "/contacts/", link),
            search_results("organisation", "Acmeorg", link),
        ],
        ids={"pk": acme.pk},
    )
    with alpha:
        assert Contact.objects.get(pk=ada.pk).organisation_id == acme.pk  # the link is kept
