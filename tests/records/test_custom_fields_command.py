"""manage.py custom_fields: operators list, add and delete custom fields from scripts."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from records.models import CustomField

pytestmark = pytest.mark.django_db


def run(*args) -> list:
    out = io.StringIO()
    call_command("custom_fields", *args, stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


def test_add_list_and_delete(alpha):
    fields = run(
        "alpha",
        "--add",
        "opportunity",
        "date",
        "Date du comité",
        "--label-en",
        "Committee date",
        "--group",
        "Comité",
        "--required",
    )
    assert fields[0]["label_fr"] == "Date du comité" and fields[0]["type"] == "date"
    assert fields[0]["group"] == "Comité" and fields[0]["required"]
    fields = run(
        "alpha", "--add", "contact", "choice", "Secteur", "--options", "Industrie|blue;Services"
    )
    assert {"Industrie", "Services"} == set(
        next(f for f in fields if f["type"] == "choice")["options"]
    )
    key = fields[0]["key"]
    fields = run("alpha", "--delete", key)
    assert next(f for f in fields if f["key"] == key)["deleted"]
    assert run("alpha", "--purge-expired")


@pytest.mark.parametrize(
    "args",
    [
        ["nowhere"],
        ["alpha", "--add", "invoice", "text", "X"],
        ["alpha", "--add", "contact", "colour", "X"],
        ["alpha", "--add", "contact", "choice", "X"],
        ["alpha", "--delete", "nope"],
    ],
)
def test_bad_arguments_stop_with_a_clear_error_and_change_nothing(alpha, args):
    with pytest.raises(CommandError):
        run(*args)
    with alpha:
        assert not CustomField.objects.exists()
