"""Organisations in the global search (records.global_search)."""

from organisations.selectors import organisation_search
from records.global_search import SearchResult
from records.selectors import searches_custom_values


def search(request, q: str, limit: int) -> list[SearchResult]:
    return [
        SearchResult(title=o.name, url=o.get_absolute_url(), detail=o.city)
        for o in organisation_search(
            term=q, limit=limit, custom_values=searches_custom_values(request, "organisation")
        )
    ]
