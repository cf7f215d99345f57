"""Reading a spreadsheet: CSV (any usual encoding and separator) or XLSX, row by row.

    table = read_table(content, file_name="membres.csv")     # ImportFileError if unreadable
    table.headers  -> ["Prénom", "Nom", ...]
    for line, values in table.rows(): ...                  # line numbers as the person sees them

CSV: the encoding is UTF-8 (with or without BOM) when the bytes decode as such, else what
charset-normalizer finds among Windows-1252 and Latin-1 (the encodings French spreadsheets
write); the separator is sniffed among `,` `;` and tab; quoted fields may hold line breaks.
XLSX: openpyxl in read-only mode (streamed), the first sheet or a named one; a formula cell
gives its formula's text, never a computed value. Rows of blanks are left out. The apostrophe
that Carnet's export puts before a cell starting with = + - @ is taken off again.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from charset_normalizer import from_bytes
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import load_workbook

from records.export import FORMULA_STARTS

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 200
MAX_CELL = 10_000  # characters kept of one cell
SAMPLE_BYTES = 64 * 1024
SEPARATORS = (";", ",", "\t")
ZIP_MAGIC = b"PK\x03\x04"
# Compound File Binary: old .xls files, and .xlsx files protected by a password.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

csv.field_size_limit(MAX_CELL * 10)


class ImportFileError(ValueError):
    """The file cannot be imported; the message says why, for the person who sent it."""


@dataclass
class Table:
    kind: str  # "csv" or "xlsx"
    headers: list[str]
    encoding: str = ""
    separator: str = ""
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)
    _content: bytes = b""

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(line number, values as long as the headers) of each row that is not all blanks."""
        source = self._csv_rows() if self.kind == "csv" else self._xlsx_rows()
        width = len(self.headers)
        count = 0
        for line, values in source:
            values = [clean_cell(v) for v in values[:width]]
            if not any(values):
                continue
            count += 1
            if count > MAX_ROWS:
                raise ImportFileError(too_many_rows())
            values += [""] * (width - len(values))
            yield line, values

    def _csv_rows(self) -> Iterator[tuple[int, list]]:
        reader = csv.reader(_text_stream(self._content, self.encoding), delimiter=self.separator)
        next(reader, None)  # the headers
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise ImportFileError(
                    _("Line %(line)d cannot be read: %(error)s")
                    % {"line": reader.line_num, "error": error}
                ) from error
            yield reader.line_num, values

    def _xlsx_rows(self) -> Iterator[tuple[int, list]]:
        workbook = _open_workbook(self._content)
        try:
            rows = workbook[self.sheet].iter_rows(values_only=True)
            next(rows, None)
            for line, values in enumerate(rows, start=2):
                yield line, list(values)
        finally:
            workbook.close()


def too_many_rows() -> str:
    return ngettext(
        "The file has more than %(count)d row; split it into several files.",
        "The file has more than %(count)d rows; split it into several files.",
        MAX_ROWS,
    ) % {"count": MAX_ROWS}


def clean_cell(value) -> str:
    if value.__class__ is str:  # every CSV cell: the fast path
        text = value
    elif value is None:
        return ""
    elif isinstance(value, datetime.datetime):
        text = value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    elif isinstance(value, datetime.date):
        text = value.isoformat()
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, bool):
        text = "1" if value else "0"
    else:
        text = str(value)
    if "\x00" in text:
        text = text.replace("\x00", "")
    text = text.strip()
    if text[:1] == "'" and text[1:].startswith(FORMULA_STARTS):
        text = text[1:]  # the apostrophe our export puts before = + - @ (records.export)
    return text[:MAX_CELL]


def read_table(content: bytes, *, file_name: str = "", sheet: str = "") -> Table:
    """The file's kind, encoding, separator and headers; ImportFileError when it is unusable."""
    if not content or not content.strip():
        raise ImportFileError(_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise ImportFileError(
            _("The file is larger than %(size)d MB; split it into several files.")
            % {"size": MAX_BYTES // (1024 * 1024)}
        )
    if content.startswith(OLE_MAGIC):
        raise ImportFileError(
            _(
                "This file is protected by a password or is an old Excel file (.xls). "
                "Open it in your spreadsheet, remove the password and save it as .xlsx or CSV."
            )
        )
    if content.startswith(ZIP_MAGIC):
        table = _read_xlsx(content, sheet)
    else:
        if file_name.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")):
            raise ImportFileError(_("This file is not a spreadsheet Carnet can read."))
        table = _read_csv(content)
    raw = list(table.headers)
    while raw and not raw[-1]:  # trailing empty columns
        raw.pop()
    headers = [h or _("Column %(number)d") % {"number": i + 1} for i, h in enumerate(raw)]
    if not headers:
        raise ImportFileError(_("The file's first line has no column names."))
    if len(headers) > MAX_COLUMNS:
        raise ImportFileError(
            _("The file has %(count)d columns; Carnet reads at most %(max)d.")
            % {"count": len(headers), "max": MAX_COLUMNS}
        )
    table.headers = headers
    return table


def _read_csv(content: bytes) -> Table:
    sample = content[:SAMPLE_BYTES]
    if b"\x00" in sample:
        raise ImportFileError(_("This file is not text: send a CSV or an XLSX file."))
    encoding = _encoding(content)
    first_lines = sample.decode(encoding, errors="replace")
    if first_lines.startswith("\ufeff"):
        first_lines = first_lines[1:]
    separator = _separator(first_lines)
    reader = csv.reader(io.StringIO(first_lines), delimiter=separator)
    try:
        headers = [clean_cell(h) for h in next(reader, [])]
    except csv.Error as error:
        raise ImportFileError(_("The file's first line cannot be read.")) from error
    return Table("csv", headers, encoding=encoding, separator=separator, _content=content)


def _encoding(content: bytes) -> str:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8-sig"
    best = from_bytes(content[: SAMPLE_BYTES * 4], cp_isolation=["cp1252", "latin_1"]).best()
    encoding = best.encoding if best is not None else "cp1252"
    try:
        content.decode(encoding)
    except UnicodeDecodeError:
        # Windows-1252 leaves five bytes undefined; Latin-1 decodes every byte.
        return "latin_1"
    return encoding


def _separator(text: str) -> str:
    try:
        return csv.Sniffer().sniff(text[:8192], delimiters="".join(SEPARATORS)).delimiter
    except csv.Error:
        first_line = text.split("\n", 1)[0]
        return max(SEPARATORS, key=first_line.count)


def _text_stream(content: bytes, encoding: str):
    return io.TextIOWrapper(io.BytesIO(content), encoding=encoding, newline="")


def _open_workbook(content: bytes):
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportFileError(_("This file is not a spreadsheet Carnet can read.")) from error


def _read_xlsx(content: bytes, sheet: str) -> Table:
    workbook = _open_workbook(content)
    try:
        sheets = workbook.sheetnames
        if not sheets:
            raise ImportFileError(_("The file is empty."))
        name = sheet if sheet in sheets else sheets[0]
        first = next(workbook[name].iter_rows(values_only=True, max_row=1), None)
    finally:
        workbook.close()
    if first is None:
        raise ImportFileError(_("The sheet “%(sheet)s” is empty.") % {"sheet": name})
    headers = [clean_cell(h) for h in first]
    return Table("xlsx", headers, sheet=name, sheets=sheets, _content=content)
