"""Export of a list, exactly as filtered, in three formats, streamed:

- `csv`: UTF-8 with a BOM, `,`, ISO dates, decimal point (any software, and our import);
- `excel-fr`: what French Excel opens right with a double click: `;`, dates dd/mm/yyyy in the
  workspace's time zone, decimal comma, BOM;
- `xlsx`: an Excel workbook with typed cells (dates as dates, amounts as numbers), written
  by openpyxl's write-only mode (rows go to a temporary file, not to memory).

The BOM lets spreadsheet software read accents correctly; in CSV a cell starting with
= + - @ (or a tab / carriage return) is prefixed with an apostrophe so that it is never run
as a formula (our import takes that apostrophe off again); in XLSX such a cell is typed text.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 2000
FORMATS = ("csv", "excel-fr", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ExportColumn:
    header: str
    value: Callable[[object], object]


def neutralise(value) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def plain(value, style: str = "csv") -> str:
    """A value as CSV text: ISO for `csv`, French spreadsheet conventions for `excel-fr`."""
    if value is None:
        return ""
    french = style == "excel-fr"
    if isinstance(value, datetime.datetime):
        if not french:
            return value.isoformat()
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y") if french else value.isoformat()
    if isinstance(value, (decimal.Decimal, float)) and french:
        return str(value).replace(".", ",")
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


class _Echo:
    def write(self, value):
        return value


def csv_rows(columns: list[ExportColumn], records: Iterable, style: str = "csv") -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";" if style == "excel-fr" else ",")
    yield BOM + writer.writerow([neutralise(c.header) for c in columns])
    for record in records:
        yield writer.writerow([neutralise(plain(c.value(record), style)) for c in columns])


def export_response(*, columns: list[ExportColumn], queryset, filename: str, style: str = "csv"):
    """Stream `queryset` (iterated in chunks, prefetches included) as a download."""
    records = queryset.iterator(chunk_size=CHUNK_SIZE)
    safe_name = slugify(filename) or "export"
    if style == "xlsx":
        return FileResponse(
            xlsx_file(columns, records),
            as_attachment=True,
            filename=f"{safe_name}.xlsx",
            content_type=XLSX_TYPE,
        )
    response = StreamingHttpResponse(
        csv_rows(columns, records, style), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{safe_name}.csv"'
    return response


csv_response = export_response


def _cell(sheet, value):
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(timezone.localtime(value))
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = "DD/MM/YYYY HH:MM"
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = "DD/MM/YYYY"
        return cell
    if isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool):
        return WriteOnlyCell(sheet, value)
    cell = WriteOnlyCell(sheet, "" if value is None else str(value))
    cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def xlsx_file(columns: list[ExportColumn], records: Iterable):
    """A temporary file holding the workbook, rewound for reading."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([_cell(sheet, c.header) for c in columns])
    for record in records:
        sheet.append([_cell(sheet, c.value(record)) for c in columns])
    output = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    workbook.save(output)
    output.seek(0)
    return output
