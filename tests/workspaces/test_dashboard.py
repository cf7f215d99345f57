"""The dashboard collects figures from the apps of enabled objects only."""

from types import SimpleNamespace

import pytest

from workspaces import dashboard
from workspaces.object_settings_services import object_setting_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_modules(monkeypatch):
    """Every object app contributes one figure, and records that it was asked."""
    asked = []

    def module_for(crm_object):
        def figures(request):
            asked.append(crm_object.key)
            return [{"label": f"<b>{crm_object.plural}</b>", "value": 7, "url": "/x/"}]

        return SimpleNamespace(figures=figures)

    monkeypatch.setattr(dashboard, "figures_module", module_for)
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


def test_an_app_without_dashboard_module_contributes_nothing(alpha):
    from workspaces.object_settings import ObjectSettings

    settings = ObjectSettings.load(alpha)
    for crm_object in settings:
        module = dashboard.figures_module(crm_object)
        assert module is None or hasattr(module, "figures")


def test_settings_pages_in_english(client_on, alpha, alice):
    client = client_on(alpha, alice)
    page = client.get("/settings/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Singular name" in page and "New organisation" in page
    page = client.get("/settings/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Nom au singulier" in page and "Nouvelle organisation" in page
