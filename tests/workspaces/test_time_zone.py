"""Each workspace chooses its time zone (Settings › Workspace): its pages' dates, "today" and
its jobs follow it."""

from datetime import UTC, datetime

from django.utils import timezone

from workspaces.jobs import SCHEMA_KWARG, workspace_task

seen_zones: list[str] = []


@workspace_task()
def zone_seen() -> None:
    seen_zones.append(str(timezone.get_current_timezone()))


def test_an_admin_chooses_the_time_zone_and_a_wrong_one_is_a_field_error(client_on, alpha, alice):
    client = client_on(alpha, alice)
    page = client.get("/settings/workspace/").content.decode()
    assert '<option value="Europe/Paris" selected>' in page
    data = {"name": "Alpha Conseil", "time_zone": "Mars/Olympus_Mons"}
    response = client.post("/settings/workspace/", data)
    assert response.status_code == 200 and "field--invalid" in response.content.decode()
    alpha.refresh_from_db()
    assert alpha.time_zone == "Europe/Paris"
    data["time_zone"] = "America/Guadeloupe"
    assert client.post("/settings/workspace/", data).status_code == 302
    alpha.refresh_from_db()
    assert alpha.time_zone == "America/Guadeloupe"


def test_a_record_page_shows_dates_in_the_workspace_time_zone(client_on, alpha, alice):
    from contacts.models import Contact

    with alpha:
        ada = Contact.objects.create(first_name="Ada", last_name="Lovelace")
        # 02:00 UTC on 1 March: still 28 February in Guadeloupe (22:00), 1 March in Paris.
        Contact.objects.filter(pk=ada.pk).update(created=datetime(2026, 3, 1, 2, tzinfo=UTC))
    client = client_on(alpha, alice)
    export = b"".join(client.get("/contacts/export/?format=excel-fr").streaming_content)
    assert "01/03/2026 03:00" in export.decode("utf-8-sig")
    alpha.time_zone = "America/Guadeloupe"
    alpha.save(update_fields=["time_zone"])
    export = b"".join(client.get("/contacts/export/?format=excel-fr").streaming_content)
    assert "28/02/2026 22:00" in export.decode("utf-8-sig")


def test_a_job_runs_in_its_workspace_time_zone(alpha):
    alpha.time_zone = "Asia/Tokyo"
    alpha.save(update_fields=["time_zone"])
    seen_zones.clear()
    zone_seen(**{SCHEMA_KWARG: alpha.schema_name})  # what the worker runs for a job of alpha
    assert seen_zones == ["Asia/Tokyo"]
