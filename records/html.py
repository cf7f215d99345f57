"""Small pieces of escaped HTML that lists and record pages repeat: links, chips, dates.

Templates are the rule; these exist because a list renders them 50 times per page and a
template per cell costs more than the whole query. They escape with `esc` (what Django's
`conditional_escape` does, without its lazy-string wrapper: a page calls it ~1,000 times) and
return SafeString.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.timezone import localtime
from django.utils.translation import get_language

from records.phones import phone_display, phone_target


def esc(value) -> str:
    """`value` as escaped HTML text; already-safe HTML (SafeString) stays as it is."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


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
    text = esc(text)
    if len(text) > LONG_TEXT:
        return SafeString(f'<a href="{esc(url)}" title="{text}">{text}</a>')
    return SafeString(f'<a href="{esc(url)}">{text}</a>')


def record_link(record, text=None) -> str:
    """A link to the record's page (empty when there is no record)."""
    if record is None:
        return ""
    return link(detail_url(record), record if text is None else text)


def mailto(email: str) -> str:
    if not email:
        return ""
    text = esc(email)
    if len(email) > LONG_TEXT:
        return SafeString(f'<a href="mailto:{text}" title="{text}">{text}</a>')
    return SafeString(f'<a href="mailto:{text}">{text}</a>')


def tel(number: str) -> str:
    """A phone link, the number shown in the French format (records.phones), on one line."""
    if not number:
        return ""
    return SafeString(
        f'<a class="nowrap" href="tel:{esc(phone_target(number))}">{esc(phone_display(number))}</a>'
    )


def website(url: str) -> str:
    if not url:
        return ""
    return SafeString(f'<a href="{esc(url)}" rel="noopener noreferrer">{esc(url)}</a>')


def multiline(text: str) -> str:
    """Text whose line breaks show (escaped)."""
    return SafeString(f'<span class="prewrap">{esc(text)}</span>') if text else ""


def labels_of(record) -> list:
    """The record's labels: as its list's selector prefetched them (records.selectors
    .labels_prefetch), else read (one query)."""
    labels = getattr(record, "label_list", None)
    return labels if labels is not None else list(record.labels.all())


def label_chips(record) -> str:
    """The record's labels as chips (prefetched by the list's selector)."""
    return SafeString(
        " ".join(
            f'<span class="chip chip--{esc(label.colour)}">{esc(label.name)}</span>'
            for label in labels_of(record)
        )
    )


@lru_cache(maxsize=4096)
def _short_date(day, language: str | None) -> str:
    """A day in the language's short format: Django's date_format costs about 0.1 ms, and a
    list (or « Mes tâches ») shows the same days again and again."""
    return date_format(day, "SHORT_DATE_FORMAT")


def short_date(day) -> str:
    """A day as text, in the reader's short format (cached per day and language)."""
    return _short_date(day, get_language())


def date_cell(value) -> str:
    """A date (or the local date of a datetime) as <time>, in the reader's format."""
    if not value:
        return ""
    day = localtime(value).date() if hasattr(value, "hour") else value
    return SafeString(
        f'<time class="nowrap" datetime="{day.isoformat()}">{esc(short_date(day))}</time>'
    )
