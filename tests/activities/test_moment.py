"""The timeline's moments: `moment` writes what the two `date` filters wrote, in the reader's
time zone and language, and nothing for no moment."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

WHEN = datetime.datetime(2026, 3, 29, 0, 30, 15, 123456, tzinfo=datetime.UTC)  # DST day in Paris

BOTH_FILTERS = Template(
    """<time datetime="{{ v|date:'c' }}">{{ v|date:"SHORT_DATETIME_FORMAT" }}</time>"""
)
MOMENT = Template("{% load activities %}{{ v|moment }}")


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("zone", ["Europe/Paris", "America/Montreal", "UTC"])
def test_moment_writes_what_the_date_filters_wrote(language, zone):
    with translation.override(language), timezone.override(zone):
        expected = BOTH_FILTERS.render(Context({"v": WHEN}))
        assert MOMENT.render(Context({"v": WHEN})) == expected
        assert expected.startswith('<time datetime="2026-03-')


def test_no_moment_writes_nothing():
    assert MOMENT.render(Context({"v": None})) == ""
