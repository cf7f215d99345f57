"""Actions on the lines ticked in a list: a small registry, one entry per action.

    BulkAction("set_status", _("Set the status"), run=set_status, controls="prospects/_bulk.html")

`run(pages, request, queryset, next_url)` does the work (through a service) and returns the
response, usually a redirect to the list with a message; `controls` is an optional template of
the inputs the action needs (a label, a status…), shown in the list's bulk bar, whose inputs
belong to the form `bulk-form`. Every list has `add_label`, `remove_label` (while labels show)
and `delete`; an object adds its own with `RecordPages.bulk_actions`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from labels.models import Label
from records.services import records_label_add, records_label_remove
from records.validation import parse_id

BULK_MAX = 1000  # records one bulk action may touch


@dataclass(frozen=True)
class BulkAction:
    name: str
    label: Any
    run: Callable[..., Any]
    controls: str = ""  # template of the action's own inputs
    needs_labels: bool = False  # only while the object shows labels


def _chosen_label(request) -> Label | None:
    pk = parse_id(request.POST.get("label"))
    return Label.objects.filter(pk=pk).first() if pk is not None else None


def _labels(pages, request, queryset, next_url, *, add: bool):
    """Put the chosen label on the lines (add) or take it off them."""
    label = _chosen_label(request)
    if label is None:
        messages.error(request, _("Choose a label."))
        return pages.redirect(request, next_url)
    if add:
        count = records_label_add(records=queryset, label=label)
        text = ngettext(
            "Label “%(label)s” added to %(count)d line.",
            "Label “%(label)s” added to %(count)d lines.",
            count,
        )
    else:
        count = records_label_remove(records=queryset, label=label)
        text = ngettext(
            "Label “%(label)s” removed from %(count)d line.",
            "Label “%(label)s” removed from %(count)d lines.",
            count,
        )
    messages.success(request, text % {"label": label.name, "count": count})
    return pages.redirect(request, next_url)


def add_label(pages, request, queryset, next_url):
    return _labels(pages, request, queryset, next_url, add=True)


def remove_label(pages, request, queryset, next_url):
    return _labels(pages, request, queryset, next_url, add=False)


def delete(pages, request, queryset, next_url):
    """Asks first (a page listing what goes), then deletes through the app's service."""
    if request.POST.get("confirm") != "yes":
        records = list(queryset[:BULK_MAX])
        context = pages.base_context(request, records=records, count=len(records), next=next_url)
        return render(request, pages.template("bulk_delete"), context)
    count = pages.bulk_delete(request, queryset)
    text = ngettext(
        "%(count)d line deleted (%(objects)s).", "%(count)d lines deleted (%(objects)s).", count
    )
    messages.success(request, text % {"count": count, "objects": pages.crm_object(request).plural})
    return pages.redirect(request, next_url)


LABEL_CONTROLS = "records/_bulk_label.html"

COMMON_ACTIONS = [
    BulkAction(
        "add_label",
        gettext_lazy("Add the label"),
        add_label,
        controls=LABEL_CONTROLS,
        needs_labels=True,
    ),
    BulkAction(
        "remove_label",
        gettext_lazy("Remove the label"),
        remove_label,
        controls=LABEL_CONTROLS,
        needs_labels=True,
    ),
    BulkAction("delete", gettext_lazy("Delete"), delete),
]


def selected_ids(request) -> list[int]:
    """The ticked lines' ids (ASCII digits only; at most BULK_MAX)."""
    ids = (parse_id(value) for value in request.POST.getlist("ids"))
    return [pk for pk in ids if pk is not None][:BULK_MAX]
