"""Export of a list, exactly as filtered, in three formats, streamed:

- `csv`: UTF-8 with a BOM, `,`, ISO dates, decimal point (any software, and our import);
- `excel-fr`: what French Excel opens right with a double click: `;`, dates dd/mm/yyyy in the
  workspace's time zone, decimal comma, BOM;
- `xlsx`: an Excel workbook with typed cells (dates as dates, amounts as numbers), written
  straight as its XML parts by records.xlsx (rows go to a temporary file, not to memory).

Rows are read as plain values (`values_list`), never as model instances: each column says what
it selects (a field path such as `organisation__name`, or an expression built for the exported
model such as the label names' array subquery) and how the value becomes a cell. One query,
read through a server-side cursor in chunks, whatever the number of rows.

The BOM lets spreadsheet software read accents correctly; in CSV a cell starting with
= + - @ (or a tab / carriage return) is prefixed with an apostrophe so that it is never run
as a formula (our import takes that apostrophe off again); in XLSX such a cell is typed text.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import CharField, F, OuterRef, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.text import slugify

from records.xlsx import write_xlsx

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 2000
ROWS_PER_PIECE = 500
FORMATS = ("csv", "excel-fr", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ExportValue:
    """What a column reads: a field path, or `select(model)` giving an expression; then
    `convert` (if any) turns the database value into the cell's value."""

    select: str | Callable[[type], object]
    convert: Callable[[object], object] | None = None


@dataclass(frozen=True)
class ExportColumn:
    header: str
    select: str | Callable[[type], object]
    convert: Callable[[object], object] | None = None


def _label_names(model):
    through = model._meta.get_field("labels").remote_field.through
    return ArraySubquery(
        through.objects.filter(**{model._meta.model_name: OuterRef("pk")})
        .order_by("label__name")
        .values("label__name")
    )


def _owner_name(model):
    name = NullIf(F("owner__full_name"), Value(""))
    return Coalesce(name, F("owner__email"), output_field=CharField())


LABEL_NAMES = ExportValue(_label_names, ", ".join)
OWNER_NAME = ExportValue(_owner_name)


def display(choices) -> Callable[[object], object]:
    """A choice field's value as its label (in the request's language)."""
    labels = dict(choices)
    return lambda value: labels.get(value, value)


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


def export_rows(columns: list[ExportColumn], queryset) -> Iterator[list]:
    """The cells of each row of `queryset`, in its order: one query, read in chunks."""
    selects: list[str] = ["pk"]  # keeps two identical rows two rows whatever the queryset does
    annotations = {}
    positions = []
    for column in columns:
        if callable(column.select):
            name = f"export_{len(annotations)}"
            annotations[name] = column.select(queryset.model)
        else:
            name = column.select
        if name not in selects:
            selects.append(name)
        positions.append(selects.index(name))
    rows = (
        queryset.prefetch_related(None)
        .annotate(**annotations)
        .values_list(*selects)
        .iterator(chunk_size=CHUNK_SIZE)
    )
    converts = [
        (position, column.convert) for position, column in zip(positions, columns, strict=True)
    ]
    for row in rows:
        yield [convert(row[i]) if convert else row[i] for i, convert in converts]


def cell_text(value, style: str = "csv") -> str:
    """One CSV cell: text that could run as a formula gets its apostrophe; numbers and dates
    are written the `style`'s way (a negative amount stays a number)."""
    if value.__class__ is str:  # most cells: checked first, the export's hot path
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if value is None:
        return ""
    if isinstance(value, (int, float, decimal.Decimal, datetime.date)):
        return plain(value, style)
    return neutralise(value)


def csv_rows(
    columns: list[ExportColumn], rows: Iterable[list], style: str = "csv"
) -> Iterator[str]:
    """The CSV text, a few hundred rows per piece (one piece per row costs more than the rows)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if style == "excel-fr" else ",")
    buffer.write(BOM)
    writer.writerow([neutralise(c.header) for c in columns])
    for count, row in enumerate(rows, start=1):
        writer.writerow([cell_text(value, style) for value in row])
        if count % ROWS_PER_PIECE == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _as_in_the_request(pieces: Iterator[str]) -> Iterator[str]:
    """The rows stream after the view has returned: keep its time zone and language."""
    zone, language = timezone.get_current_timezone(), translation.get_language()

    def stream():
        with timezone.override(zone), translation.override(language):
            yield from pieces

    return stream()


def export_response(*, columns: list[ExportColumn], queryset, filename: str, style: str = "csv"):
    """Stream `queryset`'s rows (one query, read in chunks) as a download."""
    rows = export_rows(columns, queryset)
    safe_name = slugify(filename) or "export"
    if style == "xlsx":
        return FileResponse(
            xlsx_file(columns, rows),
            as_attachment=True,
            filename=f"{safe_name}.xlsx",
            content_type=XLSX_TYPE,
        )
    response = StreamingHttpResponse(
        _as_in_the_request(csv_rows(columns, rows, style)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{safe_name}.csv"'
    return response


csv_response = export_response


def xlsx_file(columns: list[ExportColumn], rows: Iterable[list]):
    """A temporary file holding the workbook, rewound for reading."""
    output = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    write_xlsx(output, [c.header for c in columns], rows)
    output.seek(0)
    return output
