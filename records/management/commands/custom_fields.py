"""custom_fields <slug>: list, add or delete a workspace's custom fields; purge expired ones.

    manage.py custom_fields demo                                  # every field, as JSON
    manage.py custom_fields demo --add opportunity date "Date du comité" \\
        --label-en "Committee date" --group Comité --required
    manage.py custom_fields demo --add contact choice Secteur --options "Industrie|blue;Services"
    manage.py custom_fields demo --delete <key>                   # hidden; purged after 30 days
    manage.py custom_fields demo --purge-expired                  # run daily
"""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from records.custom_field_services import (
    custom_field_create,
    custom_field_delete,
    custom_fields_purge_expired,
)
from records.custom_fields import FieldType
from records.models import CustomField
from workspaces.models import Workspace
from workspaces.object_settings import OBJECT_KEYS


def as_dict(field: CustomField) -> dict:
    return {
        "object": field.object_key,
        "key": field.key,
        "label_fr": field.label_fr,
        "label_en": field.label_en,
        "type": field.field_type,
        "group": field.group,
        "required": field.required,
        "shown": field.shown,
        "position": field.position,
        "options": [o.get("label") for o in field.options],
        "deleted": field.deleted_at.isoformat() if field.deleted_at else None,
    }


class Command(BaseCommand):
    help = "List, add or delete a workspace's custom fields, or purge those deleted 30 days ago."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument(
            "--add", nargs=3, metavar=("OBJECT", "TYPE", "LABEL"), help="add a field"
        )
        parser.add_argument("--label-en", default="")
        parser.add_argument("--group", default="")
        parser.add_argument("--help-text", default="")
        parser.add_argument("--required", action="store_true")
        parser.add_argument("--options", default="", help='"Label|colour;Label|colour"')
        parser.add_argument("--delete", metavar="KEY")
        parser.add_argument("--purge-expired", action="store_true")

    def handle(self, *args, slug, **options):
        workspace = Workspace.objects.filter(schema_name=slug).first()
        if workspace is None or slug == "public":
            raise CommandError(f"No workspace {slug!r}.")
        with workspace, translation.override("en"):
            try:
                with transaction.atomic():
                    self.apply(options)
            except ValidationError as error:
                raise CommandError("; ".join(error.messages)) from error
            fields = [as_dict(f) for f in CustomField.objects.order_by("object_key", "position")]
        self.stdout.write(json.dumps(fields, indent=2, ensure_ascii=False))

    def apply(self, options) -> None:
        if options["add"]:
            object_key, field_type, label = options["add"]
            if object_key not in OBJECT_KEYS:
                raise CommandError(f"Unknown object {object_key!r} ({', '.join(OBJECT_KEYS)}).")
            if field_type not in FieldType.values:
                raise CommandError(f"Unknown type {field_type!r} ({', '.join(FieldType.values)}).")
            change = custom_field_create(
                object_key=object_key,
                field_type=field_type,
                label_fr=label,
                label_en=options["label_en"],
                group=options["group"],
                help_text=options["help_text"],
                required=options["required"],
                options=options["options"].replace(";", "\n"),
            )
            for warning in change.warnings:
                self.stderr.write(f"warning: {warning}")
        if options["delete"]:
            field = CustomField.objects.filter(
                key=options["delete"], deleted_at__isnull=True
            ).first()
            if field is None:
                raise CommandError(f"No field {options['delete']!r}.")
            custom_field_delete(field=field)
        if options["purge_expired"]:
            count = custom_fields_purge_expired()
            self.stderr.write(f"{count} expired fields purged")
