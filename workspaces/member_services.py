"""Writes about the people of a workspace: invitations, roles, removal, leaving.

A workspace always keeps at least one admin: the last one can be neither demoted, removed,
nor leave. Invitations are single-use links valid for Invitation.VALID_DAYS days; only a hash
of their token is stored.
"""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from workspaces.models import Invitation, Membership, Role, Workspace

User = get_user_model()
EMAIL_MAX_LENGTH = Invitation._meta.get_field("email").max_length


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise ValidationError({"role": [_("Unknown role “%(role)s”.") % {"role": role}]})


def _admins_locked(workspace: Workspace) -> list[Membership]:
    """The workspace's admins, locked so that two changes cannot both remove the last one."""
    return list(
        Membership.objects.select_for_update()
        .filter(workspace=workspace, role=Role.ADMIN)
        .order_by("pk")
    )


def _refuse_if_last_admin(membership: Membership, message: str) -> None:
    admins = _admins_locked(membership.workspace)
    if [m.pk for m in admins] == [membership.pk]:
        raise ValidationError(message, code="last_admin")


# --- Invitations -----------------------------------------------------------------------------


@transaction.atomic
def invitation_create(
    *, workspace: Workspace, email: str, role: str, invited_by
) -> tuple[Invitation, str]:
    """A new invitation and its token (to put in the link; never stored).

    Inviting again the same address replaces its pending invitation.
    """
    email = User.objects.normalize_email((email or "").strip()).lower()
    if len(email) > EMAIL_MAX_LENGTH:
        raise ValidationError(
            {"email": [_("At most %(max)d characters.") % {"max": EMAIL_MAX_LENGTH}]}
        )
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError({"email": error.messages}) from error
    _check_role(role)
    if Membership.objects.filter(workspace=workspace, user__email__iexact=email).exists():
        raise ValidationError(
            {"email": [_("%(email)s is already a member of this workspace.") % {"email": email}]}
        )
    Invitation.objects.filter(
        workspace=workspace, email__iexact=email, accepted_at__isnull=True
    ).delete()
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        workspace=workspace,
        email=email,
        role=role,
        token_hash=token_hash(token),
        invited_by=invited_by,
    )
    return invitation, token


def invitation_send(*, invitation: Invitation, url: str) -> None:
    """Email the invitation link (through Django's email backend)."""
    context = {"invitation": invitation, "url": url, "workspace": invitation.workspace}
    # One line whatever the workspace's name holds (names from before line breaks were refused).
    subject = " ".join(render_to_string("workspaces/invitation_subject.txt", context).split())
    send_mail(
        subject=subject,
        message=render_to_string("workspaces/invitation_email.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> None:
    """Withdraw a pending invitation: its link stops working."""
    invitation.delete()


class InvitationInvalid(Exception):
    """The link cannot be used; `reason` is "unknown", "expired" or "used"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def invitation_for_token(*, workspace: Workspace, token: str) -> Invitation:
    """The usable invitation of `workspace` behind `token`, or InvitationInvalid.

    A token of another workspace is "unknown" here: a link never reveals other workspaces.
    """
    invitation = (
        Invitation.objects.filter(workspace=workspace, token_hash=token_hash(token or ""))
        .select_related("workspace")
        .first()
    )
    if invitation is None:
        raise InvitationInvalid("unknown")
    if invitation.accepted_at is not None:
        raise InvitationInvalid("used")
    if invitation.expires <= timezone.now():
        raise InvitationInvalid("expired")
    return invitation


@transaction.atomic
def invitation_accept(
    *, workspace: Workspace, token: str, user=None, full_name: str = "", password: str = ""
) -> Membership:
    """Use an invitation: the signed-in `user` joins, or a new account is created for its email.

    Single use (the invitation row is locked while it is used). A person already a member keeps
    their role. Raises InvitationInvalid or ValidationError, and then changes nothing.
    """
    invitation = invitation_for_token(workspace=workspace, token=token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise InvitationInvalid("used")
    if user is None:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(
                _("An account already uses this email: sign in first."), code="exists"
            )
        candidate = User(email=invitation.email, full_name=full_name)
        try:
            password_validation.validate_password(password, candidate)
        except ValidationError as error:
            raise ValidationError({"password": error.messages}) from error
        user = User.objects.create_user(
            email=invitation.email, password=password, full_name=full_name.strip()
        )
    elif user.email.lower() != invitation.email.lower():
        raise ValidationError(
            _("This invitation is for %(email)s: sign in with that address.")
            % {"email": invitation.email},
            code="other_person",
        )
    membership, created = Membership.objects.get_or_create(
        workspace=workspace, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return membership


# --- Members ---------------------------------------------------------------------------------


@transaction.atomic
def membership_role_change(*, membership: Membership, role: str) -> Membership:
    """Give a member another role; the last admin stays admin."""
    _check_role(role)
    if membership.role == Role.ADMIN and role != Role.ADMIN:
        _refuse_if_last_admin(
            membership,
            _("The last administrator cannot be demoted: make someone else admin first."),
        )
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    """Take a person out of the workspace (their account stays); never the last admin."""
    if membership.role == Role.ADMIN:
        _refuse_if_last_admin(
            membership,
            _("The last administrator cannot be removed: make someone else admin first."),
        )
    membership.delete()


@transaction.atomic
def membership_leave(*, workspace: Workspace, user) -> None:
    """A person leaves a workspace; the last admin must hand over first."""
    membership = Membership.objects.select_related("workspace").get(workspace=workspace, user=user)
    if membership.role == Role.ADMIN:
        _refuse_if_last_admin(
            membership,
            _("You are the last administrator: make someone else admin before leaving."),
        )
    membership.delete()
