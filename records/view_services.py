"""Writes on saved views and list preferences (columns, default view)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

from records.models import ListPreference, SavedView

MAX_COLUMNS = 60
NOT_SAVED = {"page", "view", "csrfmiddlewaretoken"}


def clean_query(query: str) -> str:
    """The list's query string without paging and view (a view is its filters and sort)."""
    params = QueryDict(query.replace("\x00", "")[:4000], mutable=True)
    for name in NOT_SAVED:
        params.pop(name, None)
    return params.urlencode()[:4000]


def clean_columns(columns, available: list[str]) -> list[str]:
    return list(dict.fromkeys(c for c in columns if c in available))[:MAX_COLUMNS]


@transaction.atomic
def saved_view_create(
    *,
    object_key: str,
    user,
    name: str,
    query: str,
    columns: list[str],
    shared: bool = False,
    default: bool = False,
    can_share: bool = True,
) -> SavedView:
    """Save a list's filters, sort and columns under a name (for everyone when `shared`)."""
    name = (name or "").replace("\x00", "").strip()
    if not name:
        raise ValidationError({"name": _("Give the view a name.")})
    if shared and not can_share:
        raise PermissionDenied
    view = SavedView(
        object_key=object_key,
        name=name,
        owner_id=user.pk,
        shared=shared,
        query=clean_query(query),
        columns=columns,
    )
    view.full_clean()
    view.save()
    if default:
        list_default_view_set(object_key=object_key, user=user, view=view)
    return view


def can_change_view(view: SavedView, *, user, is_admin: bool) -> bool:
    """Its owner; admins for shared views."""
    return view.owner_id == user.pk or (view.shared and is_admin)


@transaction.atomic
def saved_view_delete(*, view: SavedView, user, is_admin: bool) -> None:
    if not can_change_view(view, user=user, is_admin=is_admin):
        raise PermissionDenied
    view.delete()


@transaction.atomic
def list_columns_set(*, object_key: str, user=None, columns: list[str]) -> ListPreference:
    """A person's columns for a list, or the workspace default (`user` None)."""
    preference, _created = ListPreference.objects.get_or_create(
        object_key=object_key, user_id=user.pk if user else None
    )
    preference.columns = columns
    preference.save(update_fields=["columns"])
    return preference


@transaction.atomic
def list_columns_reset(*, object_key: str, user) -> None:
    """Back to the workspace default columns."""
    ListPreference.objects.filter(object_key=object_key, user_id=user.pk).update(columns=[])


@transaction.atomic
def list_default_view_set(*, object_key: str, user=None, view: SavedView | None) -> None:
    """The view a list opens on for a person (or for everyone, `user` None)."""
    preference, _created = ListPreference.objects.get_or_create(
        object_key=object_key, user_id=user.pk if user else None
    )
    preference.default_view = view
    preference.save(update_fields=["default_view"])
