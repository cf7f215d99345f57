"""Where the time of a page goes (not a test).

    .venv/bin/python bench/where_time_goes.py [URL ...] [--sql] [--profile]


Requests each URL through Django's test client on the `carnet_bench` database (seeded by
bench/lists.py) and prints the median of --repeat runs of: the total time, the SQL time and
queries (each query with --sql), the template rendering time (less the SQL run from
templates), and the rest (Python of views and middleware); --profile adds a cProfile. The CPU
time of this process (all of it, and the templates') is less disturbed by a busy machine than
wall-clock times are.
"""

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.setup import start  # noqa: E402

start("carnet_bench")

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402
from workspaces.models import Workspace  # noqa: E402

DEFAULT_URLS = ["/contacts/", "/contacts/?page=1000", "/organisations/", "/search/?q=helene"]


class Clock:
    """Splits a request's time: SQL (every query, timed by an execute wrapper), templates
    (the outermost render, less the SQL run inside it) and the rest (views, middleware)."""

    def __init__(self):
        self.sql = self.templates = self.sql_in_templates = self.templates_cpu = 0.0
        self.queries = 0
        self.depth = 0

    def execute(self, execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - began
            self.sql += elapsed
            self.queries += 1
            if self.depth:
                self.sql_in_templates += elapsed

    def patch_templates(self):
        from django.template.backends.django import Template

        original = Template.render
        clock = self

        def render(template, *args, **kwargs):
            clock.depth += 1
            began, began_cpu = time.perf_counter(), time.process_time()
            try:
                return original(template, *args, **kwargs)
            finally:
                clock.depth -= 1
                if not clock.depth:
                    clock.templates += time.perf_counter() - began
                    clock.templates_cpu += time.process_time() - began_cpu

        Template.render = render


CLOCK = Clock()
CLOCK.patch_templates()


def run(client, url: str, repeat: int, show_sql: bool, show_profile: bool):
    client.get(url)  # warm
    rows = []
    for _ in range(repeat):
        CLOCK.__init__()
        with connection.execute_wrapper(CLOCK.execute):
            began, began_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            total = (time.perf_counter() - began) * 1000
            cpu = (time.process_time() - began_cpu) * 1000
        assert response.status_code == 200, (url, response.status_code)
        templates = (CLOCK.templates - CLOCK.sql_in_templates) * 1000
        sql = CLOCK.sql * 1000
        rows.append(
            (
                total,
                sql,
                templates,
                total - sql - templates,
                CLOCK.queries,
                cpu,
                CLOCK.templates_cpu * 1000,
            )
        )
    total, sql, templates, rest, queries, cpu, templates_cpu = (
        statistics.median(c) for c in zip(*rows, strict=True)
    )
    print(
        f"{url:34} {total:6.1f} ms = SQL {sql:5.1f} ({int(queries)} q.)"
        f" + templates {templates:5.1f} + Python/middleware {rest:5.1f}"
        f" | CPU of this process {cpu:5.1f}, of templates {templates_cpu:5.1f}"
    )
    if show_sql:
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        for q in captured.captured_queries:
            print(f"    {float(q['time']) * 1000:6.1f} ms  {q['sql'][:160]}")
    if show_profile:
        profile = cProfile.Profile()
        profile.enable()
        client.get(url)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("urls", nargs="*", default=DEFAULT_URLS)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--sql", action="store_true")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    workspace = Workspace.objects.get(schema_name="bench")
    client = Client(HTTP_HOST=workspace.host)
    client.force_login(User.objects.get(email="bench@example.com"))
    for url in args.urls:
        run(client, url, args.repeat, args.sql, args.profile)


if __name__ == "__main__":
    main()
