"""A one-sheet XLSX workbook written straight as its XML parts, row by row, into a zip file.

    write_xlsx(output, headers, rows)     # output: a binary file; rows: lists of plain values

What openpyxl's write-only mode writes, at a fraction of its cost per cell (it builds an
object and XML element per cell): text as inline strings (typed text, never a formula), numbers
as numbers, dates and date-times as dates with a dd/mm/yyyy format, empty cells left out. The
sheet part streams into the zip file, so memory stays the same whatever the number of rows.
"""

from __future__ import annotations

import datetime
import decimal
import re
import zipfile
from collections.abc import Iterable
from xml.sax.saxutils import escape

from django.utils import timezone

# Characters XML 1.0 does not allow (openpyxl refuses them too): left out of the text.
ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
EPOCH = datetime.datetime(1899, 12, 30)  # day 0 of Excel's dates (1900 system)
DATE_STYLE, DATETIME_STYLE = 1, 2  # indexes into cellXfs below

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
<Override PartName="/xl/worksheets/sheet1.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
<Override PartName="/xl/styles.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
</Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
Target="xl/workbook.xml"/></Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
<sheets><sheet name="Sheet" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" \
Target="worksheets/sheet1.xml"/>\
<Relationship Id="rId2" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" \
Target="styles.xml"/></Relationships>"""
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<numFmts count="2"><numFmt numFmtId="164" formatCode="DD/MM/YYYY"/>\
<numFmt numFmtId="165" formatCode="DD/MM/YYYY HH:MM"/></numFmts>\
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
</styleSheet>"""
SHEET_START = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"""
SHEET_END = "</sheetData></worksheet>"
ROWS_PER_WRITE = 500


def column_letters(index: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA"."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(reference: str, text: str) -> str:
    if ILLEGAL.search(text):
        text = ILLEGAL.sub("", text)
    return (
        f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'
    )


def _cell(reference: str, value) -> str:
    if value.__class__ is str:
        return _text(reference, value) if value else ""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _text(reference, str(value))
    if isinstance(value, (int, float, decimal.Decimal)):
        return f'<c r="{reference}"><v>{value}</v></c>'
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(timezone.localtime(value))
        serial = (value - EPOCH).total_seconds() / 86400
        return f'<c r="{reference}" s="{DATETIME_STYLE}"><v>{serial!r}</v></c>'
    if isinstance(value, datetime.date):
        serial = (value - EPOCH.date()).days
        return f'<c r="{reference}" s="{DATE_STYLE}"><v>{serial}</v></c>'
    return _text(reference, str(value))


def write_xlsx(output, headers: list[str], rows: Iterable[list]) -> None:
    """Write the workbook (headers on its first line, then the rows) to the binary file."""
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", STYLES)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(SHEET_START.encode())
            letters: list[str] = []
            pieces: list[str] = []
            pieces.append(_row(1, headers, letters))
            for number, row in enumerate(rows, start=2):
                pieces.append(_row(number, row, letters))
                if number % ROWS_PER_WRITE == 0:
                    sheet.write("".join(pieces).encode())
                    pieces.clear()
            sheet.write("".join(pieces).encode())
            sheet.write(SHEET_END.encode())


def _row(number: int, row: list, letters: list[str]) -> str:
    while len(letters) < len(row):
        letters.append(column_letters(len(letters)))
    cells = "".join(
        [_cell(f"{letter}{number}", value) for letter, value in zip(letters, row, strict=False)]
    )
    return f'<row r="{number}">{cells}</row>'
