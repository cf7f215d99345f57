"""Benchmark of the list pages (not a test): `make bench`.

Uses its own database `carnet_bench` on the embedded server (or DATABASE_URL), migrates it,
seeds a `bench` workspace once with 20,000 organisations, 100,000 contacts, 50,000 prospects
and 5,000 opportunities (seed_demo's generator, timed; at 1M the proportions of
bench.setup.SIZES), then requests pages through Django's test Client as a member and prints the
median (and fastest) time and the number of SQL queries of: the contact list, a search, a label
filter, page 1000, the organisation list, and a CSV export of a search.

    .venv/bin/python bench/lists.py [--repeat 15] [--organisations 20000] [--contacts 100000]
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.setup import SIZES, measure, size, start  # noqa: E402

start("carnet_bench")

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from workspaces import demo, services  # noqa: E402
from workspaces.models import Workspace  # noqa: E402

SLUG = "bench"
OWNER = "bench@example.com"


def workspace_ready(organisations: int, contacts: int):
    from django.core.management import call_command

    call_command("migrate_workspaces", verbosity=0)
    owner = services.user_get_or_create(email=OWNER, password="bench")
    workspace = Workspace.objects.filter(schema_name=SLUG).first()
    if workspace is None:
        workspace = services.workspace_create(slug=SLUG, name="Bench", owner=owner)
    with workspace:
        from contacts.models import Contact
        from opportunities.models import Opportunity
        from prospects.models import Prospect
        from records.models import ListPreference

        have = Contact.objects.count()
        # The lists as a newcomer sees them, with their default columns (bench/custom_fields.py
        # chooses its own and puts them back; a run it did not finish may have left them).
        ListPreference.objects.filter(user_id=owner.pk).delete()
        # Prospects and opportunities in the proportions (SIZES): a database seeded
        # before they were asked for gets the missing ones, once.
        wanted = SIZES[size()]
        missing = {
            "prospects": max(0, wanted["prospects"] - Prospect.objects.count()),
            "opportunities": max(0, wanted["opportunities"] - Opportunity.objects.count()),
        }
    if have < contacts or any(missing.values()):
        start = time.perf_counter()
        report = demo.seed(
            workspace=workspace,
            seed=7 if have < contacts else 8,
            organisations=organisations if have < contacts else 0,
            contacts=max(0, contacts - have),
            **missing,
        )
        print(f"seeded in {time.perf_counter() - start:.1f} s: {' '.join(report)}")
        with connection.cursor() as cursor:
            # What autovacuum does soon after a bulk load (statistics, visibility map).
            cursor.execute(
                f"VACUUM ANALYZE {SLUG}.contacts_contact, {SLUG}.organisations_organisation, "
                f"{SLUG}.contacts_contact_labels, {SLUG}.organisations_organisation_labels, "
                f"{SLUG}.prospects_prospect, {SLUG}.opportunities_opportunity"
            )
    connection.set_schema_to_public()
    return workspace, owner


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--organisations", type=int, default=20000)
    parser.add_argument("--contacts", type=int, default=100000)
    args = parser.parse_args()
    workspace, owner = workspace_ready(args.organisations, args.contacts)
    with workspace:
        from labels.models import Label

        label = Label.objects.get(name="VIP")
    connection.set_schema_to_public()
    client = Client(HTTP_HOST=workspace.host)
    client.force_login(owner)
    cases = [
        ("contact list", "/contacts/"),
        ("search 'helene'", "/contacts/?q=helene"),
        ("search 'dupont lyon'", "/contacts/?q=dupont+lyon"),
        ("label filter", f"/contacts/?label={label.pk}"),
        ("page 1000", "/contacts/?page=1000"),
        ("HTMX search fragment", "/contacts/?q=muller"),
        ("organisation list", "/organisations/"),
        ("organisation search", "/organisations/?q=lumiere"),
        ("global search", "/search/?q=helene"),
        ("CSV export of a search", "/contacts/export/?q=helene"),
    ]
    print(f"{'page':28} {'median ms':>10} {'min ms':>8} {'queries':>8}")
    for name, url in cases:
        median, fastest, queries = measure(client, url, args.repeat)
        print(f"{name:28} {median:10.1f} {fastest:8.1f} {queries:8d}")


if __name__ == "__main__":
    main()
