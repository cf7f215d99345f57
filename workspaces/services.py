"""Writes about workspaces and memberships."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name

from workspaces.jobs import spare_schemas_fill_later
from workspaces.models import Domain, Membership, Role, Workspace
from workspaces.registry import registry
from workspaces.validators import validate_workspace_slug

User = get_user_model()


@transaction.atomic
def workspace_create(*, slug: str, name: str, owner=None) -> Workspace:
    """Create a workspace: its schema (cloned from the template), its domain, its first admin."""
    validate_workspace_slug(slug)
    if Workspace.objects.filter(schema_name=slug).exists():
        raise ValidationError({"slug": _("This address is already taken.")}, code="taken")
    workspace = Workspace(schema_name=slug, name=name.strip() or slug)
    workspace.full_clean(exclude=["schema_name"])
    try:
        with transaction.atomic():
            workspace.save(verbosity=0)  # creates the schema
    except IntegrityError as error:
        # Someone took this address between the check above and now (the unique index waited
        # for their transaction): the same answer as if they had been first.
        raise ValidationError(
            {"slug": _("This address is already taken.")}, code="taken"
        ) from error
    workspace_provision(workspace=workspace)
    with workspace:
        for hook in registry.workspace_hooks:  # e.g. a first workflow (opportunities)
            hook()
    if owner is not None:
        membership_set(workspace=workspace, user=owner, role=Role.ADMIN)
    if settings.SPARE_SCHEMAS:  # the worker clones the next spare, away from any sign-up
        transaction.on_commit(spare_schemas_fill_later)
    return workspace


@transaction.atomic
def workspace_update(
    *, workspace: Workspace, name: str, require_two_factor: bool, time_zone: str | None = None
) -> Workspace:
    """Rename a workspace, set its time zone, choose whether members must use two-factor."""
    workspace.name = name.strip()
    workspace.require_two_factor = require_two_factor
    if time_zone:
        workspace.time_zone = time_zone
    workspace.full_clean(exclude=["schema_name"])
    workspace.save(update_fields=["name", "require_two_factor", "time_zone"])
    return workspace


def workspace_provision(*, workspace: Workspace) -> None:
    """Give a freshly created workspace what it needs to be used: its sub-domain."""
    Domain.objects.get_or_create(
        domain=f"{workspace.schema_name}.{settings.BASE_DOMAIN}",
        defaults={"tenant": workspace, "is_primary": True},
    )


def public_host_ensure() -> None:
    """Register the public schema under BASE_DOMAIN (sign-up, login, chooser, admin)."""
    public, _created = Workspace.objects.get_or_create(
        schema_name=get_public_schema_name(), defaults={"name": "Carnet"}
    )
    Domain.objects.get_or_create(
        domain=settings.BASE_DOMAIN, defaults={"tenant": public, "is_primary": True}
    )


def membership_set(*, workspace: Workspace, user, role: str) -> Membership:
    """Make `user` a member of `workspace` with `role` (adding or changing the membership)."""
    membership, _created = Membership.objects.update_or_create(
        workspace=workspace, user=user, defaults={"role": role}
    )
    return membership


def user_get_or_create(*, email: str, password: str | None = None, full_name: str = "") -> User:
    """The account for `email`; a new one has `password` (or none usable until reset)."""
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=password, full_name=full_name)
    return user


@transaction.atomic
def signup(
    *,
    workspace_name: str,
    slug: str,
    user=None,
    email: str = "",
    password: str = "",
    full_name: str = "",
) -> tuple[Workspace, User]:
    """A person (signed in, or new with `email` and `password`) opens a workspace as its admin."""
    if user is None:
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                {"email": _("An account already uses this email: sign in first.")}, code="exists"
            )
        try:
            with transaction.atomic():
                user = User.objects.create_user(email=email, password=password, full_name=full_name)
        except IntegrityError as error:  # a simultaneous sign-up with the same email won
            raise ValidationError(
                {"email": _("An account already uses this email: sign in first.")}, code="exists"
            ) from error
    workspace = workspace_create(slug=slug, name=workspace_name, owner=user)
    return workspace, user
