import datetime

from django.core.management.base import BaseCommand, CommandError

from activities.reminders import digests_send


class Command(BaseCommand):
    help = (
        "Send each member's morning digest of overdue and today's tasks, in every workspace "
        "whose local time is past 07:30 (at most once a day each). Run it every few minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", help="ISO date-time with an offset, instead of the clock")

    def handle(self, *args, now=None, **options):
        moment = None
        if now:
            try:
                moment = datetime.datetime.fromisoformat(now)
            except ValueError as error:
                raise CommandError(f"--now: {error}") from error
            if moment.tzinfo is None:
                raise CommandError("--now needs a UTC offset, e.g. 2026-12-01T07:45+01:00")
        sent = digests_send(now=moment)
        self.stdout.write(f"{sent} digest(s) sent")
