"""Prospects in the global search (records.global_search)."""

from prospects.selectors import prospect_search
from records.global_search import SearchResult
from records.selectors import searches_custom_values


def search(request, q: str, limit: int) -> list[SearchResult]:
    return [
        SearchResult(
            title=str(prospect),
            url=prospect.get_absolute_url(),
            detail=" · ".join(
                part for part in (prospect.company_name, prospect.get_status_display()) if part
            ),
        )
        for prospect in prospect_search(
            term=q, limit=limit, custom_values=searches_custom_values(request, "prospect")
        )
    ]
