"""Benchmark of the import (not a test): 100,000 contacts with their organisations from one CSV.

Own database `carnet_bench_imports` on the embedded server (or DATABASE_URL); the `bench`
workspace is emptied first. Prints the time of the preview, of the whole import, of its
undo and of an XLSX export of the contacts, and the process's peak memory (RSS).

    .venv/bin/python bench/imports.py [--rows 100000] [--organisations 20000]
"""

import argparse
import csv
import io
import os
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.setup import start  # noqa: E402

start("carnet_bench_imports")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import translation  # noqa: E402

from contacts.fields import CONTACT_FIELDS  # noqa: E402
from contacts.models import Contact  # noqa: E402
from imports import services  # noqa: E402
from records.export import export_rows, xlsx_file  # noqa: E402
from workspaces import services as workspace_services  # noqa: E402
from workspaces.models import Workspace  # noqa: E402
from workspaces.object_settings import ObjectSettings  # noqa: E402

FIRST = ["Hélène", "Jérôme", "Zoé", "Loïc", "Anaïs", "François", "Cécile", "Noël", "Maël", "Inès"]
LAST = ["Lefèvre", "Dupré", "Œuvray", "Garçon", "Müller", "Bénard", "Caron", "Roux", "Petit"]
CITIES = ["Évry", "Lyon", "Nîmes", "Besançon", "Orléans", "Saint-Étienne", "Brest"]


def make_csv(rows: int, organisations: int) -> bytes:
    rng = random.Random(11)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["Prénom", "Nom", "Adresse de messagerie", "Société", "Ville", "Étiquettes"])
    for i in range(rows):
        writer.writerow(
            [
                rng.choice(FIRST),
                rng.choice(LAST),
                f"personne{i}@exemple.fr",
                f"Société {rng.randrange(organisations)} SARL",
                rng.choice(CITIES),
                rng.choice(["", "Client", "Client, Salon", "Partenaire"]),
            ]
        )
    return buffer.getvalue().encode("cp1252")


def cpu() -> tuple[float, float]:
    """CPU seconds used so far by this process and by its database connection's server
    process (on a loaded machine these say more than the elapsed time)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    database = 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        database = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:  # a database on another machine
        pass
    return usage.ru_utime + usage.ru_stime, database


def cpu_since(start: tuple[float, float]) -> str:
    now = cpu()
    return f"CPU {now[0] - start[0]:.1f} s Python + {now[1] - start[1]:.1f} s database"


def peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--organisations", type=int, default=20_000)
    args = parser.parse_args()
    call_command("migrate_workspaces", verbosity=0)
    owner = workspace_services.user_get_or_create(email="bench@example.com", password="bench")
    workspace = Workspace.objects.filter(schema_name="bench").first()
    if workspace is None:
        workspace = workspace_services.workspace_create(slug="bench", name="Bench", owner=owner)
    object_settings = ObjectSettings.load(workspace)
    content = make_csv(args.rows, args.organisations)
    print(f"file: {args.rows} rows, {len(content) / 1e6:.1f} MB, Windows-1252, ';'")
    with translation.override("fr"), workspace:
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE contacts_contact, organisations_organisation, imports_importbatch "
                "RESTART IDENTITY CASCADE"
            )
        t, c = time.perf_counter(), cpu()
        batch = services.batch_create(
            object_key="contact", file_name="bench.csv", content=content, user=owner
        )
        mapping = services.mapping_suggest(batch, object_settings)
        services.batch_map(
            batch=batch, mapping=mapping, on_match="skip", object_settings=object_settings
        )
        preview = services.batch_preview(batch=batch)
        print(
            f"preview: {time.perf_counter() - t:.2f} s ({preview.total} rows, "
            f"{cpu_since(c)}; mapping {mapping})"
        )
        t, c = time.perf_counter(), cpu()
        services.batch_start(batch=batch)
        batch = services.batch_run(batch_id=batch.pk)
        took = time.perf_counter() - t
        print(
            f"import: {took:.1f} s ({batch.processed_rows / took:.0f} rows/s): created "
            f"{batch.created_count}, rejected {batch.rejected_count}; "
            f"{cpu_since(c)}; peak RSS {peak_mb()} MB"
        )
        t, c = time.perf_counter(), cpu()
        columns = CONTACT_FIELDS.export_columns(object_settings)
        output = xlsx_file(columns, export_rows(columns, Contact.objects.order_by("pk")))
        size = output.seek(0, 2)
        print(
            f"XLSX export: {time.perf_counter() - t:.1f} s ({size / 1e6:.1f} MB; "
            f"{cpu_since(c)}); peak RSS {peak_mb()} MB"
        )
        t, c = time.perf_counter(), cpu()
        services.batch_undo(batch=batch)
        print(
            f"undo: {time.perf_counter() - t:.1f} s ({cpu_since(c)}); "
            f"contacts left {Contact.objects.count()}"
        )
        print(f"load average: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")


if __name__ == "__main__":
    main()
