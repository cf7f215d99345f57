"""Server-drawn SVG charts: valid XML, named for assistive technology, data table and CSV."""

import csv
import io
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from records.charts import Chart, Series, chart_csv_response, nice_ceiling
from records.statistics import Period

SVG = "{http://www.w3.org/2000/svg}"


def chart(kind, **more):
    return Chart(
        id=more.pop("id", f"test {kind}"),
        kind=kind,
        title="Ventes <b>& co</b>",
        description="Par « mois »",
        category_header="Mois",
        categories=["Janv. <2026>", "Févr.", "=cmd()"],
        series=[Series("Gagnées", [3, 0, 1]), Series("Perdues", [1, 2, None])],
        links=["/opportunities/?stage=1&owner=2", None, "/x/"],
        **more,
    )


def svg_of(html: str) -> ET.Element:
    start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
    return ET.fromstring(html[start:end])


@pytest.mark.parametrize("kind", ["bar", "column", "stacked", "line", "funnel"])
def test_every_kind_is_valid_svg_with_title_description_and_a_table(kind):
    with translation.override("fr"):
        html = render_to_string("components/chart.html", {"chart": chart(kind), "csv_url": "?c"})
    svg = svg_of(html)
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title.text == "Ventes <b>& co</b>" and desc.text == "Par « mois »"
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "style=" not in html and "<script" not in html
    # Numbers in attributes are never localised (no "12,5" in French).
    for element in svg.iter():
        for name in ("x", "y", "width", "height", "cx", "cy"):
            if element.get(name) is not None:
                float(element.get(name))
    # The same figures as a table, each category linked to its list where it has one.
    assert (
        '<th scope="row"><a href="/opportunities/?stage=1&amp;owner=2">Janv. &lt;2026&gt;' in html
    )
    assert 'href="?c"' in html


def test_an_empty_chart_says_so_instead_of_drawing():
    empty = Chart(
        id="e",
        kind="bar",
        title="Rien",
        description="",
        category_header="x",
        categories=["a"],
        series=[Series("s", [0])],
        empty_text="Ajoutez des fiches.",
    )
    html = render_to_string("components/chart.html", {"chart": empty, "csv_url": "?c"})
    assert "<svg" not in html and "Ajoutez des fiches." in html and "?c" not in html


def test_bars_are_proportional_and_link_to_their_list():
    drawing = chart("bar").drawing()
    rects = [shape for shape in drawing["shapes"] if shape.get("rect")]
    widths = [rect["width"] for rect in rects if "--1" in rect["class"]]
    assert widths[0] == pytest.approx(3 * widths[2], abs=0.05)
    assert rects[0]["url"] == "/opportunities/?stage=1&owner=2"


def test_stacked_columns_stack():
    drawing = chart("stacked").drawing()
    first = [s for s in drawing["shapes"] if s.get("rect")][:2]
    assert first[1]["y"] + first[1]["height"] == pytest.approx(first[0]["y"])


def test_csv_has_a_bom_raw_numbers_and_no_formula():
    response = chart_csv_response(chart("bar"), filename="Opportunités ventes")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    assert response["Content-Disposition"] == 'attachment; filename="opportunites-ventes.csv"'
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0] == ["Mois", "Gagnées", "Perdues"]
    assert rows[1] == ["Janv. <2026>", "3", "1"]
    assert rows[3] == ["'=cmd()", "1", ""]


def test_round_axis_tops():
    assert [nice_ceiling(v) for v in (1, 3, 7, 12, 240, 0.3)] == [1, 5, 10, 20, 250, 0.5]


@pytest.mark.parametrize(
    "kind, today, start, end, previous",
    [
        (
            "month",
            date(2026, 3, 31),
            date(2026, 3, 1),
            date(2026, 3, 31),
            (date(2026, 2, 1), date(2026, 2, 28)),
        ),
        (
            "quarter",
            date(2026, 5, 2),
            date(2026, 4, 1),
            date(2026, 6, 30),
            (date(2026, 1, 1), date(2026, 3, 31)),
        ),
        (
            "year",
            date(2026, 5, 2),
            date(2026, 1, 1),
            date(2026, 12, 31),
            (date(2025, 1, 1), date(2025, 12, 31)),
        ),
        (
            "12m",
            date(2026, 1, 10),
            date(2025, 2, 1),
            date(2026, 1, 31),
            (date(2024, 2, 1), date(2025, 1, 31)),
        ),
    ],
)
def test_periods_and_their_previous_period(kind, today, start, end, previous):
    period = Period.of(kind, today)
    assert (period.start, period.end) == (start, end)
    assert (period.previous().start, period.previous().end) == previous


def test_a_custom_period_compares_with_as_many_days_before():
    period = Period(date(2026, 3, 10), date(2026, 3, 19))
    assert (period.previous().start, period.previous().end) == (date(2026, 2, 28), date(2026, 3, 9))
    assert period.months() == [date(2026, 3, 1)]


def test_period_edges_are_in_the_workspace_time_zone(settings):
    period = Period(date(2026, 1, 1), date(2026, 1, 31))
    # Paris is UTC+1 in winter: January ends at 23:00 UTC on the 31st.
    assert period.end_at.isoformat() == "2026-02-01T00:00:00+01:00"
