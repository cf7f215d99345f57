"""Keyboard shortcuts' targets and the command palette (Ctrl/Cmd-K).

The shortcuts' help and the palette are server-rendered dialogs (templates/components/), so
that they speak the workspace's names and the person's language; static/js/shortcuts.js
fetches them (`keyboard_view`) the first time a shortcut needs them, and only reads them.
`g` then a letter goes to a page: the letters are fixed per page whatever the workspace
calls its objects (GO_KEYS), and only enabled objects get one.

The palette's results (`palette_view`, an HTMX fragment) are the actions matching what is
typed, then the records found by the global search's contributions (workspaces.registry
`search`: one bounded query per enabled object, PALETTE_RESULTS each).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from records.search import is_searchable, normalise_search_term
from workspaces.object_settings import object_settings_for
from workspaces.registry import registry

PALETTE_RESULTS = 5  # records per object
GO_KEYS = {"organisation": "o", "contact": "c", "opportunity": "p", "prospect": "l"}


@dataclass(frozen=True)
class Command:
    title: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class GoTarget:
    key: str
    label: str
    url: str


def _url(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _membership(request):
    return getattr(request, "membership", None)


def go_targets(request) -> list[GoTarget]:
    """`g` then a letter: the dashboard, each enabled object's list, my tasks."""
    targets = [GoTarget("d", _("Dashboard"), reverse("home"))]
    for entry in object_settings_for(request).navigation:
        key = GO_KEYS.get(entry["key"])
        if key:
            targets.append(GoTarget(key, entry["label"], entry["url"]))
    tasks = _url("my_tasks")
    if tasks:
        targets.append(GoTarget("t", _("My tasks"), tasks))
    return targets


def current_object(request, namespace: str):
    """The enabled object whose pages are under `namespace` (its list, a record…), if any."""
    for crm_object in object_settings_for(request).enabled():
        if crm_object.type.url_namespace == namespace:
            return crm_object
    return None


def new_record(request, namespace: str) -> dict | None:
    """`n`: a new record of the object of the page (`namespace`), for people who may write."""
    membership = _membership(request)
    crm_object = current_object(request, namespace)
    if crm_object is None or not (membership and membership.can_write):
        return None
    url = _url(f"{crm_object.type.url_namespace}:create")
    return {"url": url, "label": crm_object.new_label} if url else None


def actions(request) -> list[Command]:
    """Every page or action the palette offers this person, enabled objects only."""
    membership = _membership(request)
    can_write = bool(membership and membership.can_write)
    object_settings = object_settings_for(request)
    found = [Command(_("Dashboard"), reverse("home"))]
    for crm_object in object_settings.enabled():
        namespace = crm_object.type.url_namespace
        if can_write and (url := _url(f"{namespace}:create")):
            found.append(Command(crm_object.new_label, url))
        if url := crm_object.list_url:
            found.append(Command(crm_object.plural, url))
        for tab in registry.object_tabs.get(crm_object.key, []):
            if url := _url(tab.url_name):
                found.append(Command(f"{crm_object.plural} · {tab.label}", url))
        if crm_object.key in registry.statistics_pages and (url := _url(f"{namespace}:statistics")):
            statistics = _("Statistics")
            found.append(Command(f"{crm_object.plural} · {statistics}", url))
    if url := _url("my_tasks"):
        found.append(Command(_("My tasks"), url))
    if can_write and (url := _url("imports:index")):
        found.append(Command(_("Import a file"), url))
    if membership and membership.is_admin and (url := _url("settings:index")):
        found.append(Command(_("Settings"), url))
    return found


def _folded(text: str) -> str:
    """Lower case without accents: « Créer » matches « creer »."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def matching_actions(request, q: str) -> list[Command]:
    words = _folded(q).split()
    return [a for a in actions(request) if all(w in _folded(a.title) for w in words)]


def palette_groups(request, q: str) -> list[dict]:
    """The palette's results: matching actions, then records of each enabled object."""
    groups = []
    found = matching_actions(request, q)
    if found:
        groups.append({"label": _("Actions"), "items": found})
    if q and is_searchable(q):
        for crm_object in object_settings_for(request).enabled():
            search = registry.searches.get(crm_object.key)
            if search is None:
                continue
            results = search(request, q, PALETTE_RESULTS)[:PALETTE_RESULTS]
            if results:
                items = [Command(r.title, r.url, r.detail) for r in results]
                groups.append({"label": crm_object.plural, "items": items})
    if q:
        everywhere = f"{reverse('search')}?{urlencode({'q': q})}"
        label = _("Search everywhere for “%(q)s”") % {"q": q}
        groups.append({"label": _("Search"), "items": [Command(label, everywhere)]})
    return groups


def keyboard_view(request):
    """The shortcuts' help and the palette (HTMX fragment), fetched by static/js/shortcuts.js
    when a shortcut first needs them: no page renders them for nothing. `namespace` is the
    page's (`contacts`…), for `n`. Without JavaScript there are no shortcuts to help with."""
    if not request.htmx:
        return HttpResponseRedirect(reverse("home"))
    namespace = request.GET.get("namespace", "")[:50]
    context = {"go_targets": go_targets(request), "new_record": new_record(request, namespace)}
    return render(request, "components/keyboard.html", context)


def palette_view(request):
    """The palette's listbox (HTMX fragment); without JavaScript the search page stands in."""
    q = normalise_search_term(request.GET.get("q", ""))
    if not request.htmx:
        return HttpResponseRedirect(f"{reverse('search')}?{urlencode({'q': q})}")
    groups = palette_groups(request, q)
    index = 0
    for group in groups:
        numbered = []
        for item in group["items"]:
            numbered.append({"item": item, "id": f"palette-option-{index}"})
            index += 1
        group["options"] = numbered
    return render(request, "records/palette_results.html", {"q": q, "groups": groups})
