"""Changing how a workspace uses its objects: the rules every door (pages, admin, command) obeys."""

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from workspaces.models import ObjectSetting
from workspaces.object_settings import OBJECT_TYPES, ObjectSettings
from workspaces.object_settings_services import (
    object_setting_update,
    object_settings_as_dict,
)

pytestmark = pytest.mark.django_db


def stored(workspace, key="organisation") -> ObjectSetting | None:
    return ObjectSetting.objects.filter(workspace=workspace, object=key).first()


def test_rename_an_object_with_its_gender(alpha):
    change = object_setting_update(
        workspace=alpha, key="organisation", singular="Association", plural="Associations",
        gender="f",
    )  # fmt: skip
    assert change.warnings == []
    organisation = ObjectSettings.load(alpha)["organisation"]
    with translation.override("fr"):
        assert organisation.plural == "Associations"
        assert organisation.new_label == "Nouvelle association"


def test_names_are_stripped(alpha):
    object_setting_update(workspace=alpha, key="contact", singular="  Membre ", plural=" Membres")
    assert (stored(alpha, "contact").singular, stored(alpha, "contact").plural) == (
        "Membre",
        "Membres",
    )


def test_empty_names_together_bring_back_the_default(alpha):
    object_setting_update(workspace=alpha, key="organisation", singular="École", plural="Écoles")
    object_setting_update(workspace=alpha, key="organisation", singular=" ", plural="")
    with translation.override("en"):
        assert ObjectSettings.load(alpha)["organisation"].singular == "Organisation"


@pytest.mark.parametrize(
    "names, field",
    [
        ({"singular": "", "plural": "Associations"}, "singular"),
        ({"singular": "Association", "plural": "   "}, "plural"),
        ({"singular": "A" * 41, "plural": "As"}, "singular"),
        ({"singular": "A", "plural": "B" * 41}, "plural"),
    ],
)
def test_an_empty_or_over_long_name_is_refused_and_changes_nothing(alpha, names, field):
    object_setting_update(workspace=alpha, key="organisation", singular="École", plural="Écoles")
    with pytest.raises(ValidationError) as error:
        object_setting_update(workspace=alpha, key="organisation", **names)
    assert field in error.value.message_dict
    assert (stored(alpha).singular, stored(alpha).plural) == ("École", "Écoles")


def test_forty_characters_is_allowed(alpha):
    object_setting_update(workspace=alpha, key="organisation", singular="A" * 40, plural="B" * 40)
    assert stored(alpha).singular == "A" * 40


@pytest.mark.parametrize("gender", ["x", "feminine", "mf"])
def test_an_unknown_gender_is_refused(alpha, gender):
    with pytest.raises(ValidationError) as error:
        object_setting_update(workspace=alpha, key="organisation", gender=gender)
    assert "gender" in error.value.message_dict
    assert stored(alpha) is None


def test_gender_accepts_upper_case_and_empty_for_default(alpha):
    object_setting_update(workspace=alpha, key="contact", gender="F")
    assert stored(alpha, "contact").gender == "f"
    object_setting_update(workspace=alpha, key="contact", gender="")
    assert ObjectSettings.load(alpha)["contact"].gender == "m"


def test_an_unknown_object_is_refused(alpha):
    with pytest.raises(ValidationError, match="invoice"):
        object_setting_update(workspace=alpha, key="invoice", enabled=False)


def test_a_name_containing_html_is_stored_as_typed(alpha):
    object_setting_update(workspace=alpha, key="organisation", singular="<b>Club</b>", plural="<i>")
    assert stored(alpha).singular == "<b>Club</b>"


def test_two_objects_with_the_same_name_are_allowed_with_a_warning(alpha):
    object_setting_update(workspace=alpha, key="organisation", singular="Client", plural="Clients")
    change = object_setting_update(
        workspace=alpha, key="contact", singular="client", plural="Clients"
    )
    assert stored(alpha, "contact").singular == "client"
    assert len(change.warnings) == 1
    assert "Client" in change.warnings[0]


def test_a_name_equal_to_another_objects_default_name_warns(alpha):
    with translation.override("en"):
        change = object_setting_update(
            workspace=alpha, key="prospect", singular="Contact", plural="Contacts"
        )
    assert change.warnings


def test_switching_off_keeps_names_and_switching_on_restores(alpha):
    object_setting_update(workspace=alpha, key="prospect", singular="Piste", plural="Pistes")
    object_setting_update(workspace=alpha, key="prospect", enabled=False)
    settings = ObjectSettings.load(alpha)
    assert not settings.is_enabled("prospect")
    assert settings["prospect"].singular == "Piste"
    object_setting_update(workspace=alpha, key="prospect", enabled=True)
    assert ObjectSettings.load(alpha).is_enabled("prospect")


def test_changes_are_per_workspace(alpha, beta):
    object_setting_update(workspace=alpha, key="prospect", enabled=False)
    assert ObjectSettings.load(beta).is_enabled("prospect")


# --- Hidden fields: only optional fields -------------------------------------------------------


@pytest.fixture
def optional_fields():
    with mock.patch.object(
        type(OBJECT_TYPES["organisation"]),
        "optional_fields",
        new_callable=mock.PropertyMock,
        return_value=["website", "siren", "phone"],
    ):
        yield


def test_hide_optional_fields(alpha, optional_fields):
    object_setting_update(workspace=alpha, key="organisation", hidden_fields=["phone", "siren"])
    organisation = ObjectSettings.load(alpha)["organisation"]
    assert not organisation.shows("siren") and not organisation.shows("phone")
    assert organisation.shows("website")
    assert stored(alpha).hidden_fields == ["siren", "phone"]  # in the model's order


@pytest.mark.parametrize("field", ["name", "nonexistent"])
def test_required_or_unknown_fields_cannot_be_hidden(alpha, optional_fields, field):
    with pytest.raises(ValidationError) as error:
        object_setting_update(workspace=alpha, key="organisation", hidden_fields=[field])
    assert "hidden_fields" in error.value.message_dict
    assert stored(alpha) is None


def test_showing_every_field_again(alpha, optional_fields):
    object_setting_update(workspace=alpha, key="organisation", hidden_fields=["siren"])
    object_setting_update(workspace=alpha, key="organisation", hidden_fields=[])
    assert ObjectSettings.load(alpha)["organisation"].shows("siren")


def test_settings_as_operators_see_them(alpha):
    object_setting_update(
        workspace=alpha, key="organisation", singular="Association", plural="Associations",
        gender="f", enabled=False,
    )  # fmt: skip
    data = object_settings_as_dict(workspace=alpha)
    assert set(data) == {"organisation", "contact", "opportunity", "prospect"}
    assert data["organisation"] == {
        "enabled": False,
        "singular": "Association",
        "plural": "Associations",
        "gender": "f",
        "singular_en": "",
        "plural_en": "",
        "hidden_fields": [],
    }
