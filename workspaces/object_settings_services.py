"""Writes about how a workspace uses its objects: on/off, names, gender, hidden fields.

The settings pages, the Django admin inline and the `object_settings` management command all
change object settings through here, so every rule holds whatever the door.
Reads go through workspaces.object_settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from workspaces.models import Gender, ObjectSetting, Workspace
from workspaces.object_settings import OBJECT_KEYS, OBJECT_TYPES, ObjectSettings

NAME_MAX_LENGTH = ObjectSetting._meta.get_field("singular").max_length
UNCHANGED = object()


@dataclass
class ObjectSettingChange:
    """The saved setting and what the admin should know about it (e.g. a name used twice)."""

    setting: ObjectSetting
    warnings: list[str] = field(default_factory=list)


def validate_object_key(key: str) -> None:
    if key not in OBJECT_TYPES:
        raise ValidationError(
            _("Unknown object “%(key)s”: choose one of %(keys)s."),
            code="unknown_object",
            params={"key": key, "keys": ", ".join(OBJECT_KEYS)},
        )


def clean_names(*, singular: str, plural: str) -> tuple[str, str]:
    """Both names stripped; both empty means "the default names"; one alone is an error."""
    singular, plural = (singular or "").strip(), (plural or "").strip()
    errors: dict[str, list[str]] = {}
    for name, value, other in (("singular", singular, plural), ("plural", plural, singular)):
        if not value and other:
            errors[name] = [
                _("This name cannot be empty (leave both names empty for the default).")
            ]
        elif len(value) > NAME_MAX_LENGTH:
            errors[name] = [_("At most %(max)d characters.") % {"max": NAME_MAX_LENGTH}]
    if errors:
        raise ValidationError(errors)
    return singular, plural


def clean_gender(gender: str) -> str:
    gender = (gender or "").strip().lower()
    if gender not in ("", *Gender.values):
        raise ValidationError(
            {"gender": [_("Unknown gender “%(gender)s”: use m or f.") % {"gender": gender}]}
        )
    return gender


def clean_hidden_fields(*, key: str, hidden_fields) -> list[str]:
    """Only an object's optional fields may be hidden; required fields always show."""
    optional = OBJECT_TYPES[key].optional_fields
    names = []
    for name in hidden_fields or ():
        if name not in optional:
            raise ValidationError(
                {
                    "hidden_fields": [
                        _("“%(field)s” cannot be hidden: choose among %(fields)s.")
                        % {"field": name, "fields": ", ".join(optional) or "—"}
                    ]
                }
            )
        if name not in names:
            names.append(name)
    return sorted(names, key=optional.index)


def duplicate_name_warnings(*, workspace: Workspace, key: str, names: tuple[str, ...]) -> list[str]:
    """A name another object of the workspace already uses: allowed, but worth a warning."""
    others = ObjectSettings.load(workspace)
    mine = {n.casefold() for n in names if n}
    warnings = []
    for other in others:
        if other.key == key:
            continue
        theirs = {other.singular, other.plural}
        for language in ("fr", "en"):
            theirs.update(other.custom_names(language))
        if {name.casefold() for name in theirs if name} & mine:
            warnings.append(
                _("Another object is also called “%(name)s”: people may confuse them.")
                % {"name": other.singular}
            )
    return warnings


@transaction.atomic
def object_setting_update(
    *,
    workspace: Workspace,
    key: str,
    enabled=UNCHANGED,
    singular=UNCHANGED,
    plural=UNCHANGED,
    gender=UNCHANGED,
    singular_en=UNCHANGED,
    plural_en=UNCHANGED,
    hidden_fields=UNCHANGED,
) -> ObjectSettingChange:
    """Change how the workspace uses object `key`; arguments left out stay as they are.

    `singular`, `plural` and `gender` name it in French, `singular_en` and `plural_en` in
    English. Names are stored as typed (HTML included: every page escapes them). Empty names
    in one language show the other language's; empty in both, the default names of the
    reader's language.
    Raises ValidationError (field -> messages) and then changes nothing.
    """
    validate_object_key(key)
    setting = (
        ObjectSetting.objects.select_for_update().filter(workspace=workspace, object=key).first()
    ) or ObjectSetting(workspace=workspace, object=key)

    if singular is not UNCHANGED or plural is not UNCHANGED:
        setting.singular, setting.plural = clean_names(
            singular=setting.singular if singular is UNCHANGED else singular,
            plural=setting.plural if plural is UNCHANGED else plural,
        )
    if singular_en is not UNCHANGED or plural_en is not UNCHANGED:
        try:
            setting.singular_en, setting.plural_en = clean_names(
                singular=setting.singular_en if singular_en is UNCHANGED else singular_en,
                plural=setting.plural_en if plural_en is UNCHANGED else plural_en,
            )
        except ValidationError as error:
            raise ValidationError(
                {f"{name}_en": messages for name, messages in error.message_dict.items()}
            ) from error
    if gender is not UNCHANGED:
        setting.gender = clean_gender(gender)
    if enabled is not UNCHANGED:
        setting.enabled = bool(enabled)
    if hidden_fields is not UNCHANGED:
        setting.hidden_fields = clean_hidden_fields(key=key, hidden_fields=hidden_fields)

    setting.full_clean()
    setting.save()
    names = (setting.singular, setting.plural, setting.singular_en, setting.plural_en)
    warnings = []
    if any(names):
        warnings = duplicate_name_warnings(workspace=workspace, key=key, names=names)
    return ObjectSettingChange(setting, warnings)


def object_settings_as_dict(*, workspace: Workspace) -> dict[str, dict]:
    """The four objects as operators script them (the `object_settings` command's JSON):
    `singular`/`plural` are the French names (the default name when none is set),
    `singular_en`/`plural_en` the English ones ("" when the French or default name serves)."""
    settings = ObjectSettings.load(workspace)
    return {
        obj.key: {
            "enabled": obj.enabled,
            "singular": obj.custom_singular or str(obj.type.default_singular),
            "plural": obj.custom_plural or str(obj.type.default_plural),
            "gender": obj.gender,
            "singular_en": obj.custom_singular_en,
            "plural_en": obj.custom_plural_en,
            "hidden_fields": sorted(obj.hidden_fields),
        }
        for obj in settings
    }
