from django.core.management.base import BaseCommand, CommandError

from workspaces import demo
from workspaces.models import Workspace


class Command(BaseCommand):
    help = "Fill a workspace with deterministic sample data (bulk inserts; safe to re-run)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--seed", type=int, default=1, help="same seed, same data")
        parser.add_argument("--organisations", type=int, default=200)
        parser.add_argument("--contacts", type=int, default=1000)
        parser.add_argument("--prospects", type=int, default=300)
        parser.add_argument("--opportunities", type=int, default=150)

    def handle(
        self, *args, slug, seed, organisations, contacts, prospects, opportunities, **options
    ):
        workspace = Workspace.objects.filter(schema_name=slug).first()
        if workspace is None:
            raise CommandError(f"No workspace '{slug}'.")
        report = demo.seed(
            workspace=workspace,
            seed=seed,
            organisations=organisations,
            contacts=contacts,
            prospects=prospects,
            opportunities=opportunities,
        )
        for line in report:
            self.stdout.write(line)
