"""How each export format writes a value."""

import datetime
import decimal

from django.utils import timezone

from records.export import plain


def test_excel_france_dates_and_decimal_comma():
    moment = datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC)
    assert plain(moment, "excel-fr") == "01/12/2026 00:30"  # Paris time
    assert plain(datetime.date(2026, 1, 5), "excel-fr") == "05/01/2026"
    assert plain(decimal.Decimal("1234.50"), "excel-fr") == "1234,50"


def test_standard_csv_keeps_iso_and_decimal_point():
    assert plain(datetime.date(2026, 1, 5)) == "2026-01-05"
    assert plain(decimal.Decimal("1234.50")) == "1234.50"
    assert plain(timezone.now()).count("T") == 1
    assert plain(None) == ""
