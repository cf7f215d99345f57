"""Writes about accounts."""

import logging
from collections.abc import Iterator
from datetime import timedelta

from axes.utils import reset as axes_reset
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, get_tenant_model

from accounts.models import PasswordResetRequest
from workspaces.connections import schema_visited
from workspaces.models import Membership, SignInHandoff

logger = logging.getLogger(__name__)


def user_links_in_workspaces() -> Iterator[tuple[type[models.Model], str]]:
    """(model, field) of every workspace-schema field that points at a user (owner, …)."""
    user_model = get_user_model()
    workspace_apps = set(settings.TENANT_APPS) - set(settings.SHARED_APPS)
    for model in apps.get_models():
        meta = model._meta
        if meta.app_config.name not in workspace_apps or not meta.managed or meta.proxy:
            continue  # views and proxies (e.g. pghistory's) are not tables of their own
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is user_model:
                yield model, field.name


def user_delete(*, user) -> None:
    """Delete an account: closed first, then cleared from the records of each workspace, one
    transaction per workspace, then deleted.

    People live in the public schema and records in each workspace's schema, which Django's
    deletion collector does not see: those links are ids without a database constraint
    (on_delete=DO_NOTHING) and are set to empty here, workspace by workspace. One transaction
    over a thousand schemas would hold their locks until the end and can run out of shared
    memory; committed workspace by workspace, it never holds more than one. Closing the
    account first (inactive, signed out everywhere, no longer a member anywhere) means that
    nobody sees a half-deleted person meanwhile; after a failure halfway the account stays
    closed, and deleting it again finishes the work.
    """
    user_model = get_user_model()
    with transaction.atomic():
        user_model.objects.filter(pk=user.pk).update(is_active=False)
        user.is_active = False
        Membership.objects.filter(user_id=user.pk).delete()
        sessions_end_everywhere(user=user)
    links = list(user_links_in_workspaces())
    workspaces = get_tenant_model().objects.exclude(schema_name=get_public_schema_name())
    for workspace in workspaces.order_by("pk"):
        with transaction.atomic(), workspace:
            for model, name in links:
                model.objects.filter(**{f"{name}_id": user.pk}).update(**{name: None})
        schema_visited(workspace.schema_name)  # a fresh connection every 100 schemas
    with transaction.atomic():
        user.delete()


def sessions_end_everywhere(*, user=None, **_signal) -> None:
    """End every session of `user` on every host (each workspace host and the public host
    keep their own), and the sign-in hand-offs on their way: signing out means everywhere.

    Sessions check a hash that includes User.session_generation (accounts.models): moving it
    on invalidates them all without reading the session table. Also a user_logged_out receiver.
    """
    if user is None or user.pk is None:
        return
    user_model = get_user_model()
    user_model.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.session_generation = (user.session_generation or 0) + 1
    SignInHandoff.objects.filter(user_id=user.pk).delete()
    logger.info("Signed out everywhere: %s", user.email)


def sign_in_unlock(*, email: str) -> int:
    """Lift the sign-in lock of an account (its failed attempts are forgotten); how many were."""
    count = axes_reset(username=email.strip().lower())
    if count:
        logger.info("Sign-in unlocked for %s (%d failed attempts cleared)", email, count)
    return count


@transaction.atomic
def password_reset_request_record(*, email: str, ip_address: str | None) -> bool:
    """Note a request for a reset email; False when the address or IP asked too often."""
    now = timezone.now()
    PasswordResetRequest.objects.filter(created__lt=now - timedelta(days=1)).delete()
    email = email.strip().lower()
    recent = PasswordResetRequest.objects.filter(created__gte=now - timedelta(hours=1))
    allowed = recent.filter(email=email).count() < settings.PASSWORD_RESET_LIMIT_PER_EMAIL and (
        ip_address is None
        or recent.filter(ip_address=ip_address).count() < settings.PASSWORD_RESET_LIMIT_PER_IP
    )
    PasswordResetRequest.objects.create(email=email, ip_address=ip_address, created=now)
    if not allowed:
        logger.warning(
            "Password reset refused (too many requests) for %s from %s", email, ip_address
        )
    return allowed
