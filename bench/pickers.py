"""Benchmark of the link fields' pickers (not a test).

Same database and workspace as bench/lists.py (`carnet_bench`: 20,000 organisations and
100,000 contacts, seeded once), then times, as a member, through Django's test Client: the
contact and organisation pickers for common and rare terms, the contact picker narrowed by an
organisation, the opportunity form, and its no-JavaScript round trip with a typed name.

    .venv/bin/python bench/pickers.py [--repeat 15]
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.lists import measure, workspace_ready  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    workspace, owner = workspace_ready(20000, 100000)
    with workspace:
        from contacts.models import Contact
        from opportunities.models import Workflow

        busy = (
            Contact.objects.exclude(organisation=None)
            .values_list("organisation_id", flat=True)
            .order_by("organisation_id")
            .first()
        )
        workflow = Workflow.objects.get(is_default=True)
        stage = workflow.stages.order_by("position").first()
    connection.set_schema_to_public()
    client = Client(HTTP_HOST=workspace.host)
    client.force_login(owner)
    cases = [
        ("contact picker 'martin'", "/contacts/picker/?q=martin"),
        ("contact picker 'helene'", "/contacts/picker/?q=helene"),
        ("contact picker, organisation", f"/contacts/picker/?q=martin&organisation={busy}"),
        ("contact picker, empty", f"/contacts/picker/?organisation={busy}"),
        ("organisation picker 'sas'", "/organisations/picker/?q=sas"),
        ("organisation picker 'lumiere'", "/organisations/picker/?q=lumiere"),
        ("member picker", "/pickers/members/?q=bench"),
        ("opportunity form", "/opportunities/new/"),
    ]
    print(f"{'request':32} {'median ms':>10} {'min ms':>8} {'queries':>8}")
    for name, url in cases:
        median, fastest, queries = measure(client, url, args.repeat)
        print(f"{name:32} {median:10.1f} {fastest:8.1f} {queries:8d}")
    # Without JavaScript: a typed contact name that matches many comes back as choices.
    import statistics
    import time

    data = {
        "title": "Bench",
        "workflow": workflow.pk,
        "stage": stage.pk,
        "contact_search": "martin",
        "organisation_search": "",
    }
    times = []
    for i in range(args.repeat + 1):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.post("/opportunities/new/", data)
            elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, response.status_code
        if i:
            times.append(elapsed)
    name = "form post, typed 'martin'"
    print(f"{name:32} {statistics.median(times):10.1f} {min(times):8.1f} {len(captured):8d}")


if __name__ == "__main__":
    main()
