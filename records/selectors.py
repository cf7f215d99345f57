"""Reads of custom fields, saved views and list preferences."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from records.custom_fields import TEXT_TYPES
from records.models import CustomField, ListPreference, SavedView


def with_names(queryset: QuerySet, *links: str, only: tuple[str, ...] = ()) -> QuerySet:
    """`queryset` joined to its `links` (select_related), reading of each linked record only
    its id and what names it (`name_fields`): a list row shows an organisation or an owner by
    name, and the rest of their columns (a description, custom values, a password hash, dates
    to convert) cost about 2.5 ms for a page of 50 contacts. `only`: the fields read of the
    queryset's own rows (all of them when empty)."""
    related = {link: queryset.model._meta.get_field(link).related_model for link in links}
    queryset = queryset.select_related(*links)
    if only:
        names = [f"{link}__{name}" for link, model in related.items() for name in model.name_fields]
        return queryset.only(*only, *names)
    deferred = [
        f"{link}__{field.name}"
        for link, model in related.items()
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in model.name_fields
    ]
    return queryset.defer(*deferred)


def labels_prefetch() -> Prefetch:
    """A list's labels, as a plain list on each record (`label_list`, read by
    records.html.labels_of): a prefetch into `record.labels` makes a manager and a queryset for
    each of a page's 50 rows, about 3 ms of a list page."""
    return Prefetch("labels", to_attr="label_list")


def custom_fields_for(object_key: str, *, include_hidden: bool = True) -> list[CustomField]:
    """The live (not deleted) custom fields of an object, in order: one query.

    The imports' column mapping uses it: each field has `label`, `field_type`, `required`
    and `records.custom_fields.parse(field, text)` gives the stored value or a
    ValidationError naming the field.
    """
    fields = CustomField.objects.filter(object_key=object_key, deleted_at__isnull=True)
    if not include_hidden:
        fields = fields.filter(shown=True)
    return list(fields.order_by("position", "pk"))


def searches_custom_values(request, object_key: str) -> bool:
    """Whether a search of `object_key` also looks in custom values: when it has a shown text
    field (its trigram index then exists). One query per request for every object."""
    keys = request.__dict__.get("_objects_with_text_fields")
    if keys is None:
        keys = request._objects_with_text_fields = set(
            CustomField.objects.filter(
                deleted_at__isnull=True, shown=True, field_type__in=TEXT_TYPES
            ).values_list("object_key", flat=True)
        )
    return object_key in keys


def custom_field_labels(object_key: str) -> dict[str, str]:
    """Every field's label by key, deleted ones included (history shows old changes)."""
    return {f.key: f.label for f in CustomField.objects.filter(object_key=object_key)}


def deleted_custom_fields(object_key: str) -> QuerySet:
    return CustomField.objects.filter(object_key=object_key, deleted_at__isnull=False).order_by(
        "-deleted_at"
    )


def saved_views_for(*, object_key: str, user_id: int) -> list[SavedView]:
    """The views a person sees on a list: theirs and the shared ones."""
    return list(
        SavedView.objects.filter(object_key=object_key)
        .filter(Q(owner_id=user_id) | Q(shared=True))
        .order_by("name", "pk")
    )


def saved_view_get(*, object_key: str, user_id: int, pk) -> SavedView | None:
    """A view this person may open (theirs or shared), else None."""
    return (
        SavedView.objects.filter(object_key=object_key, pk=pk)
        .filter(Q(owner_id=user_id) | Q(shared=True))
        .first()
    )


def list_preferences(*, object_key: str, user_id: int) -> tuple[ListPreference | None, ...]:
    """(the person's preference, the workspace default): one query."""
    rows = list(
        ListPreference.objects.filter(object_key=object_key)
        .filter(Q(user_id=user_id) | Q(user_id__isnull=True))
        .select_related("default_view")
    )
    mine = next((row for row in rows if row.user_id == user_id), None)
    default = next((row for row in rows if row.user_id is None), None)
    return mine, default
