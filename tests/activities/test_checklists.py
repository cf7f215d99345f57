"""Checklists: admins define templates per object; members attach and tick them on records."""

import pytest
from django.core.exceptions import ValidationError

from activities import services
from activities.models import Checklist, ChecklistItem, ChecklistTemplate
from workspaces.object_settings_services import object_setting_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def onboarding(alpha):
    with alpha:
        return services.checklist_template_create(
            object_key="contact", name="Accueil client", items=["Appel", "", "Devis", "Contrat"]
        )


def test_a_template_needs_items_and_a_name(alpha):
    with alpha:
        with pytest.raises(ValidationError):
            services.checklist_template_create(object_key="contact", name="Vide", items=["  "])
        with pytest.raises(ValidationError):
            services.checklist_template_create(object_key="contact", name="", items=["a"])


def test_attach_tick_and_progress(client_on, alpha, mia, elise, onboarding):
    client = client_on(alpha, mia)
    response = client.post(
        "/activities/checklists/new/", {"record": f"contact:{elise.pk}", "template": onboarding.pk}
    )
    assert response.status_code == 302
    with alpha:
        checklist = Checklist.objects.get()
        items = list(checklist.items.all())
    assert [i.text for i in items] == ["Appel", "Devis", "Contrat"]
    response = client.post(
        f"/activities/checklists/items/{items[0].pk}/tick/", {"done": "1"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert "1 sur 3 faits" in page or "1 of 3 done" in page
    with alpha:
        item = ChecklistItem.objects.get(pk=items[0].pk)
    assert item.done_by_id == mia.pk and item.done_at is not None
    timeline = client.get(f"/contacts/{elise.pk}/?kind=checklist").content.decode()
    assert "Appel" in timeline.split('id="timeline"')[1]
    # The template changes later: the attached checklist keeps its items.
    with alpha:
        services.checklist_template_update(template=onboarding, name="Accueil", items=["Autre"])
        assert checklist.items.count() == 3


def test_a_template_of_another_object_cannot_be_attached(client_on, alpha, mia, elise):
    with alpha:
        deals = services.checklist_template_create(
            object_key="opportunity", name="Closing", items=["Signature"]
        )
    response = client_on(alpha, mia).post(
        "/activities/checklists/new/", {"record": f"contact:{elise.pk}", "template": deals.pk}
    )
    assert response.status_code == 404


def test_only_admins_manage_templates(client_on, alpha, alice, mia, val):
    assert client_on(alpha, mia).get("/settings/checklists/").status_code == 403
    assert client_on(alpha, val).get("/settings/checklists/").status_code == 403
    client = client_on(alpha, alice)
    assert client.get("/settings/checklists/").status_code == 200
    response = client.post(
        "/settings/checklists/",
        {"object": "contact", "name": "Relance", "items": "Appeler\nÉcrire"},
    )
    assert response.status_code == 302
    with alpha:
        template = ChecklistTemplate.objects.get(name="Relance")
        assert [i.text for i in template.items.all()] == ["Appeler", "Écrire"]
    response = client.post(f"/settings/checklists/{template.pk}/delete/")
    assert response.status_code == 302
    with alpha:
        assert not ChecklistTemplate.objects.filter(pk=template.pk).exists()


def test_viewers_cannot_tick(client_on, alpha, alice, val, elise, onboarding):
    with alpha:
        checklist = services.checklist_attach(record=elise, template=onboarding, author=alice)
        item = checklist.items.first()
    response = client_on(alpha, val).post(
        f"/activities/checklists/items/{item.pk}/tick/", {"done": "1"}
    )
    assert response.status_code == 403


def test_a_disabled_object_hides_its_templates_and_checklists(
    client_on, alpha, alice, elise, onboarding
):
    with alpha:
        checklist = services.checklist_attach(record=elise, template=onboarding, author=alice)
        item = checklist.items.first()
    object_setting_update(workspace=alpha, key="contact", enabled=False)
    client = client_on(alpha, alice)
    assert "Accueil client" not in client.get("/settings/checklists/").content.decode()
    assert client.get(f"/settings/checklists/{onboarding.pk}/").status_code == 404
    assert client.post(f"/activities/checklists/items/{item.pk}/tick/").status_code == 404
