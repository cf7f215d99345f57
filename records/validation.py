"""Cleaning what comes from a URL or a form before it reaches the database.

PostgreSQL refuses a NUL byte in text and a bigint above 2^63 - 1, and Python's str.isdigit()
accepts « ² » or « ① »: every id and free text taken from a request goes through here.
"""

from __future__ import annotations

import re

MAX_ID = 2**63 - 1
ASCII_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_id(value) -> int | None:
    """An id written in ASCII digits within PostgreSQL's bigint, else None."""
    if value is None:
        return None
    text = str(value).strip()
    if not ASCII_DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def clean_text(value, *, max_length: int | None = None) -> str:
    """Free text without NUL bytes, cut to `max_length` characters."""
    text = (value or "").replace("\x00", "")
    return text[:max_length] if max_length is not None else text
