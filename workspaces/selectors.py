from django.db.models import Case, QuerySet, When
from django.utils import timezone

from workspaces.models import Invitation, Membership, Role


def memberships_of(*, user) -> QuerySet[Membership]:
    """The workspaces a person belongs to, by name."""
    return (
        Membership.objects.filter(user=user)
        .select_related("workspace")
        .order_by("workspace__name", "workspace__schema_name")
    )


def members_of(*, workspace) -> QuerySet[Membership]:
    """The people of a workspace: admins first, then by name."""
    return (
        Membership.objects.filter(workspace=workspace)
        .select_related("user")
        .order_by(
            Case(When(role=Role.ADMIN, then=0), When(role=Role.MEMBER, then=1), default=2),
            "user__full_name",
            "user__email",
        )
    )


def pending_invitations(*, workspace) -> QuerySet[Invitation]:
    """Invitations not used yet and still valid, newest first."""
    return Invitation.objects.filter(
        workspace=workspace, accepted_at__isnull=True, expires__gt=timezone.now()
    ).select_related("invited_by")
