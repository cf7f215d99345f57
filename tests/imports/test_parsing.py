"""Reading CSV and XLSX files as people send them."""

import io

import pytest
from openpyxl import Workbook

from imports.parsing import ImportFileError, read_table


def rows(table):
    return [values for _line, values in table.rows()]


def test_windows_1252_semicolon_file_with_accents_and_oe():
    content = "Prénom;Nom;Ville\r\nAimée;Lœuvre;Évry\r\nJosé;Cœur;Sète\r\n".encode("cp1252")
    table = read_table(content, file_name="membres.csv")
    assert table.separator == ";"
    assert table.encoding in ("cp1252", "windows-1252")
    assert table.headers == ["Prénom", "Nom", "Ville"]
    assert rows(table) == [["Aimée", "Lœuvre", "Évry"], ["José", "Cœur", "Sète"]]


def test_latin_1_bytes_cp1252_leaves_undefined_are_read():
    content = "Nom,Note\nÉlise,caf\x81\n".encode("latin_1")
    table = read_table(content)
    assert rows(table) == [["Élise", "caf\x81"]]


def test_utf8_with_bom_comma_and_quoted_line_breaks():
    content = '\ufeffName,Notes\n"Dupont, SA","line one\nline two"\n'.encode()
    table = read_table(content)
    assert table.headers == ["Name", "Notes"]
    assert rows(table) == [["Dupont, SA", "line one\nline two"]]


def test_tab_separated_and_blank_rows_left_out():
    table = read_table(b"a\tb\n1\t2\n\t\n3\t4\n")
    assert table.separator == "\t"
    assert rows(table) == [["1", "2"], ["3", "4"]]


def test_line_numbers_are_the_files():
    table = read_table(b"a;b\n1;2\n;\n3;4\n")
    assert [line for line, _v in table.rows()] == [2, 4]


@pytest.mark.parametrize(
    ("content", "name", "words"),
    [
        (b"", "x.csv", "empty"),
        (b"  \n", "x.csv", "empty"),
        (b"\x00\x01\x02binary", "x.csv", "not text"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "x.xlsx", "password"),
        (b"just text", "x.xlsx", "not a spreadsheet"),
        (b"PK\x03\x04garbage", "x.xlsx", "not a spreadsheet"),
    ],
)
def test_unusable_files_say_why(content, name, words):
    with pytest.raises(ImportFileError, match=words):
        read_table(content, file_name=name)


def test_too_many_columns():
    header = ";".join(f"c{i}" for i in range(1000))
    with pytest.raises(ImportFileError, match="1000 columns"):
        read_table(header.encode() + b"\n")


def test_too_large(monkeypatch):
    monkeypatch.setattr("imports.parsing.MAX_BYTES", 10)
    with pytest.raises(ImportFileError, match="larger"):
        read_table(b"a;b\n1;2\n3;4\n")


def test_too_many_rows(monkeypatch):
    monkeypatch.setattr("imports.parsing.MAX_ROWS", 2)
    table = read_table(b"a\n1\n2\n3\n")
    with pytest.raises(ImportFileError, match="more than 2 rows"):
        rows(table)


def xlsx(sheets: dict) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, data in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in data:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_first_sheet_typed_cells_and_formula_text():
    import datetime

    content = xlsx(
        {
            "Contacts": [
                ["Prénom", "Nom", "Né le", "Montant", "Site"],
                ["Zoé", "Martin", datetime.date(1990, 5, 17), 12.0, '=HYPERLINK("http://x.fr")'],
                [None, None, None, None, None],
            ],
            "Other": [["x"]],
        }
    )
    table = read_table(content, file_name="c.xlsx")
    assert table.kind == "xlsx" and table.sheets == ["Contacts", "Other"]
    assert rows(table) == [["Zoé", "Martin", "1990-05-17", "12", '=HYPERLINK("http://x.fr")']]


def test_xlsx_chosen_sheet():
    content = xlsx({"A": [["a"], ["1"]], "B": [["b"], ["2"]]})
    table = read_table(content, sheet="B")
    assert table.headers == ["b"] and rows(table) == [["2"]]
