from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django_tenants.utils import get_public_schema_name, schema_exists

from workspaces import schemas, services
from workspaces.models import Workspace


class Command(BaseCommand):
    help = (
        "Migrate everything: the public schema, the template schema new workspaces are cloned "
        "from (created if missing), then the workspaces that miss a migration. Run on every "
        "deploy."
    )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=verbosity)
        services.public_host_ensure()
        schemas.clone_function_install()  # once per deploy, not in each creation
        template = settings.TENANT_BASE_SCHEMA
        if not schema_exists(template):
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE SCHEMA "{template}"')
        call_command(
            "migrate_schemas", tenant=True, schema_name=template, interactive=False,
            verbosity=verbosity,
        )  # fmt: skip
        workspaces = Workspace.objects.exclude(schema_name=get_public_schema_name()).values_list(
            "schema_name", flat=True
        )
        stale = schemas.stale_schemas(list(workspaces))
        if verbosity:
            self.stdout.write(f"{len(stale)} of {len(workspaces)} workspaces to migrate.")
        for schema in stale:  # each in its own transaction: one failure stops only itself
            call_command(
                "migrate_schemas", tenant=True, schema_name=schema, interactive=False,
                verbosity=verbosity,
            )  # fmt: skip
