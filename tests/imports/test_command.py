"""manage.py import_records: the same import from a shell."""

import pytest
from django.core.management import CommandError, call_command

from contacts.models import Contact
from organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_imports_and_prints_counts(alpha, tmp_path, capsys):
    path = tmp_path / "orgs.csv"
    path.write_bytes("Raison sociale;Ville\nAtelier Œuvre;Évry\n".encode("cp1252"))
    call_command("import_records", "alpha", "organisation", str(path))
    assert "created 1" in capsys.readouterr().out
    with alpha:
        assert Organisation.objects.get().city == "Évry"


def test_rejected_rows_exit_1_with_reasons_and_keep_the_accepted(alpha, tmp_path, capsys):
    path = tmp_path / "c.csv"
    path.write_text("Email,Ville\nok@x.fr,Lyon\nnot-an-email,Nice\n")
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_records", "alpha", "contact", str(path), "--on-match", "fill")
    assert exit_info.value.code == 1
    assert "line 3:" in capsys.readouterr().err
    with alpha:
        assert list(Contact.objects.values_list("email", flat=True)) == ["ok@x.fr"]


def test_unknown_workspace_and_bad_file(alpha, tmp_path):
    with pytest.raises(CommandError, match="No workspace"):
        call_command("import_records", "nope", "contact", "x.csv")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="empty"):
        call_command("import_records", "alpha", "contact", str(empty))
