"""Operators: the `object_settings` command and the Django admin (inline on the workspace)."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import confirm_two_factor
from workspaces.models import Invitation, ObjectSetting, Role
from workspaces.object_settings import ObjectSettings

pytestmark = pytest.mark.django_db


def run(*args) -> dict:
    out = StringIO()
    call_command("object_settings", *args, stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


def test_prints_the_four_objects_as_json(alpha):
    data = run("alpha")
    assert list(data) == ["organisation", "contact", "opportunity", "prospect"]
    assert data["opportunity"] == {
        "enabled": True,
        "singular": "Opportunity",
        "plural": "Opportunities",
        "gender": "f",
        "singular_en": "",
        "plural_en": "",
        "hidden_fields": [],
    }


def test_applies_the_design_examples(alpha):
    data = run(
        "alpha",
        "organisation.enabled=false",
        "organisation.singular=Association",
        "organisation.plural=Associations",
        "organisation.gender=f",
    )
    assert data["organisation"] == {
        "enabled": False,
        "singular": "Association",
        "plural": "Associations",
        "gender": "f",
        "singular_en": "",
        "plural_en": "",
        "hidden_fields": [],
    }
    settings = ObjectSettings.load(alpha)
    assert not settings.is_enabled("organisation")
    assert settings["organisation"].singular == "Association"


def test_enabled_accepts_true_and_false(alpha):
    run("alpha", "prospect.enabled=false")
    assert not ObjectSettings.load(alpha).is_enabled("prospect")
    run("alpha", "prospect.enabled=True")
    assert ObjectSettings.load(alpha).is_enabled("prospect")


@pytest.mark.parametrize(
    "assignment, message",
    [
        ("invoice.enabled=false", "unknown object"),
        ("organisation.colour=red", "unknown field"),
        ("organisation.enabled=maybe", "true or false"),
        ("organisation.gender=x", "gender"),
        ("organisation.singular=" + "A" * 41, "singular"),
        ("organisation.hidden_fields=name", "hidden_fields"),
        ("organisation", "OBJECT.FIELD=VALUE"),
    ],
)
def test_bad_assignments_give_a_clear_error_and_change_nothing(alpha, assignment, message):
    with pytest.raises(CommandError, match=message):
        call_command(
            "object_settings", "alpha", "contact.enabled=false", assignment, stdout=StringIO()
        )
    assert not ObjectSetting.objects.filter(workspace=alpha).exists()  # all or nothing


def test_unknown_workspace(db):
    with pytest.raises(CommandError, match="No workspace"):
        call_command("object_settings", "nowhere", stdout=StringIO())


def test_workspace_admin_page_has_the_object_settings_inline(
    alpha, django_user_model, public_client
):
    operator = django_user_model.objects.create_superuser(
        email="op@carnet.test", password="x-operator-pass"
    )
    client = public_client
    client.force_login(operator)
    confirm_two_factor(client, operator)
    page = client.get(f"/admin/workspaces/workspace/{alpha.pk}/change/").content.decode()
    assert "object_settings-TOTAL_FORMS" in page


def test_admin_inline_refuses_a_half_name(alpha, django_user_model, public_client):
    operator = django_user_model.objects.create_superuser(
        email="op@carnet.test", password="x-operator-pass"
    )
    client = public_client
    client.force_login(operator)
    confirm_two_factor(client, operator)
    url = f"/admin/workspaces/workspace/{alpha.pk}/change/"
    data = {
        "name": alpha.name,
        "domains-TOTAL_FORMS": "0", "domains-INITIAL_FORMS": "0",
        "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
        "object_settings-TOTAL_FORMS": "1", "object_settings-INITIAL_FORMS": "0",
        "object_settings-0-object": "organisation",
        "object_settings-0-enabled": "on",
        "object_settings-0-singular": "Association",
        "object_settings-0-plural": "",
        "object_settings-0-gender": "f",
        "object_settings-0-hidden_fields": "[]",
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    assert not ObjectSetting.objects.filter(workspace=alpha).exists()
    data["object_settings-0-plural"] = "Associations"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ObjectSetting.objects.get(workspace=alpha).plural == "Associations"


def test_invitation_admin_lists_invitations(alpha, alice, django_user_model, public_client):
    from workspaces.member_services import invitation_create

    invitation_create(workspace=alpha, email="x@example.test", role=Role.MEMBER, invited_by=alice)
    operator = django_user_model.objects.create_superuser(
        email="op@carnet.test", password="x-operator-pass"
    )
    client = public_client
    client.force_login(operator)
    confirm_two_factor(client, operator)
    page = client.get("/admin/workspaces/invitation/").content.decode()
    assert "x@example.test" in page
    assert Invitation.objects.count() == 1
