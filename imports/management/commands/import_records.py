"""import_records <slug> <object> <file> [--on-match skip|fill|overwrite|create] [--mapping auto]

Runs the same import as the Import page from a shell, in the foreground: columns mapped by the
suggestions (or the workspace's remembered mapping for these headers), rows matching a record
handled as `--on-match` says. Prints the counts; with rejected rows, prints each line's reason
and exits with status 1 (the accepted rows stay imported, as one batch that the Import page
can undo).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from imports import services
from imports.models import BatchStatus, OnMatch
from imports.parsing import MAX_BYTES, ImportFileError
from imports.targets import IMPORTABLE_OBJECTS, required_unmapped
from workspaces.models import Workspace
from workspaces.object_settings import ObjectSettings


class Command(BaseCommand):
    help = "Import a CSV or XLSX file into a workspace's organisations, contacts or prospects."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("object", choices=IMPORTABLE_OBJECTS)
        parser.add_argument("file")
        parser.add_argument("--on-match", choices=OnMatch.values, default=OnMatch.SKIP)
        parser.add_argument("--mapping", choices=["auto"], default="auto")
        parser.add_argument("--sheet", default="")
        parser.add_argument("--language", default="en", help="language of the messages")

    def handle(self, *args, slug, object, file, on_match, sheet, language, **options):
        workspace = Workspace.objects.filter(schema_name=slug).first()
        if workspace is None or slug == "public":
            raise CommandError(f"No workspace {slug!r}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file {file!r}.")
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(f"{file}: larger than {MAX_BYTES // (1024 * 1024)} MB.")
        object_settings = ObjectSettings.load(workspace)
        if not object_settings.is_enabled(object):
            raise CommandError(f"The object {object!r} is disabled in {slug!r}.")
        with translation.override(language), workspace:
            try:
                batch = services.batch_create(
                    object_key=object,
                    file_name=path.name,
                    content=path.read_bytes(),
                    user=None,
                    sheet=sheet,
                )
            except ImportFileError as error:
                raise CommandError(str(error)) from error
            mapping = services.mapping_suggest(batch, object_settings)
            if not any(mapping):
                raise CommandError("No column matches a field: " + ", ".join(batch.headers))
            services.batch_map(
                batch=batch, mapping=mapping, on_match=on_match, object_settings=object_settings
            )
            missing = required_unmapped(object, batch.mapping)
            if missing:
                raise CommandError(
                    "No column for these required fields: "
                    + ", ".join(target.label for target in missing)
                )
            services.batch_start(batch=batch)
            batch = services.batch_run(batch_id=batch.pk)
            mapped = [f"{h} -> {m}" for h, m in zip(batch.headers, mapping, strict=True) if m]
            self.stdout.write("mapping: " + "; ".join(mapped))
            self.stdout.write(
                f"batch {batch.pk}: {batch.get_status_display()}, "
                f"created {batch.created_count}, updated {batch.updated_count}, "
                f"skipped {batch.skipped_count}, rejected {batch.rejected_count}"
            )
            if batch.status == BatchStatus.FAILED:
                raise CommandError(batch.error)
            if batch.rejected_count:
                for row in batch.rejected.all()[:1000]:
                    self.stderr.write(f"line {row.line}: {row.reason}")
                raise SystemExit(1)
