"""Writes about accounts."""

from collections.abc import Iterator

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django_tenants.utils import get_public_schema_name, get_tenant_model


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


@transaction.atomic
def user_delete(*, user) -> None:
    """Delete an account, first clearing it from the records of every workspace.

    People live in the public schema and records in each workspace's schema, which Django's
    deletion collector does not see: those links are ids without a database constraint
    (on_delete=DO_NOTHING) and are set to empty here, workspace by workspace.
    """
    links = list(user_links_in_workspaces())
    workspaces = get_tenant_model().objects.exclude(schema_name=get_public_schema_name())
    for workspace in workspaces:
        with workspace:
            for model, name in links:
                model.objects.filter(**{f"{name}_id": user.pk}).update(**{name: None})
    user.delete()
