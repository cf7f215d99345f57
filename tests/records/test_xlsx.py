"""The XLSX writer: typed cells that Excel (and openpyxl, and our import) read back."""

import datetime
import io
from decimal import Decimal

from openpyxl import load_workbook

from records.xlsx import column_letters, write_xlsx


def test_cells_are_typed_and_formulas_stay_text():
    output = io.BytesIO()
    rows = [
        ["=HYPERLINK(\"http://x\")", 12, Decimal("1234.50"), datetime.date(2026, 1, 31),
         datetime.datetime(2026, 1, 31, 14, 30), None, "a < b & \x01c", " spaced ", True],
    ]  # fmt: skip
    headers = ["Texte", "Nombre", "Montant", "Date", "Moment", "Vide", "XML", "Espaces", "Oui"]
    write_xlsx(output, headers, iter(rows))
    sheet = load_workbook(io.BytesIO(output.getvalue())).active
    assert [c.value for c in sheet[1]] == headers
    cells = sheet[2]
    assert cells[0].value == '=HYPERLINK("http://x")' and cells[0].data_type == "s"
    assert (cells[1].value, cells[2].value) == (12, 1234.5)
    assert cells[3].value == datetime.datetime(2026, 1, 31) and cells[3].is_date
    assert cells[3].number_format == "DD/MM/YYYY"
    assert cells[4].value == datetime.datetime(2026, 1, 31, 14, 30) and cells[4].is_date
    assert cells[5].value is None
    assert cells[6].value == "a < b & c"
    assert cells[7].value == " spaced "
    assert cells[8].value == "True"


def test_many_rows_stream_in_pieces():
    output = io.BytesIO()
    write_xlsx(output, ["N"], ([i] for i in range(1, 1201)))
    sheet = load_workbook(io.BytesIO(output.getvalue()), read_only=True).active
    values = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert values == list(range(1, 1201))


def test_column_letters():
    assert [column_letters(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]
