"""Organisations in the global search (records.global_search)."""

from organisations.selectors import organisation_search
from records.global_search import SearchResult


def search(request, q: str, limit: int) -> list[SearchResult]:
    return [
        SearchResult(title=o.name, url=o.get_absolute_url(), detail=o.city)
        for o in organisation_search(term=q, limit=limit)
    ]
