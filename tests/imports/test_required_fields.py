"""A required custom field must have a column, and each row a value for it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation

from contacts.models import Contact
from imports import services
from imports.models import BatchStatus, ImportBatch
from records.custom_field_services import custom_field_create

pytestmark = pytest.mark.django_db

QUERIES = 17  # of the mapping page (its required fields: one of them)


@pytest.fixture
def member_number(alpha):
    with alpha:
        return custom_field_create(
            object_key="contact", label_fr="Numéro adhérent", label_en="Member number",
            field_type="text", required=True,
        ).field  # fmt: skip


def test_the_mapping_step_says_which_required_field_has_no_column(
    client_on, alpha, mia, member_number, django_assert_max_num_queries
):
    client = client_on(alpha, mia)
    content = "Email;Adhérent\r\na@x.fr;A-1\r\nb@x.fr;\r\n".encode()
    upload = {"object_key": "contact", "file": SimpleUploadedFile("m.csv", content), "sheet": ""}
    assert client.post("/imports/", upload).status_code == 302
    with alpha:
        batch = ImportBatch.objects.get()
    url = f"/imports/{batch.pk}/"
    data = {"column_0": "email", "column_1": "", "on_match": "skip", "start": "1"}
    with django_assert_max_num_queries(QUERIES):  # the mapping page
        assert client.get(url).status_code == 200
    response = client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "« Numéro adhérent » est obligatoire : choisissez la colonne qui le contient." in page
    with alpha:
        batch.refresh_from_db()
        assert batch.status == BatchStatus.DRAFT and batch.mapping == []
    data["column_1"] = f"custom.{member_number.key}"
    assert client.post(url, data).status_code == 302
    with alpha:
        batch.refresh_from_db()
        assert batch.status == BatchStatus.QUEUED
        with translation.override("en"):  # the worker's language: that of who started it
            batch = services.batch_run(batch_id=batch.pk)
        assert (batch.created_count, batch.rejected_count) == (1, 1)
        reason = batch.rejected.get().reason
        assert reason == "Member number: this field is required; the cell is empty."
        assert Contact.objects.get().custom == {member_number.key: "A-1"}


def test_a_mapping_without_it_is_not_started(alpha, alice, settings_of, member_number):
    with alpha:
        batch = services.batch_create(
            object_key="contact", file_name="m.csv", content=b"Email\na@x.fr\n", user=alice
        )
        services.batch_map(
            batch=batch, mapping=["email"], on_match="skip", object_settings=settings_of
        )
        assert services.batch_start(batch=batch).status == BatchStatus.DRAFT


def test_hidden_required_fields_are_not_asked_for(alpha, run_import, member_number):
    with alpha:
        member_number.shown = False
        member_number.save()
        batch = run_import("contact", "Email\na@x.fr\n")
        assert batch.created_count == 1


def test_the_command_refuses_a_mapping_without_it(alpha, tmp_path, member_number):
    path = tmp_path / "m.csv"
    path.write_text("Email\na@x.fr\n")
    with pytest.raises(CommandError, match="required fields: Member number"):
        call_command("import_records", "alpha", "contact", str(path))
    with alpha:
        assert not Contact.objects.exists()
