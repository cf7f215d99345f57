"""Phone numbers as French readers write them: « 01 23 45 67 89 », « +33 1 23 45 67 89 ».

Numbers are stored as typed; only their display is formatted (lists, record pages). A number
that is not a French one (another country code, a short number, letters) shows as typed.
"""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s.\-/()\u00a0\u202f]")


def _pairs(digits: str) -> str:
    return " ".join(digits[i : i + 2] for i in range(0, len(digits), 2))


def phone_display(number: str) -> str:
    """`number` in the French format when it is a French number, else as typed (stripped)."""
    text = (number or "").strip()
    compact = _SEPARATORS.sub("", text)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if compact.startswith("+33"):
        national = compact[3:]
        if national.startswith("0"):  # « +33 (0)1 23… »
            national = national[1:]
        if len(national) == 9 and national.isdigit():
            return f"+33 {national[0]} {_pairs(national[1:])}"
        return text
    if len(compact) == 10 and compact.isdigit() and compact.startswith("0"):
        return _pairs(compact)
    return text


def phone_target(number: str) -> str:
    """The number for a tel: link (digits and a leading +)."""
    return "".join(c for c in (number or "") if c.isdigit() or c == "+")
