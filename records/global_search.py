"""The global search page, /search/?q=: every enabled object, a few results each.

An object app takes part by registering (workspaces.registry, in its AppConfig.ready())

    def search(request, q: str, limit: int) -> list[SearchResult]

(one bounded query, e.g. its selector's `…_search(term=q, limit=limit)`). Only objects enabled
in the workspace are asked, in the order of workspaces.object_settings.OBJECT_TYPES.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import render

from records.search import MIN_WORD_LENGTH, is_searchable, normalise_search_term
from workspaces.object_settings import object_settings_for
from workspaces.registry import registry

RESULTS_PER_OBJECT = 10


@dataclass(frozen=True)
class SearchResult:
    title: str
    url: str
    detail: str = ""  # a second line: organisation, email, city…


def search_view(request):
    q = normalise_search_term(request.GET.get("q", ""))
    sections = []
    too_short = bool(q) and not is_searchable(q)
    if q and not too_short:
        for crm_object in object_settings_for(request).enabled():
            search = registry.searches.get(crm_object.key)
            if search is None:
                continue
            results = search(request, q, RESULTS_PER_OBJECT + 1)
            sections.append(
                {
                    "crm_object": crm_object,
                    "results": results[:RESULTS_PER_OBJECT],
                    "more": len(results) > RESULTS_PER_OBJECT,
                    "list_url": crm_object.list_url,
                }
            )
    template = "records/search.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    context = {
        "q": q,
        "sections": sections,
        "too_short": too_short,
        "min_length": MIN_WORD_LENGTH,
    }
    return render(request, template, context)
