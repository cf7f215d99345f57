import multiprocessing
import os
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections
from django_tenants.utils import get_public_schema_name, schema_exists

from workspaces import schemas, services
from workspaces.models import Workspace

# A process that has visited many schemas holds their catalogue entries in its database
# connection (about 0.4 MB per schema): each migrating process is replaced after this many.
SCHEMAS_PER_PROCESS = 50


def migrate_one(schema: str, verbosity: int) -> tuple[str, str]:
    """Migrate one workspace schema, in its own transactions (run in a child process)."""
    try:
        call_command(
            "migrate_schemas", tenant=True, schema_name=schema, interactive=False,
            verbosity=verbosity,
        )  # fmt: skip
    except Exception as error:  # noqa: BLE001 — one workspace's failure stops only itself
        return schema, f"{type(error).__name__}: {error}"
    finally:
        connection.set_schema_to_public()
    return schema, ""


class Command(BaseCommand):
    help = (
        "Migrate everything: the public schema, the template schema new workspaces are cloned "
        "from (created if missing), the spare schemas cloned ahead (dropped and cloned again "
        "when the template changed), then the workspaces that miss a migration, several at "
        "once. Run on every deploy."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--processes",
            type=int,
            default=int(os.environ.get("CARNET_MIGRATE_PROCESSES", min(4, os.cpu_count() or 1))),
            help="workspaces migrated at once (default: the number of cores, at most 4)",
        )

    def handle(self, *args, processes, **options):
        verbosity = options["verbosity"]
        began = time.perf_counter()
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=verbosity)
        services.public_host_ensure()
        template = settings.TENANT_BASE_SCHEMA
        if not schema_exists(template):
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE SCHEMA "{template}"')
        if schemas.stale_schemas([template]):
            call_command(
                "migrate_schemas", tenant=True, schema_name=template, interactive=False,
                verbosity=verbosity,
            )  # fmt: skip
        # Spares cloned before the template's new migrations are dropped and cloned again.
        dropped, made = schemas.spares_refresh()
        if verbosity and (dropped or made):
            self.stdout.write(f"Spare schemas: {dropped} dropped, {made} cloned.")
        workspaces = list(
            Workspace.objects.exclude(schema_name=get_public_schema_name()).values_list(
                "schema_name", flat=True
            )
        )
        stale = schemas.stale_schemas(workspaces)
        if verbosity:
            self.stdout.write(f"{len(stale)} of {len(workspaces)} workspaces to migrate.")
        failed = self.migrate(stale, processes=processes, verbosity=verbosity)
        if verbosity:
            self.stdout.write(f"Done in {time.perf_counter() - began:.1f} s.")
        if failed:
            for schema, error in failed:
                self.stderr.write(f"{schema}: {error}")
            raise CommandError(
                f"{len(failed)} of {len(stale)} workspaces could not be migrated: "
                + ", ".join(schema for schema, _error in failed)
            )

    def migrate(self, stale: list[str], *, processes: int, verbosity: int) -> list:
        """Each workspace in its own transactions, so one failure stops only itself; in
        `processes` child processes when there are several, each replaced after
        SCHEMAS_PER_PROCESS schemas so that no connection grows without bound."""
        if processes <= 1 or len(stale) <= 1:
            results = [migrate_one(schema, verbosity) for schema in stale]
        else:
            connections.close_all()  # the children open their own
            context = multiprocessing.get_context("fork")  # they inherit Django, set up
            with context.Pool(
                processes=min(processes, len(stale)),
                maxtasksperchild=SCHEMAS_PER_PROCESS,
            ) as pool:
                results = pool.starmap(migrate_one, [(schema, verbosity) for schema in stale], 1)
        return [(schema, error) for schema, error in results if error]
