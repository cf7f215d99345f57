"""object_settings <slug> [OBJECT.FIELD=VALUE ...]: read or script a workspace's object settings.

Without assignments, prints the four objects as JSON (enabled, singular, plural, gender,
singular_en, plural_en, hidden_fields; singular/plural/gender name the object in French,
singular_en/plural_en in English). With assignments, applies them through the same service
as the settings pages (all or nothing), then prints the result:

    manage.py object_settings demo organisation.singular=Association \
        organisation.plural=Associations organisation.gender=f prospect.enabled=false \
        organisation.singular_en=Association organisation.plural_en=Associations
"""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from workspaces.models import Workspace
from workspaces.object_settings import OBJECT_KEYS
from workspaces.object_settings_services import object_setting_update, object_settings_as_dict

FIELDS = ("enabled", "singular", "plural", "gender", "singular_en", "plural_en", "hidden_fields")
TRUE, FALSE = {"true", "1", "yes", "on"}, {"false", "0", "no", "off"}


def parse_assignment(text: str) -> tuple[str, str, object]:
    target, sep, raw = text.partition("=")
    key, dot, field = target.strip().partition(".")
    if not sep or not dot:
        raise CommandError(
            f"{text!r}: expected OBJECT.FIELD=VALUE, e.g. organisation.enabled=false"
        )
    if key not in OBJECT_KEYS:
        raise CommandError(f"{text!r}: unknown object {key!r} (objects: {', '.join(OBJECT_KEYS)})")
    if field not in FIELDS:
        raise CommandError(f"{text!r}: unknown field {field!r} (fields: {', '.join(FIELDS)})")
    value: object = raw
    if field == "enabled":
        if raw.strip().lower() not in TRUE | FALSE:
            raise CommandError(f"{text!r}: enabled is true or false")
        value = raw.strip().lower() in TRUE
    elif field == "hidden_fields":
        value = [name.strip() for name in raw.split(",") if name.strip()]
    return key, field, value


class Command(BaseCommand):
    help = "Print a workspace's object settings as JSON, or apply OBJECT.FIELD=VALUE assignments."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("assignments", nargs="*", metavar="OBJECT.FIELD=VALUE")

    def handle(self, *args, slug, assignments, **options):
        workspace = Workspace.objects.filter(schema_name=slug).first()
        if workspace is None or slug == "public":
            raise CommandError(f"No workspace {slug!r}.")
        changes: dict[str, dict] = {}
        for text in assignments:
            key, field, value = parse_assignment(text)
            changes.setdefault(key, {})[field] = value
        # Default names are printed in English, the language of scripts and logs.
        with translation.override("en"):
            try:
                with transaction.atomic():
                    for key, values in changes.items():
                        change = object_setting_update(workspace=workspace, key=key, **values)
                        for warning in change.warnings:
                            self.stderr.write(f"warning: {key}: {warning}")
            except ValidationError as error:
                messages = (
                    [f"{field}: {'; '.join(msgs)}" for field, msgs in error.message_dict.items()]
                    if hasattr(error, "error_dict")
                    else error.messages
                )
                raise CommandError("; ".join(messages)) from error
            data = object_settings_as_dict(workspace=workspace)
        self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
