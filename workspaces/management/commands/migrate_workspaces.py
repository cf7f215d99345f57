from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django_tenants.utils import schema_exists

from workspaces import services


class Command(BaseCommand):
    help = (
        "Migrate everything: the public schema, the template schema new workspaces are cloned "
        "from (created if missing), then every workspace. Run on every deploy."
    )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=verbosity)
        services.public_host_ensure()
        template = settings.TENANT_BASE_SCHEMA
        if not schema_exists(template):
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE SCHEMA "{template}"')
        call_command(
            "migrate_schemas", tenant=True, schema_name=template, interactive=False,
            verbosity=verbosity,
        )  # fmt: skip
        call_command("migrate_schemas", tenant=True, interactive=False, verbosity=verbosity)
