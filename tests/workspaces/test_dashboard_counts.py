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
