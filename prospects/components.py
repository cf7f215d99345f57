"""What the prospect pages repeat on every row: choice labels, record URLs, the status control."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from django.template.loader import get_template
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from prospects.models import Prospect, Source, Status
from prospects.services import TRANSITIONS
from records.html import date_cell, label_chips, link, mailto
from records.pages import Column


# A list renders these for every row: Django's get_<field>_display() hashes every lazy choice
# label (one gettext each) and reverse() resolves the pattern each time, so both are done
# once per language / URL prefix here (text and URL patterns, never HTML).
@lru_cache(maxsize=64)
def _choice_labels(choices: type, language: str | None) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def choice_label(choices: type, value: str) -> str:
    """The label of `value` among `choices`, in the current language."""
    return _choice_labels(choices, get_language()).get(value, value)


@lru_cache(maxsize=64)
def _url_pattern(name: str, prefix: str) -> tuple[str, str]:
    head, _sep, tail = reverse(name, args=[987654321]).partition("987654321")
    return head, tail


def record_url(name: str, pk: int | str) -> str:
    """reverse(name, args=[pk]) for the many rows of a list."""
    head, tail = _url_pattern(name, get_script_prefix())
    return f"{head}{pk}{tail}"


def status_control(
    prospect: Prospect,
    *,
    place: str,
    writable: bool,
    labels: dict[str, str],
    error: str | None = None,
) -> SafeString:
    """The prospect's status, with buttons to its next statuses when `writable` (HTML).

    place: "row" (a list row: the choices open from the badge, prospects/_status_row.html) or
    "record" (its page: a stepper, prospects/_status.html).
    labels: the statuses' words (prospects.statuses.status_labels).
    """
    template = "prospects/_status.html" if place == "record" else "prospects/_status_row.html"
    context = _context(prospect, place=place, writable=writable, labels=labels, error=error)
    return mark_safe(get_template(template).render(context).strip())


def status_controls(
    prospects: Iterable[Prospect], *, place: str, writable: bool, labels: dict[str, str]
) -> list[SafeString]:
    """status_control() of each prospect of a list page, in order: the flat row template
    (prospects/_status_row.html) renders each, about 0.1 ms a row."""
    template = get_template("prospects/_status_row.html")
    return [
        mark_safe(
            template.render(
                _context(p, place=place, writable=writable, labels=labels, error=None)
            ).strip()
        )
        for p in prospects
    ]


# The steps a record page shows, in order; a disqualified prospect ends there instead.
PATH = [Status.NEW, Status.CONTACTED, Status.QUALIFIED, Status.CONVERTED]


def status_steps(status: str, labels: dict[str, str]) -> list[dict]:
    """The stepper of a record page: each step's value, label and state (done/current/todo)."""
    path = PATH if status != Status.DISQUALIFIED else [*PATH[:-1], Status.DISQUALIFIED]
    here = path.index(status) if status in path else 0
    states = ["done"] * here + ["current"] + ["todo"] * (len(path) - here - 1)
    return [
        {"value": value, "label": labels[value], "state": state}
        for value, state in zip(path, states, strict=True)
    ]


def _context(
    prospect: Prospect, *, place: str, writable: bool, labels: dict[str, str], error: str | None
) -> dict:
    pk, status = int(prospect.pk), prospect.status
    allowed = [value for value in Status.values if value in TRANSITIONS[status]]
    buttons = [value for value in allowed if value != Status.DISQUALIFIED]
    return {
        "steps": status_steps(status, labels) if place == "record" else (),
        "pk": pk,
        "status": status,
        "label": labels[status],
        "place": place,
        "writable": writable and status != Status.CONVERTED,
        "next_statuses": [(value, labels[value]) for value in buttons],
        "can_disqualify": Status.DISQUALIFIED in allowed,
        "url": record_url("prospects:status", pk),
        "target": f"#status-control-{pk}" if place == "row" else "#prospect-status",
        "reason_id": f"reason-{pk}-{place}",
        "error": error,
    }


def _name_cell(prospect: Prospect) -> str:
    return link(record_url("prospects:detail", prospect.pk), str(prospect))


def _owner(prospect: Prospect) -> str:
    owner = prospect.owner
    return (owner.full_name or owner.email) if owner else ""


COLUMNS = [
    Column("name", _("Name"), _name_cell, sort="name"),
    Column("company", _("Company"), lambda p: p.company_name, sort="company"),
    Column("email", _("Email"), lambda p: mailto(p.email)),
    # Replaced by the quick status control in list_page (it needs the request).
    Column(
        "status",
        _("Status"),
        lambda p: choice_label(Status, p.status),
        sort="status",
    ),
    Column("source", _("Source"), lambda p: choice_label(Source, p.source)),
    Column("owner", _("Owner"), _owner, field="owner"),
    Column("labels", _("Labels"), label_chips, field="labels"),
    Column(
        "created",
        lambda settings: settings["prospect"].phrase("created_on"),
        lambda p: date_cell(p.created),
        sort="created",
    ),
]
