"""Writes about labels: create, rename/recolour/describe, delete (which takes it off records)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from labels.models import Colour, Label
from labels.selectors import label_usage

NAME_MAX_LENGTH = Label._meta.get_field("name").max_length
DESCRIPTION_MAX_LENGTH = Label._meta.get_field("description").max_length


def _clean(*, label: Label | None, name: str, colour: str, description: str) -> dict:
    name, description = (name or "").strip(), (description or "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("A label needs a name.")]
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = [_("At most %(max)d characters.") % {"max": NAME_MAX_LENGTH}]
    else:
        others = Label.objects.filter(name__iexact=name)
        if label is not None:
            others = others.exclude(pk=label.pk)
        if others.exists():
            errors["name"] = [_("A label called “%(name)s” already exists.") % {"name": name}]
    if colour not in Colour.values:
        errors["colour"] = [_("Choose a colour from the palette.")]
    if len(description) > DESCRIPTION_MAX_LENGTH:
        errors["description"] = [_("At most %(max)d characters.") % {"max": DESCRIPTION_MAX_LENGTH}]
    if errors:
        raise ValidationError(errors)
    return {"name": name, "colour": colour, "description": description}


@transaction.atomic
def label_create(*, name: str, colour: str = Colour.BLUE, description: str = "") -> Label:
    """A new label of the current workspace (its name unique whatever the case)."""
    label = Label(**_clean(label=None, name=name, colour=colour, description=description))
    label.full_clean()
    label.save()
    return label


@transaction.atomic
def label_update(*, label: Label, name: str, colour: str, description: str = "") -> Label:
    """Rename, recolour or describe a label; the records carrying it keep it."""
    for attr, value in _clean(
        label=label, name=name, colour=colour, description=description
    ).items():
        setattr(label, attr, value)
    label.full_clean()
    label.save()
    return label


@transaction.atomic
def label_delete(*, label: Label) -> int:
    """Delete a label, taking it off every record; returns how many records carried it."""
    count = label_usage(label=label).total
    label.delete()  # the many-to-many rows go with it; the records stay
    return count
