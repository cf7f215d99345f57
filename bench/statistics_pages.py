"""Benchmark of the statistics pages and the dashboard (not a test).

Uses its own database `carnet_bench_statistics` on the embedded server (or DATABASE_URL),
migrates it, seeds a `bench` workspace once with 20,000 organisations, 100,000 contacts,
50,000 prospects (and their status history, about 80,000 changes) and 20,000 opportunities
(seed_demo's generator); `--history N` tops the prospects' status history up to N rows spread
over three years (a stress case: 1,000,000 changes is 20 per prospect). It then requests each
statistics page (this year, last 12 months; the tasks' too) and the dashboard through Django's
test Client as a member and prints the median and fastest time and the number of SQL queries.

    .venv/bin/python bench/statistics_pages.py [--repeat 15] [--history 0]
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.setup import machine_speed, measure, start  # noqa: E402

start("carnet_bench_statistics")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from workspaces import demo, services  # noqa: E402
from workspaces.models import Workspace  # noqa: E402

SLUG = "bench"
OWNER = "bench@example.com"
COUNTS = {"organisations": 20000, "contacts": 100000, "prospects": 50000, "opportunities": 20000}
TABLES = [
    "contacts_contact",
    "organisations_organisation",
    "prospects_prospect",
    "prospects_prospectstatuschange",
    "opportunities_opportunity",
]


def workspace_ready(history: int):
    call_command("migrate_workspaces", verbosity=0)
    owner = services.user_get_or_create(email=OWNER, password="bench")
    workspace = Workspace.objects.filter(schema_name=SLUG).first()
    if workspace is None:
        workspace = services.workspace_create(slug=SLUG, name="Bench", owner=owner)
    with workspace:
        from contacts.models import Contact
        from prospects.models import ProspectStatusChange

        seeded = Contact.objects.exists()
    if not seeded:
        start = time.perf_counter()
        report = demo.seed(workspace=workspace, seed=7, **COUNTS)
        print(f"seeded in {time.perf_counter() - start:.1f} s: {' '.join(report)}")
    with workspace:
        have = ProspectStatusChange.objects.count()
        if have < history:
            start = time.perf_counter()
            with connection.cursor() as cursor:
                # Status changes of random prospects at random moments of the last 3 years.
                cursor.execute(
                    f"""
                    INSERT INTO {SLUG}.prospects_prospectstatuschange
                        (prospect_id, from_status, to_status, reason, changed_at)
                    SELECT p.id, 'new',
                           (ARRAY['contacted','qualified','disqualified'])[1 + n % 3],
                           CASE WHEN n % 3 = 2
                                THEN (ARRAY['budget','timing','no need'])[1 + n % 7 % 3]
                                ELSE '' END,
                           now() - (n % 1095) * interval '1 day' - (n % 24) * interval '1 hour'
                    FROM generate_series(1, {int(history - have)}) AS n
                    JOIN {SLUG}.prospects_prospect p
                      ON p.id = (SELECT min(id) FROM {SLUG}.prospects_prospect) + n % 50000
                    """
                )
            print(f"history topped up to {history} rows in {time.perf_counter() - start:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE " + ", ".join(f"{SLUG}.{t}" for t in TABLES))
    connection.set_schema_to_public()
    return workspace, owner


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--history", type=int, default=0)
    args = parser.parse_args()
    workspace, owner = workspace_ready(args.history)
    client = Client(HTTP_HOST=workspace.host)
    client.force_login(owner)
    cases = [("dashboard", "/")]
    for plural in ("opportunities", "prospects", "organisations", "contacts"):
        cases.append((f"{plural} statistics (year)", f"/{plural}/statistics/?period=year"))
        cases.append((f"{plural} statistics (12 months)", f"/{plural}/statistics/?period=12m"))
    cases.append(("tasks statistics (year)", "/tasks/statistics/?period=year"))
    cases.append(("tasks statistics (12 months)", "/tasks/statistics/?period=12m"))
    print(machine_speed())
    print(f"{'page':36} {'median ms':>10} {'min ms':>8} {'queries':>8}")
    for name, url in cases:
        median, fastest, queries = measure(client, url, args.repeat)
        print(f"{name:36} {median:10.1f} {fastest:8.1f} {queries:8d}")


if __name__ == "__main__":
    main()
