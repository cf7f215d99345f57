"""Benchmark of many workspaces (not a test): `make bench-scale`.

Uses its own database `carnet_bench_scale` on the embedded server (or DATABASE_URL) and fills
it, once, with 1,000 empty workspaces (`s0001`…, one owner). Prints:

- the time of creating a workspace with 200, 500 and 1,000 present (median of 5 creations,
  each then dropped), from a spare schema (workspaces.schemas: the worker clones one between
  creations, timed apart) and with no spare ready (cloned at once); and of two creations at
  once from two threads (each alone, both), each taking a spare;
- `migrate_workspaces` with nothing to do, next to django-tenants' `migrate_schemas` on a
  sample of schemas (per schema, times the number of workspaces);
- the memory of one database connection that serves the contact list of every workspace in
  turn (as a web or background worker would), without and with the replacement of the
  connection after `SCHEMAS_PER_CONNECTION` schemas (workspaces.connections).

    .venv/bin/python bench/scale.py [--workspaces 1000] [--visits 1000]
"""

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.setup import start  # noqa: E402

start("carnet_bench_scale")

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from workspaces import connections as recycling  # noqa: E402
from workspaces import schemas, services  # noqa: E402
from workspaces.models import SpareSchema, Workspace  # noqa: E402

OWNER = "scale@example.com"
PROBES = 5


def slug(i: int) -> str:
    return f"s{i:04d}"


def fill_to(count: int, owner) -> None:
    have = Workspace.objects.filter(schema_name__regex=r"^s[0-9]{4}$").count()
    began = time.perf_counter()
    for i in range(have + 1, count + 1):
        services.workspace_create(slug=slug(i), name=f"Scale {i}", owner=owner)
    if count > have:
        spent = time.perf_counter() - began
        print(f"  created {count - have} workspaces in {spent:.0f} s", flush=True)


def drop(slugs) -> None:
    for workspace in Workspace.objects.filter(schema_name__in=slugs):
        workspace.delete(force_drop=True)
    connection.set_schema_to_public()


def spares_drop() -> None:
    """No spare schema ready (as when sign-ups come faster than the worker clones)."""
    with transaction.atomic():
        for spare in SpareSchema.objects.select_for_update():
            with connection.cursor() as cursor:
                cursor.execute(f"DROP SCHEMA IF EXISTS {spare.schema_name} CASCADE")
            spare.delete()


def creation_ms(owner, spare: bool = True) -> tuple[float, float]:
    """Median time of creating a workspace (each dropped again afterwards), with a spare
    schema ready (the worker clones the next one between creations, as after a sign-up:
    untimed here, and its median returned beside) or with none."""
    times, fills = [], []
    for i in range(PROBES):
        if spare:
            began = time.perf_counter()
            schemas.spares_fill()
            fills.append((time.perf_counter() - began) * 1000)
        else:
            spares_drop()
        began = time.perf_counter()
        services.workspace_create(slug=f"probe{i}", name="Probe", owner=owner)
        times.append((time.perf_counter() - began) * 1000)
    drop([f"probe{i}" for i in range(PROBES)])
    return statistics.median(times), statistics.median(fills) if fills else 0.0


def two_at_once_ms() -> tuple[float, float]:
    """Each creation's own time and the wall time of both, started together in two threads."""
    barrier = threading.Barrier(2)
    times = {}

    def create(name):
        barrier.wait()
        began = time.perf_counter()
        services.workspace_create(slug=name, name=name)
        times[name] = (time.perf_counter() - began) * 1000
        connections.close_all()

    threads = [threading.Thread(target=create, args=(f"pair{i}",)) for i in (1, 2)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = (time.perf_counter() - began) * 1000
    drop(["pair1", "pair2"])
    return max(times.values()), wall


def backend_memory() -> tuple[int, float, float | None]:
    """This connection's backend: pid, its memory contexts (MB), its private RSS (MB, if the
    server runs on this machine and /proc is readable)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid(), sum(total_bytes) FROM pg_backend_memory_contexts")
        pid, contexts = cursor.fetchone()
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        anon = next(line for line in status.splitlines() if line.startswith("RssAnon:"))
        rss = int(anon.split()[1]) / 1024
    except (OSError, StopIteration):
        rss = None
    return pid, contexts / 2**20, rss


def visiting(schemas: list[str], owner, recycle: bool) -> list[tuple]:
    """Request the contact list of each workspace on one persistent connection; memory of the
    backend before and at a few points."""
    connections.close_all()
    limit = recycling.SCHEMAS_PER_CONNECTION
    recycling.SCHEMAS_PER_CONNECTION = limit if recycle else 10**9
    client = Client()
    client.force_login(owner)
    rows = [(0, *backend_memory())]
    marks = {len(schemas) // 4, len(schemas) // 2, len(schemas)}
    pids = set()
    try:
        for n, schema in enumerate(schemas, 1):
            response = client.get("/contacts/", HTTP_HOST=f"{schema}.{settings.BASE_DOMAIN}")
            assert response.status_code == 200, (schema, response.status_code)
            if connection.connection is not None:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_backend_pid()")
                    pids.add(cursor.fetchone()[0])
            if n in marks:
                rows.append((n, *backend_memory()))
    finally:
        recycling.SCHEMAS_PER_CONNECTION = limit
        connection.set_schema_to_public()
    rows.append(("connections used", len(pids), 0, None))
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workspaces", type=int, default=1000)
    parser.add_argument("--visits", type=int, default=1000)
    args = parser.parse_args()
    call_command("migrate_workspaces", verbosity=0)
    owner = services.user_get_or_create(email=OWNER, password="bench")
    drop([f"probe{i}" for i in range(PROBES)] + ["pair1", "pair2"])  # an interrupted run

    print("Creating a workspace (median of 5, ms):", flush=True)
    for mark in sorted({200, 500, args.workspaces}):
        if mark > args.workspaces:
            continue
        fill_to(mark, owner)
        with_spare, fill = creation_ms(owner)
        without, _fill = creation_ms(owner, spare=False)
        print(
            f"  with {mark:5d} present: {with_spare:7.0f} from a spare, {without:7.0f} cloned "
            f"(no spare ready); the worker's clone of a spare: {fill:7.0f}",
            flush=True,
        )
    schemas.spares_fill(count=2)
    alone, wall = two_at_once_ms()
    print(f"  two at once: the slower one {alone:.0f} ms, both {wall:.0f} ms", flush=True)

    total = Workspace.objects.exclude(schema_name="public").count()
    began = time.perf_counter()
    call_command("migrate_workspaces", verbosity=0)
    noop = time.perf_counter() - began
    sample = [slug(i) for i in range(1, min(20, args.workspaces) + 1)]
    began = time.perf_counter()
    for schema in sample:
        call_command("migrate_schemas", tenant=True, schema_name=schema, verbosity=0)
    per_schema = (time.perf_counter() - began) / len(sample)
    connection.set_schema_to_public()
    print(
        f"migrate_workspaces with nothing to do, {total} workspaces: {noop:.1f} s "
        f"(django-tenants' migrate_schemas: {per_schema:.2f} s per schema, "
        f"~{per_schema * total:.0f} s for all)",
        flush=True,
    )

    visited = [slug(i) for i in range(1, min(args.visits, args.workspaces) + 1)]
    print(
        f"One connection serving /contacts/ of {len(visited)} workspaces in turn "
        "(backend memory contexts / private RSS, MB):",
        flush=True,
    )
    for recycle in (False, True):
        title = (
            f"replaced after {recycling.SCHEMAS_PER_CONNECTION} schemas"
            if recycle
            else "never replaced"
        )
        print(f"  {title}:", flush=True)
        for n, pid, contexts, rss in visiting(visited, owner, recycle):
            if n == "connections used":
                print(f"    database connections used: {pid}", flush=True)
                continue
            rss_text = f"{rss:7.1f}" if rss is not None else "      ?"
            print(f"    after {n:5d} schemas: {contexts:7.1f} {rss_text}", flush=True)


if __name__ == "__main__":
    main()
