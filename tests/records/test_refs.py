"""RecordRef names any record as `<object key>:<id>` and finds it only where it may be seen."""

import pytest
from django.http import Http404

from contacts.models import Contact
from records.refs import RecordRef
from workspaces.object_settings import ObjectSettings
from workspaces.object_settings_services import object_setting_update

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "contact",
        "contact:",
        "contact:abc",
        "contact:²",
        "contact:-1",
        "contact:0",
        "nothing:1",
        "contact:99999999999999999999",
        "contact:1\x00",
        "Contact:1",
    ],
)
def test_malformed_refs_are_none(text):
    assert RecordRef.parse(text) is None


def test_a_ref_round_trips_and_finds_its_record(alpha):
    with alpha:
        contact = Contact.objects.create(first_name="Ada", last_name="Lovelace")
        ref = RecordRef.of(contact)
        assert str(ref) == f"contact:{contact.pk}"
        assert RecordRef.parse(str(ref)) == ref
        assert ref.get(ObjectSettings.load(alpha)) == contact
        assert ref.url == f"/contacts/{contact.pk}/"


def test_another_workspaces_id_or_a_disabled_object_is_404(alpha, beta):
    with alpha:
        contact = Contact.objects.create(first_name="Ada")
    ref = RecordRef("contact", contact.pk)
    with beta, pytest.raises(Http404):
        ref.get(ObjectSettings.load(beta))
    object_setting_update(workspace=alpha, key="contact", enabled=False)
    with alpha, pytest.raises(Http404):
        ref.get(ObjectSettings.load(alpha))
