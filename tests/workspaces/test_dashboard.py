"""The dashboard collects figures registered by the apps of enabled objects only."""

import pytest

from organisations.models import Organisation
from workspaces.object_settings import OBJECT_KEYS, object_settings_for
from workspaces.object_settings_services import object_setting_update
from workspaces.registry import registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_modules(monkeypatch, alpha):
    """Every object app contributes one figure, and records that it was asked (in a workspace
    that has a record: an empty one shows its first steps instead)."""
    asked = []
    with alpha:
        Organisation.objects.create(name="Acme")

    def figures_of(key):
        def figures(request):
            asked.append(key)
            plural = object_settings_for(request)[key].plural
            return [{"label": f"<b>{plural}</b>", "value": 7, "url": "/x/"}]

        return figures

    for key in OBJECT_KEYS:
        monkeypatch.setitem(registry.dashboards, key, figures_of(key))
    return asked


def test_figures_of_enabled_objects_under_their_names(client_on, alpha, alice, fake_modules):
    object_setting_update(
        workspace=alpha, key="organisation", singular="École", plural="Écoles", gender="f"
    )
    page = client_on(alpha, alice).get("/").content.decode()
    assert fake_modules == ["organisation", "contact", "opportunity", "prospect"]
    assert '<h2 id="figures-organisation">Écoles</h2>' in page
    assert "&lt;b&gt;Écoles&lt;/b&gt;" in page  # labels are escaped
    assert 'href="/x/"' in page


def test_a_disabled_objects_figures_are_not_even_computed(client_on, alpha, alice, fake_modules):
    object_setting_update(workspace=alpha, key="opportunity", enabled=False)
    page = client_on(alpha, alice).get("/").content.decode()
    assert "opportunity" not in fake_modules
    assert 'data-object="opportunity"' not in page


def test_an_object_without_registered_figures_contributes_nothing(
    client_on, alpha, alice, monkeypatch
):
    monkeypatch.delitem(registry.dashboards, "organisation")
    with alpha:
        Organisation.objects.create(name="Acme")
    page = client_on(alpha, alice).get("/").content.decode()
    assert 'id="figures-organisation"' not in page
    assert 'id="figures-contact"' in page


def test_settings_pages_in_english(client_on, alpha, alice):
    client = client_on(alpha, alice)
    page = client.get("/settings/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Singular name" in page and "New organisation" in page
    page = client.get("/settings/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Nom au singulier" in page and "Nouvelle organisation" in page
