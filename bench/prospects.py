"""Benchmark of the prospect pages and the conversion's duplicate search (not a test).

Uses its own database `carnet_bench_prospects` on the embedded server (or DATABASE_URL),
migrates it, seeds a `bench` workspace once with 20,000 organisations, 100,000 contacts and
50,000 prospects (about one in ten a likely duplicate), then prints:

- the duplicate search of one conversion (prospects.selectors.conversion_suggestions), median
  and worst over many prospects, with the EXPLAIN ANALYZE of its two queries (indexes, no scan);
- the median time and query count of the prospect list (plain, search, status, label, deep page)
  and of the conversion wizard page, requested through Django's test Client as a member.

    .venv/bin/python bench/prospects.py [--repeat 15] [--contacts 100000] [--prospects 50000]
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.setup import start  # noqa: E402

start("carnet_bench_prospects")

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from workspaces import services  # noqa: E402
from workspaces.models import Workspace  # noqa: E402

SLUG = "bench"
OWNER = "bench@example.com"


def workspace_ready(organisations: int, contacts: int, prospects: int):
    from django.core.management import call_command

    from contacts import demo as contacts_demo
    from contacts.models import Contact
    from prospects import demo as prospects_demo
    from prospects.models import Prospect

    call_command("migrate_workspaces", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    owner = services.user_get_or_create(email=OWNER, password="bench")
    workspace = Workspace.objects.filter(schema_name=SLUG).first()
    if workspace is None:
        workspace = services.workspace_create(slug=SLUG, name="Bench", owner=owner)
    rng = random.Random(7)
    with workspace:
        have_contacts, have_prospects = Contact.objects.count(), Prospect.objects.count()
        if have_contacts < contacts:
            start = time.perf_counter()
            with transaction.atomic():
                ids = contacts_demo.seed_organisations(
                    rng=rng, count=organisations, owners=[owner.pk], labels_=[]
                )
                contacts_demo.seed_contacts(
                    rng=rng,
                    count=contacts - have_contacts,
                    organisation_ids=ids,
                    owners=[owner.pk],
                    labels_=[],
                )
            print(f"organisations and contacts seeded in {time.perf_counter() - start:.1f} s")
        if have_prospects < prospects:
            start = time.perf_counter()
            with transaction.atomic():
                prospects_demo.seed(rng=rng, count=prospects - have_prospects, owners=[owner.pk])
            print(f"prospects seeded in {time.perf_counter() - start:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would have, after a bulk load
        counts = (
            Contact.objects.count(),
            Prospect.objects.count(),
        )
    connection.set_schema_to_public()
    print(f"workspace {SLUG}: {counts[0]} contacts, {counts[1]} prospects")
    return workspace, owner


def explain(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING ON) {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def bench_duplicates(workspace, samples: int) -> None:
    from contacts.selectors import contact_duplicates
    from organisations.normalise import email_domain
    from organisations.selectors import organisation_duplicates
    from prospects.models import Prospect
    from prospects.selectors import conversion_suggestions

    with workspace:
        ids = list(
            Prospect.objects.exclude(status="converted")
            .order_by("?")
            .values_list("pk", flat=True)[:samples]
        )
        prospects = list(Prospect.objects.filter(pk__in=ids))
        timings, found = [], 0
        for prospect in prospects:
            start = time.perf_counter()
            suggestions = conversion_suggestions(prospect=prospect)
            timings.append((time.perf_counter() - start) * 1000)
            found += bool(suggestions)
        timings.sort()
        print(
            f"\nduplicate search for one conversion ({len(timings)} prospects, "
            f"{found} with suggestions): median {statistics.median(timings):.2f} ms, "
            f"p95 {timings[int(len(timings) * 0.95) - 1]:.2f} ms, max {timings[-1]:.2f} ms"
        )
        # A prospect that matches on every criterion, for the plans.
        sample = next(
            (p for p in prospects if conversion_suggestions(prospect=p).organisations),
            prospects[0],
        )
        print(
            f"\nEXPLAIN organisations (name key, SIREN, email domain) for {sample.company_name!r}:"
        )
        print(
            explain(
                organisation_duplicates(
                    name=sample.company_name,
                    siren="552100554",
                    email_domain=email_domain(sample.email) or "exemple.fr",
                )[:5]
            )
        )
        print(f"\nEXPLAIN contacts (same email, any case) for {sample.email!r}:")
        print(explain(contact_duplicates(email=sample.email.upper())[:5]))
    connection.set_schema_to_public()


def bench_pages(workspace, owner, repeat: int) -> None:
    from labels.models import Label
    from prospects.models import Prospect

    with workspace:
        label = Label.objects.first()
        prospect = Prospect.objects.exclude(status="converted").order_by("pk").first()
    connection.set_schema_to_public()
    client = Client(HTTP_HOST=workspace.host)
    client.force_login(owner)
    pages = [
        ("prospect list", "/prospects/"),
        ("list, search 'dupont'", "/prospects/?q=dupont"),
        ("list, status qualified", "/prospects/?status=qualified"),
        ("list, label filter", f"/prospects/?label={label.pk}" if label else "/prospects/"),
        ("list, page 500", "/prospects/?page=500"),
        ("list, HTMX results", "/prospects/?q=mar"),
        ("conversion wizard", f"/prospects/{prospect.pk}/convert/"),
    ]
    print(
        f"\npages (median of {repeat}, after one warm-up; load average {os.getloadavg()[0]:.1f}):"
    )
    for name, url in pages:
        headers = {"HTTP_HX_REQUEST": "true"} if "HTMX" in name else {}
        response = client.get(url, **headers)
        assert response.status_code == 200, (url, response.status_code)
        timings, sql = [], []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                client.get(url, **headers)
                timings.append((time.perf_counter() - start) * 1000)
            sql.append(sum(float(query["time"]) for query in queries.captured_queries) * 1000)
        print(
            f"  {name:<24} {statistics.median(timings):6.1f} ms  (SQL {statistics.median(sql):5.1f}"
            f" ms, {len(queries)} queries)  {url}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--organisations", type=int, default=20000)
    parser.add_argument("--contacts", type=int, default=100000)
    parser.add_argument("--prospects", type=int, default=50000)
    parser.add_argument("--samples", type=int, default=200)
    options = parser.parse_args()
    workspace, owner = workspace_ready(options.organisations, options.contacts, options.prospects)
    bench_duplicates(workspace, options.samples)
    bench_pages(workspace, owner, options.repeat)


if __name__ == "__main__":
    main()
