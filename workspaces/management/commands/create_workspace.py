from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from workspaces import services


class Command(BaseCommand):
    help = (
        "Create a workspace with OWNER as its admin. An unknown owner gets an account without "
        "a usable password (they set one through 'forgot password')."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="lowercase letters, digits and hyphens: the sub-domain")
        parser.add_argument("--name", required=True)
        parser.add_argument("--owner", required=True, help="email of the first admin")

    def handle(self, *args, slug, name, owner, **options):
        try:
            validate_email(owner)
        except ValidationError as error:
            raise CommandError(f"--owner: {'; '.join(error.messages)}") from error
        user = services.user_get_or_create(email=owner)
        try:
            workspace = services.workspace_create(slug=slug, name=name, owner=user)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(f"Created workspace {workspace.slug} at {workspace.host}, admin {user}.")
