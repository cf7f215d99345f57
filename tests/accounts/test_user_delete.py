"""An operator deletes an account: the records it owned stay, without an owner."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from organisations.models import Organisation
from tests.conftest import confirm_two_factor
from workspaces import services as workspace_services
from workspaces.models import Membership, Role

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_deleting_a_user_in_the_admin_keeps_their_records_without_owner(client_on, alpha, beta):
    leaving = User.objects.create_user("leaving@alpha.test", "x")
    workspace_services.membership_set(workspace=alpha, user=leaving, role=Role.MEMBER)
    with alpha:
        owned = Organisation.objects.create(name="Gardée SARL", owner=leaving)
    with beta:
        other = Organisation.objects.create(name="Autre", owner=None)
    operator = User.objects.create_superuser("ops@carnet.test", "x")
    admin = client_on(settings.BASE_DOMAIN, operator)
    confirm_two_factor(admin, operator)

    response = admin.post(f"/admin/accounts/user/{leaving.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=leaving.pk).exists()
    assert not Membership.objects.filter(user_id=leaving.pk).exists()
    with alpha:
        owned.refresh_from_db()
        assert owned.owner_id is None and owned.name == "Gardée SARL"
    with beta:
        assert Organisation.objects.filter(pk=other.pk).exists()
