from django.core.management.base import BaseCommand

from workspaces import demo


class Command(BaseCommand):
    help = (
        "Create, if missing, the operator admin@example.com/admin and the demo workspace 'demo' "
        "with demo@example.com/demo as admin and sample data. Re-running keeps existing data."
    )

    def handle(self, *args, **options):
        for line in demo.setup():
            self.stdout.write(line)
