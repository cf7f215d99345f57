"""Charts drawn on the server as SVG: bar, column, stacked column, line and funnel.

A `Chart` holds the data once (categories × series, with an optional link per category); the
template `components/chart.html` draws it as an SVG image (its `<title>` and `<desc>` name it,
role="img") followed by the same figures as a table, whose links make each bar reachable from
the keyboard, and a link to download them as CSV (`chart_csv_response`, the conventions of
records.export: BOM, formula-safe cells). No JavaScript, nothing fetched from elsewhere; colours
come from CSS custom properties (static/css/charts.css), so charts follow the theme and print.

Geometry is computed here (`Chart.drawing()`), markup is in the template: every number the
template writes is a plain float, every text is escaped by the template engine, so the SVG is
valid XML.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpResponse
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from records.export import BOM, neutralise

WIDTH = 640
LABEL_WIDTH = 180  # horizontal bars: the category names on the left
VALUE_WIDTH = 90  # horizontal bars: the value after the bar
ROW_HEIGHT = 30
PLOT_HEIGHT = 200  # columns and lines
AXIS_HEIGHT = 36  # category labels under columns and lines
TOP = 16
MAX_AXIS_LABELS = 12

KINDS = ("bar", "column", "stacked", "line", "funnel")


def plain_number(value) -> str:
    """A figure as a reader writes it: 1 602 900, 12,5 (localised, no trailing zeros)."""
    if value is None:
        return "–"
    if isinstance(value, float | Decimal) and value != int(value):
        return number_format(round(Decimal(value), 1), decimal_pos=1, force_grouping=True)
    return number_format(int(value), force_grouping=True)


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5, 10 × 10^k that is at least `value`."""
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def shorten(text: str, length: int = 24) -> str:
    """A category name that fits left of a bar (the table keeps it whole)."""
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


@dataclass
class Series:
    name: str
    values: list  # one number (or None) per category


@dataclass
class Chart:
    """One chart and its data table.

    `links[i]` leads to the list of records behind category i (or None). `formats` formats a
    value of each series for display (default: `plain_number`). `extra_columns` are more
    columns of the table only: (header, [text per category]), e.g. a win rate.
    """

    id: str
    kind: str
    title: str
    description: str
    category_header: str
    categories: list[str]
    series: list[Series]
    links: list[str | None] = field(default_factory=list)
    format: Callable[[object], str] = plain_number
    extra_columns: list[tuple[str, list[str]]] = field(default_factory=list)
    empty_text: str = ""
    axis_labels: list[str] = field(default_factory=list)  # shorter names under columns

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown chart kind {self.kind!r}")
        self.id = slugify(self.id)

    @property
    def is_empty(self) -> bool:
        return not any(value for series in self.series for value in series.values)

    def link(self, index: int) -> str | None:
        return self.links[index] if index < len(self.links) else None

    def table(self) -> dict:
        """The data table: headers, then per category its name, link and formatted cells."""
        headers = [self.category_header, *(s.name for s in self.series)]
        headers += [header for header, _values in self.extra_columns]
        rows = []
        for index, category in enumerate(self.categories):
            cells = [self._text(series.values[index]) for series in self.series]
            cells += [values[index] for _header, values in self.extra_columns]
            rows.append({"category": category, "url": self.link(index), "cells": cells})
        return {"headers": headers, "rows": rows}

    def csv_rows(self) -> list[list[str]]:
        """The data as CSV rows: raw numbers (no grouping), so that spreadsheets compute."""
        rows = [[self.category_header, *(s.name for s in self.series)]]
        rows[0] += [header for header, _values in self.extra_columns]
        for index, category in enumerate(self.categories):
            row = [category]
            row += ["" if s.values[index] is None else str(s.values[index]) for s in self.series]
            row += [values[index] for _header, values in self.extra_columns]
            rows.append(row)
        return rows

    # --- geometry ---------------------------------------------------------------------------

    def drawing(self) -> dict:
        """Everything the SVG template draws: size, shapes (rectangles, lines, texts)."""
        return {
            "bar": self._bars,
            "funnel": self._funnel,
            "column": self._columns,
            "stacked": self._columns,
            "line": self._lines,
        }[self.kind]()

    def svg(self) -> dict:
        """The drawing's size and its SVG elements (`marks`), for the template."""
        drawing = self.drawing()
        return {
            "width": drawing["width"],
            "height": drawing["height"],
            "marks": self._marks(drawing),
        }

    def _marks(self, drawing: dict) -> SafeString:
        """The SVG elements of `drawing` (axes, lines, marks, texts).

        Built here rather than in the template: a year by week is hundreds of marks, and the
        template engine spent most of a statistics page's time on them. Numbers are floats
        computed above; every text (titles, names, links, classes) goes through escape()."""
        parts = [
            f'<line class="chart__axis{" chart__axis--grid" if axis.get("grid") else ""}"'
            f' x1="{axis["x1"]}" y1="{axis["y1"]}" x2="{axis["x2"]}" y2="{axis["y2"]}"/>'
            for axis in drawing["axes"]
        ]
        parts += [
            f'<polyline class="{escape(line["class"])}" points="{escape(line["points"])}"/>'
            for line in drawing.get("lines", [])
        ]
        for shape in drawing["shapes"]:
            css = escape(shape["class"])
            if shape.get("rect"):
                mark = (
                    f'<rect class="{css}" x="{shape["x"]}" y="{shape["y"]}"'
                    f' width="{shape["width"]}" height="{shape["height"]}">'
                    f"<title>{escape(shape['title'])}</title></rect>"
                )
            elif shape.get("circle"):
                mark = (
                    f'<circle class="{css}" cx="{shape["x"]}" cy="{shape["y"]}" r="4">'
                    f"<title>{escape(shape['title'])}</title></circle>"
                )
            else:
                parts.append(
                    f'<text class="{css}" x="{shape["x"]}" y="{shape["y"]}"'
                    f' text-anchor="{escape(shape["anchor"])}">{escape(shape["text"])}</text>'
                )
                continue
            if shape.get("url"):
                mark = f'<a data-href="{escape(shape["url"])}">{mark}</a>'
            parts.append(mark)
        return mark_safe("".join(parts))  # every text above is escaped

    def _text(self, value) -> str:
        """`self.format(value)`, once per distinct value: a chart repeats the same few figures
        (zeros above all) in its marks, titles and table, and localised formatting is slow."""
        texts = self.__dict__.setdefault("_texts", {})
        if value not in texts:
            texts[value] = self.format(value)
        return texts[value]

    def _number(self, value) -> float:
        return float(value or 0)

    def _bars(self) -> dict:
        """Horizontal bars: one row per category, one bar per series within the row."""
        count = max(len(self.series), 1)
        height = TOP + len(self.categories) * ROW_HEIGHT * count + 8
        peak = max((self._number(v) for s in self.series for v in s.values), default=0) or 1
        span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
        shapes = []
        for index, category in enumerate(self.categories):
            top = TOP + index * ROW_HEIGHT * count
            shapes.append(
                {
                    "text": shorten(category),
                    "x": LABEL_WIDTH - 8,
                    "y": top + ROW_HEIGHT * count / 2 + 4,
                    "anchor": "end",
                    "class": "chart__label",
                }
            )
            for number, series in enumerate(self.series):
                value = series.values[index]
                width = span * self._number(value) / peak
                y = top + number * ROW_HEIGHT + 5
                shapes.append(
                    {
                        "rect": True,
                        "x": LABEL_WIDTH,
                        "y": y,
                        "width": round(max(width, 1 if value else 0), 2),
                        "height": ROW_HEIGHT - 10,
                        "class": f"chart__mark chart__mark--{number + 1}",
                        "title": f"{category} · {series.name} : {self._text(value)}",
                        "url": self.link(index),
                    }
                )
                shapes.append(
                    {
                        "text": self._text(value),
                        "x": round(LABEL_WIDTH + width + 6, 2),
                        "y": y + ROW_HEIGHT / 2,
                        "anchor": "start",
                        "class": "chart__value",
                    }
                )
        axis = [{"x1": LABEL_WIDTH, "y1": TOP - 4, "x2": LABEL_WIDTH, "y2": height - 4}]
        return {"width": WIDTH, "height": height, "shapes": shapes, "axes": axis}

    def _funnel(self) -> dict:
        """A funnel: centred bars, each step's width proportional to its count."""
        series = self.series[0]
        height = TOP + len(self.categories) * (ROW_HEIGHT + 6) + 8
        peak = max((self._number(v) for v in series.values), default=0) or 1
        span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
        centre = LABEL_WIDTH + span / 2
        shapes = []
        for index, category in enumerate(self.categories):
            value = series.values[index]
            width = max(span * self._number(value) / peak, 2)
            y = TOP + index * (ROW_HEIGHT + 6)
            shapes.append(
                {
                    "text": shorten(category),
                    "x": LABEL_WIDTH - 8,
                    "y": y + ROW_HEIGHT / 2 + 4,
                    "anchor": "end",
                    "class": "chart__label",
                }
            )
            shapes.append(
                {
                    "rect": True,
                    "x": round(centre - width / 2, 2),
                    "y": y,
                    "width": round(width, 2),
                    "height": ROW_HEIGHT,
                    "class": f"chart__mark chart__mark--{index % 4 + 1}",
                    "title": f"{category} : {self._text(value)}",
                    "url": self.link(index),
                }
            )
            shapes.append(
                {
                    "text": self._text(value),
                    "x": WIDTH - VALUE_WIDTH + 8,
                    "y": y + ROW_HEIGHT / 2 + 4,
                    "anchor": "start",
                    "class": "chart__value",
                }
            )
        return {"width": WIDTH, "height": height, "shapes": shapes, "axes": []}

    def _plot_frame(self):
        left = 56
        plot_width = WIDTH - left - 12
        step = plot_width / max(len(self.categories), 1)
        return left, plot_width, step

    def _scale(self, peak: float) -> tuple[float, list[dict]]:
        """The top of the value axis and its grid lines (0, half, top) with their labels.

        The top is a round number (1, 2, 2.5, 5 × a power of ten) and, for counts, even, so
        that the half line is a whole number too.
        """
        peak = nice_ceiling(peak or 1)
        counts = all(float(v or 0).is_integer() for series in self.series for v in series.values)
        if counts and peak % 2:
            peak += 1
        grid = []
        for share in (0, 0.5, 1):
            y = TOP + PLOT_HEIGHT * (1 - share)
            grid.append({"y": round(y, 2), "label": self.format(peak * share)})
        return peak, grid

    def _axis_labels(self, left: float, step: float) -> list[dict]:
        every = max(1, -(-len(self.categories) // MAX_AXIS_LABELS))
        names = self.axis_labels or self.categories
        return [
            {
                "text": names[index],
                "x": round(left + step * index + step / 2, 2),
                "y": TOP + PLOT_HEIGHT + 18,
                "anchor": "middle",
                "class": "chart__label",
            }
            for index in range(len(self.categories))
            if index % every == 0
        ]

    def _columns(self) -> dict:
        """Columns (one per series side by side) or stacked columns, one group per category."""
        left, plot_width, step = self._plot_frame()
        stacked = self.kind == "stacked"
        if stacked:
            peak = max(
                (
                    sum(self._number(s.values[i]) for s in self.series)
                    for i in range(len(self.categories))
                ),
                default=0,
            )
        else:
            peak = max((self._number(v) for s in self.series for v in s.values), default=0)
        peak, grid = self._scale(peak)
        shapes = []
        inner = step * 0.7
        bar_width = inner if stacked else inner / max(len(self.series), 1)
        for index, category in enumerate(self.categories):
            x0 = left + step * index + (step - inner) / 2
            base = TOP + PLOT_HEIGHT
            for number, series in enumerate(self.series):
                value = series.values[index]
                height = PLOT_HEIGHT * self._number(value) / peak
                x = x0 if stacked else x0 + number * bar_width
                y = base - height
                shapes.append(
                    {
                        "rect": True,
                        "x": round(x, 2),
                        "y": round(y, 2),
                        "width": round(max(bar_width - 1, 1), 2),
                        "height": round(height, 2),
                        "class": f"chart__mark chart__mark--{number + 1}",
                        "title": f"{category} · {series.name} : {self._text(value)}",
                        "url": self.link(index),
                    }
                )
                if stacked:
                    base = y
        shapes += self._axis_labels(left, step)
        return self._framed(shapes, grid, left)

    def _lines(self) -> dict:
        """One polyline per series, a dot per value."""
        left, plot_width, step = self._plot_frame()
        peak = max((self._number(v) for s in self.series for v in s.values), default=0)
        peak, grid = self._scale(peak)
        shapes = []
        lines = []
        for number, series in enumerate(self.series):
            points = []
            for index, value in enumerate(series.values):
                x = round(left + step * index + step / 2, 2)
                y = round(TOP + PLOT_HEIGHT * (1 - self._number(value) / peak), 2)
                points.append(f"{x},{y}")
                shapes.append(
                    {
                        "circle": True,
                        "x": x,
                        "y": y,
                        "class": f"chart__dot chart__dot--{number + 1}",
                        "title": f"{self.categories[index]} · {series.name} : {self._text(value)}",
                        "url": self.link(index),
                    }
                )
            lines.append(
                {"points": " ".join(points), "class": f"chart__line chart__line--{number + 1}"}
            )
        shapes += self._axis_labels(left, step)
        drawing = self._framed(shapes, grid, left)
        drawing["lines"] = lines
        return drawing

    def _framed(self, shapes, grid, left) -> dict:
        height = TOP + PLOT_HEIGHT + AXIS_HEIGHT
        for line in grid:
            shapes.insert(
                0,
                {
                    "text": line["label"],
                    "x": left - 6,
                    "y": line["y"] + 4,
                    "anchor": "end",
                    "class": "chart__tick",
                },
            )
        axes = [
            {"x1": left, "y1": line["y"], "x2": WIDTH - 12, "y2": line["y"], "grid": True}
            for line in grid
        ]
        return {"width": WIDTH, "height": height, "shapes": shapes, "axes": axes}


def chart_csv_response(chart: Chart, *, filename: str = "") -> HttpResponse:
    """The chart's data as a CSV download (UTF-8 with BOM, formula-safe cells)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in chart.csv_rows():
        writer.writerow([neutralise(cell) for cell in row])
    response = HttpResponse(BOM + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    name = slugify(filename or chart.title) or chart.id or "chart"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
