from django.db.models import QuerySet

from workspaces.models import Membership


def memberships_of(*, user) -> QuerySet[Membership]:
    """The workspaces a person belongs to, by name."""
    return (
        Membership.objects.filter(user=user)
        .select_related("workspace")
        .order_by("workspace__name", "workspace__schema_name")
    )
