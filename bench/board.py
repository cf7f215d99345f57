"""Benchmark of the opportunity board (not a test): `make bench-board` (also run by `make bench`).

Uses its own database `carnet_bench_board` on the embedded server (or DATABASE_URL), migrates
it, seeds a `board` workspace once with 5,000 opportunities in one workflow (seed_demo's
generator), then, as a member, prints the median time and SQL queries of: the board, the board
filtered by a search, the HTMX board fragment, a drag-and-drop move (HTMX, both columns back)
and a "move to…" form post (redirect).

    .venv/bin/python bench/board.py [--repeat 15] [--opportunities 5000]
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.setup import machine_speed, start, timed  # noqa: E402

start("carnet_bench_board")

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from workspaces import demo, services  # noqa: E402
from workspaces.models import Workspace  # noqa: E402

SLUG = "board"
OWNER = "board@example.com"


def workspace_ready(opportunities: int):
    from django.core.management import call_command

    from opportunities.models import Opportunity

    call_command("migrate_workspaces", verbosity=0)
    owner = services.user_get_or_create(email=OWNER, password="bench")
    workspace = Workspace.objects.filter(schema_name=SLUG).first()
    if workspace is None:
        workspace = services.workspace_create(slug=SLUG, name="Board", owner=owner)
    with workspace:
        have = Opportunity.objects.count()
    if have < opportunities:
        start = time.perf_counter()
        report = demo.seed(
            workspace=workspace,
            seed=11,
            organisations=500 if not have else 0,
            contacts=1500 if not have else 0,
            prospects=0,
            opportunities=opportunities - have,
        )
        print(f"seeded in {time.perf_counter() - start:.1f} s: {' '.join(report)}")
        with connection.cursor() as cursor:
            cursor.execute(
                f"VACUUM ANALYZE {SLUG}.opportunities_opportunity, "
                f"{SLUG}.opportunities_opportunity_labels"
            )
    connection.set_schema_to_public()
    return workspace, owner


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--opportunities", type=int, default=5000)
    args = parser.parse_args()
    workspace, owner = workspace_ready(args.opportunities)
    with workspace:
        from opportunities.models import Opportunity, Stage

        stages = list(Stage.objects.filter(kind="open").order_by("position"))
        counts = {s.name: s.opportunities.count() for s in Stage.objects.all()}
        total = Opportunity.objects.count()
        card_ids = list(
            Opportunity.objects.filter(stage=stages[0])
            .order_by("position")
            .values_list("pk", flat=True)[: args.repeat + 1]
        )
    connection.set_schema_to_public()
    print(f"{total} opportunities in one workflow: {counts}")
    client = Client(HTTP_HOST=workspace.host)
    client.force_login(owner)
    htmx = {"HX-Request": "true"}

    def drag(i):
        # Alternate between the first two open columns, dropped at the top of the target.
        target = stages[1] if i % 2 == 0 else stages[0]
        return client.post(
            f"/opportunities/{card_ids[0]}/move/",
            {"stage": target.pk, "index": 0, "swap": "headers"},
            headers=htmx,
        )

    def keyboard_htmx(i):
        target = stages[1] if i % 2 == 0 else stages[2]
        return client.post(
            f"/opportunities/{card_ids[1]}/move/", {"stage": target.pk}, headers=htmx
        )

    def keyboard(i):
        return client.post(f"/opportunities/{card_ids[i]}/move/", {"stage": stages[2].pk})

    cases = [
        ("board (5 columns, first cards)", lambda i: client.get("/opportunities/board/")),
        ("board, search 'audit'", lambda i: client.get("/opportunities/board/?q=audit")),
        (
            "board HTMX fragment",
            lambda i: client.get("/opportunities/board/", headers=htmx),
        ),
        ("move, drag and drop (HTMX)", drag),
        ("move, 'move to' form (HTMX)", keyboard_htmx),
        ("move, 'move to' form (302)", keyboard),
    ]
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} ({os.cpu_count()} CPUs)")
    print(machine_speed())
    print(f"{'request':32} {'median ms':>10} {'min ms':>8} {'queries':>8}")
    for name, request in cases:
        median, fastest, queries = timed(request, args.repeat)
        print(f"{name:32} {median:10.1f} {fastest:8.1f} {queries:8d}")


if __name__ == "__main__":
    main()
