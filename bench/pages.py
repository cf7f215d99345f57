"""The pages of issue 16, through gunicorn as `make run` starts it (not a test): `make bench`.

Uses the `carnet_bench` database of bench/lists.py (20,000 organisations, 100,000 contacts,
seeded once), starts gunicorn with gunicorn.conf.py (its workers and threads) on a free port,
signs in, then for each page makes --repeat requests one at a time over one keep-alive
connection and prints the median and p95 (ms), with the page's SQL queries (counted apart,
through Django's test client). Then `wrk -t2 -c8` on the contact list and on a bare Django
view (bench/bare.py) under the same gunicorn settings: requests/s of each and their ratio.

    .venv/bin/python bench/pages.py [--repeat 30] [--wrk-seconds 10 (0: none)] [--only list]
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.lists import workspace_ready  # noqa: E402  (starts Django on carnet_bench)
from bench.setup import free_port, gunicorn, machine_speed, timings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def queries(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def wrk(port: int, host: str, cookie: str, url: str, seconds: int) -> float:
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s", "-H", f"Host: {host}"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{url}"], capture_output=True, text=True, check=True
    ).stdout
    if "Non-2xx" in output:
        raise RuntimeError(output)
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--wrk-seconds", type=int, default=10, help="0: no wrk")
    parser.add_argument("--only", default="", help="the pages whose name contains this")
    parser.add_argument("--organisations", type=int, default=20000)
    parser.add_argument("--contacts", type=int, default=100000)
    args = parser.parse_args()
    workspace, owner = workspace_ready(args.organisations, args.contacts)
    # As `make run` does (this process links static files plainly: bench.setup).
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, check=True
    )
    with workspace:
        from contacts.models import Contact
        from labels.models import Label
        from prospects.models import Prospect

        label = Label.objects.get(name="VIP")
        contact = Contact.objects.order_by("pk").first()
        prospect = Prospect.objects.filter(converted_at__isnull=True).order_by("pk").first()
    connection.set_schema_to_public()
    client = Client(HTTP_HOST=workspace.host)
    client.force_login(owner)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    # Page 1000 as a person reaches it: the Next link of page 999 (a keyset cursor).
    page_999 = client.get("/contacts/?page=999").content.decode()
    next_link = re.search(r'href="(\?[^"#]*page=1000[^"#]*)#results"', page_999).group(1)
    next_link = "/contacts/" + next_link.replace("&amp;", "&")
    pages = [
        ("contact list", "/contacts/"),
        ("page 1000 (Next link)", next_link),
        ("page 1000 (?page= alone)", "/contacts/?page=1000"),
        ("search 'dupre'", "/contacts/?q=dupre"),
        ("search 'zz' (no match)", "/contacts/?q=zz"),
        ("search 'a' (one letter)", "/contacts/?q=a"),
        ("search 'ma' (two letters)", "/contacts/?q=ma"),
        ("search 'helene'", "/contacts/?q=helene"),
        ("search 'dupont lyon'", "/contacts/?q=dupont+lyon"),
        ("label filter", f"/contacts/?label={label.pk}"),
        ("sort by organisation", "/contacts/?sort=organisation"),
        ("organisation list", "/organisations/"),
        ("prospect list", "/prospects/"),
        ("global search 'martin'", "/search/?q=martin"),
        ("contact page", f"/contacts/{contact.pk}/"),
        ("conversion page", f"/prospects/{prospect.pk}/convert/"),
        ("board", "/opportunities/board/"),
        ("dashboard", "/"),
    ]
    host = workspace.host
    port = free_port()
    server = gunicorn("crm_project.wsgi", port)
    try:
        print(
            f"gunicorn ({os.environ.get('WEB_CONCURRENCY') or 'gunicorn.conf.py'} workers), "
            f"{args.contacts:,} contacts, {args.repeat} requests a page, one at a time; "
            f"load average {os.getloadavg()[0]:.2f}; {machine_speed()}"
        )
        print(f"| {'page':28} | median ms | p95 ms | queries |")
        print(f"|{'-' * 30}|-----------|--------|---------|")
        for name, url in pages:
            if args.only not in name:
                continue
            median, p95 = timings(port, host, cookie, url, args.repeat)
            print(f"| {name:28} | {median:9.1f} | {p95:6.1f} | {queries(client, url):7d} |")
        if not args.wrk_seconds:
            return
        if not shutil.which("wrk"):
            print("wrk is not installed (apt-get install -y wrk): no requests/s")
            return
        carnet = wrk(port, host, cookie, "/contacts/", args.wrk_seconds)
    finally:
        server.terminate()
        server.wait()
    port = free_port()
    server = gunicorn("bench.bare:application", port)
    try:
        bare = wrk(port, "localhost", "", "/", args.wrk_seconds)
    finally:
        server.terminate()
        server.wait()
    print(
        f"\nwrk -t2 -c8 -d{args.wrk_seconds}s: contact list {carnet:.0f} requests/s, "
        f"bare Django view {bare:.0f} requests/s (1/{bare / carnet:.0f}); "
        f"load average {os.getloadavg()[0]:.2f}"
    )


if __name__ == "__main__":
    main()
