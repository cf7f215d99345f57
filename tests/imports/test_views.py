"""The import pages: upload, map, preview, run, follow, download rejected rows, undo."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from contacts.models import Contact
from imports import services
from imports.models import BatchStatus, ImportBatch
from workspaces.object_settings_services import object_setting_update

pytestmark = pytest.mark.django_db

FILE = "Prénom;Nom;Adresse de messagerie\r\nAimée;Lœuvre;aimee@x.fr\r\nJosé;Cœur;pas-un-email\r\n"


FILE_BYTES = FILE.encode("cp1252")


def upload(client, content=FILE_BYTES, name="membres.csv", object_key="contact"):
    return client.post(
        "/imports/",
        {"object_key": object_key, "file": SimpleUploadedFile(name, content), "sheet": ""},
    )


def test_a_member_imports_a_windows_1252_file_end_to_end(client_on, alpha, mia):
    client = client_on(alpha, mia)
    assert client.get("/imports/").status_code == 200
    response = upload(client)
    assert response.status_code == 302
    with alpha:
        batch = ImportBatch.objects.get()
    url = f"/imports/{batch.pk}/"
    page = client.get(url).content.decode()
    assert "Adresse de messagerie" in page and 'value="email" selected' in page
    data = {
        "column_0": "first_name",
        "column_1": "last_name",
        "column_2": "email",
        "on_match": "skip",
    }
    assert client.post(url, {**data, "preview": "1"}).status_code == 302
    page = client.get(url).content.decode()
    assert "Aimée" in page and "Lœuvre" in page and "import-row--rejected" in page
    assert client.post(url, {**data, "start": "1"}).status_code == 302
    with alpha:
        batch.refresh_from_db()
        assert batch.status == BatchStatus.QUEUED
        services.batch_run(batch_id=batch.pk)  # what the worker does (tests/imports/test_jobs.py)
        batch.refresh_from_db()
        assert batch.status == BatchStatus.DONE
        assert (batch.created_count, batch.rejected_count) == (1, 1)
        assert Contact.objects.filter(last_name="Lœuvre").exists()
    progress = client.get(f"/imports/{batch.pk}/progress/", HTTP_HX_REQUEST="true")
    assert b"<html" not in progress.content and b"import-status" in progress.content
    rejected = client.get(f"/imports/{batch.pk}/rejected.csv")
    text = b"".join(rejected.streaming_content).decode()
    assert "pas-un-email" in text and rejected["Content-Type"].startswith("text/csv")
    assert client.get(f"/imports/{batch.pk}/undo/").status_code == 200
    assert client.post(f"/imports/{batch.pk}/undo/").status_code == 302
    with alpha:
        assert not Contact.objects.filter(last_name="Lœuvre").exists()


def test_unreadable_file_is_a_form_error(client_on, alpha, mia):
    response = upload(client_on(alpha, mia), content=b"", name="vide.csv")
    assert response.status_code == 400
    response = upload(client_on(alpha, mia), content=b"\x00\x01\x02", name="x.xlsx")
    assert response.status_code == 400


def test_viewers_cannot_import(client_on, alpha, val):
    client = client_on(alpha, val)
    assert client.get("/imports/").status_code == 403
    assert upload(client).status_code == 403


def test_a_batch_of_another_workspace_is_404(client_on, alpha, beta, mia, bob):
    upload(client_on(alpha, mia))
    with alpha:
        batch = ImportBatch.objects.get()
    client = client_on(beta, bob)
    for path in ("/", "/progress/", "/rejected.csv", "/undo/"):
        assert client.get(f"/imports/{batch.pk}{path}").status_code == 404


def test_disabled_object_is_not_offered_and_its_batches_are_404(client_on, alpha, mia):
    client = client_on(alpha, mia)
    upload(client)
    object_setting_update(workspace=alpha, key="contact", enabled=False)
    with alpha:
        batch = ImportBatch.objects.get()
    assert client.get(f"/imports/{batch.pk}/").status_code == 404
    assert b'value="contact"' not in client.get("/imports/").content


def test_undo_asks_before_losing_edits(client_on, alpha, mia):
    client = client_on(alpha, mia)
    upload(client)
    with alpha:
        batch = ImportBatch.objects.get()
    data = {"column_0": "first_name", "column_1": "last_name", "column_2": "email", "start": "1"}
    client.post(f"/imports/{batch.pk}/", {**data, "on_match": "skip"})
    with alpha:
        services.batch_run(batch_id=batch.pk)
        contact = Contact.objects.get(email="aimee@x.fr")
        contact.city = "Brest"
        contact.save()
    response = client.post(f"/imports/{batch.pk}/undo/")
    assert response.status_code == 200 and "Lœuvre" in response.content.decode()
    with alpha:
        assert Contact.objects.filter(pk=contact.pk).exists()
    client.post(f"/imports/{batch.pk}/undo/", {"confirm": "1"})
    with alpha:
        assert not Contact.objects.filter(pk=contact.pk).exists()


def test_a_queued_import_says_it_waits_for_the_worker_and_polls(
    client_on, alpha, mia, django_assert_max_num_queries
):
    client = client_on(alpha, mia)
    upload(client)
    with alpha:
        batch = ImportBatch.objects.get()
        batch.status = BatchStatus.QUEUED
        batch.total_rows, batch.processed_rows = 200, 50
        batch.save()
    with django_assert_max_num_queries(8):
        response = client.get(f"/imports/{batch.pk}/progress/", HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert 'hx-trigger="every 1s"' in text and 'value="25"' in text
    assert "<html" not in text
    page = client.get(f"/imports/{batch.pk}/").content.decode()
    assert "<progress" in page and f"/imports/{batch.pk}/cancel/" in page
    client.post(f"/imports/{batch.pk}/cancel/")
    with alpha:
        batch.refresh_from_db()
        assert batch.status == BatchStatus.CANCELLED


def test_an_xlsx_file_through_the_pages(client_on, alpha, mia):
    from tests.imports.test_parsing import xlsx

    content = xlsx({"Membres": [["Prénom", "E-mail"], ["Zoé", "zoe@x.fr"]]})
    client = client_on(alpha, mia)
    assert upload(client, content=content, name="membres.xlsx").status_code == 302
    with alpha:
        batch = ImportBatch.objects.get()
        assert batch.headers == ["Prénom", "E-mail"] and batch.sheet == "Membres"
    data = {"column_0": "first_name", "column_1": "email", "on_match": "skip", "start": "1"}
    client.post(f"/imports/{batch.pk}/", data)
    with alpha:
        services.batch_run(batch_id=batch.pk)
        assert Contact.objects.filter(first_name="Zoé", email="zoe@x.fr").exists()
