"""A person's data on request (GDPR art. 15, 17, 20): see, download, erase; and the log.

Workspace admins only (others 403; WorkspaceAccessMiddleware already answers 404 to
strangers). Only contacts and prospects are people: any other object, a disabled one or an id
that is not in this workspace answers 404.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from activities.refs import RecordRef
from personal_data import selectors, services
from personal_data.models import Action
from personal_data.sections import PERSON_OBJECTS
from records.validation import parse_id
from workspaces.object_settings import object_settings_for
from workspaces.settings_views import admin_required


def _person_or_404(request, object_key: str, pk: int):
    if object_key not in PERSON_OBJECTS:
        raise Http404
    object_settings = object_settings_for(request)
    if not object_settings.is_enabled(object_key):
        raise Http404
    return get_object_or_404(RecordRef(object_key, pk).model, pk=pk), object_settings


def _data(request, record, object_settings) -> dict:
    return selectors.person_data(record, object_settings, workspace=request.tenant)


@require_GET
@admin_required
def report(request, object_key: str, pk: int):
    """Everything held about the person, as a page that prints well."""
    record, object_settings = _person_or_404(request, object_key, pk)
    data = _data(request, record, object_settings)
    services.log_write(actor=request.user, action=Action.EXPORT_HTML, record=record)
    return render(
        request,
        "personal_data/report.html",
        {
            "data": data,
            "record": record,
            "crm_object": object_settings[object_key],
            "object_key": object_key,
        },
    )


@require_GET
@admin_required
def export_json(request, object_key: str, pk: int):
    """The same as a JSON file (portable: art. 20)."""
    record, object_settings = _person_or_404(request, object_key, pk)
    data = _data(request, record, object_settings)
    services.log_write(actor=request.user, action=Action.EXPORT_JSON, record=record)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="personal-data-{object_key}-{record.pk}.json"'
    )
    return response


def _chosen_ids(request, name: str, allowed: set[int]) -> list[int]:
    ids = (parse_id(value) for value in request.POST.getlist(name))
    return [i for i in ids if i is not None and i in allowed]


@require_http_methods(["GET", "POST"])
@admin_required
def erase(request, object_key: str, pk: int):
    """Ask (what goes, the same person elsewhere, the notes that mention them), then erase."""
    record, object_settings = _person_or_404(request, object_key, pk)
    crm_object = object_settings[object_key]
    twins = [
        t
        for t in selectors.linked_people(record)
        if object_settings.is_enabled(RecordRef.of(t).key)
    ]
    candidates = [record, *twins]
    terms = [term for person in candidates for term in selectors.person_terms(person)]
    notes = selectors.mentions(candidates, terms)
    error = ""
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            error = _("Tick the box to confirm: an erasure cannot be undone.")
        else:
            also = _chosen_ids(request, "also", {t.pk for t in twins})
            redact = _chosen_ids(request, "redact", {n.pk for n in notes})
            result = services.person_erase(
                record=record,
                actor=request.user,
                also=[t for t in twins if t.pk in also],
                redact_notes=redact,
            )
            messages.success(
                request,
                _(
                    "The person was erased: %(records)d record(s), %(notes)d note(s), "
                    "%(tasks)d task(s), %(history)d history row(s), %(mentions)d mention(s) "
                    "redacted. The personal-data log keeps a trace without their name."
                )
                % {
                    "records": len(result.records),
                    "notes": result.notes,
                    "tasks": result.tasks,
                    "history": result.history_rows,
                    "mentions": result.mentions_redacted,
                },
            )
            return HttpResponseRedirect(crm_object.list_url or "/")
    pattern = selectors.mention_pattern(terms)
    return render(
        request,
        "personal_data/erase.html",
        {
            "record": record,
            "crm_object": crm_object,
            "object_key": object_key,
            "twins": [(t, object_settings[RecordRef.of(t).key]) for t in twins],
            "mentions": [
                (note, object_settings[note.record_key], _highlight(note.text, pattern))
                for note in notes
            ],
            "error": error,
        },
        status=400 if error else 200,
    )


def _highlight(text: str, pattern) -> list[tuple[str, bool]]:
    """The note's text cut into (piece, is a mention) for the template to escape and mark."""
    if pattern is None:
        return [(text, False)]
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces += [(text[last : match.start()], False), (match.group(0), True)]
        last = match.end()
    pieces.append((text[last:], False))
    return [piece for piece in pieces if piece[0]]


@require_GET
@admin_required
def log(request):
    """Settings › Personal data: every export and erasure, newest first (read only)."""
    object_settings = object_settings_for(request)
    entries = selectors.log_entries()
    for entry in entries:
        entry.object_name = object_settings[entry.object_key].singular
    return render(request, "personal_data/log.html", {"entries": entries})
