"""Small pieces of escaped HTML that lists and record pages repeat: links, chips, dates.

Templates are the rule; these exist because a list renders them 50 times per page and a
template per cell costs more than the whole query.
"""

from __future__ import annotations

from functools import lru_cache

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import get_language

from records.phones import phone_display, phone_target


@lru_cache(maxsize=64)
def _detail_url_pattern(namespace: str) -> tuple[str, str]:
    marker = 987654321
    url = reverse(f"{namespace}:detail", args=[marker])
    head, _marker, tail = url.partition(str(marker))
    return head, tail


def detail_url(record) -> str:
    """record.get_absolute_url() without one reverse() per row (lists render 50 of them)."""
    head, tail = _detail_url_pattern(record._meta.app_label)
    return f"{head}{record.pk}{tail}"


# Lists cut a longer name or email with an ellipsis (records.css): its title holds it whole.
LONG_TEXT = 28


def link(url: str, text) -> str:
    text = str(text)
    if len(text) > LONG_TEXT:
        return format_html('<a href="{}" title="{}">{}</a>', url, text, text)
    return format_html('<a href="{}">{}</a>', url, text)


def record_link(record, text=None) -> str:
    """A link to the record's page (empty when there is no record)."""
    if record is None:
        return ""
    return link(detail_url(record), record if text is None else text)


def mailto(email: str) -> str:
    if not email:
        return ""
    if len(email) > LONG_TEXT:
        return format_html('<a href="mailto:{}" title="{}">{}</a>', email, email, email)
    return format_html('<a href="mailto:{}">{}</a>', email, email)


def tel(number: str) -> str:
    """A phone link, the number shown in the French format (records.phones), on one line."""
    if not number:
        return ""
    return format_html(
        '<a class="nowrap" href="tel:{}">{}</a>', phone_target(number), phone_display(number)
    )


def website(url: str) -> str:
    return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', url, url) if url else ""


def multiline(text: str) -> str:
    """Text whose line breaks show (escaped)."""
    return format_html('<span class="prewrap">{}</span>', text) if text else ""


def label_chips(record) -> str:
    """The record's labels as chips (they must be prefetched)."""
    return format_html_join(
        " ",
        '<span class="chip chip--{}">{}</span>',
        ((label.colour, label.name) for label in record.labels.all()),
    )


@lru_cache(maxsize=4096)
def _short_date(day, language: str | None) -> str:
    """A day in the language's short format (text): Django's date_format costs about 0.1 ms,
    and a list shows the same days again and again."""
    return date_format(day, "SHORT_DATE_FORMAT")


def date_cell(value) -> str:
    """A date (or the local date of a datetime) as <time>, in the reader's format."""
    if not value:
        return ""
    day = localtime(value).date() if hasattr(value, "hour") else value
    return format_html(
        '<time class="nowrap" datetime="{}">{}</time>',
        day.isoformat(),
        _short_date(day, get_language()),
    )
