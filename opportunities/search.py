"""Opportunities in the global search (records.global_search)."""

from opportunities.selectors import opportunity_search
from opportunities.templatetags.opportunities import euros
from records.global_search import SearchResult
from records.selectors import searches_custom_values


def search(request, q: str, limit: int) -> list[SearchResult]:
    return [
        SearchResult(
            title=o.title,
            url=o.get_absolute_url(),
            detail=" · ".join(part for part in [o.stage.name, euros(o.amount)] if part),
        )
        for o in opportunity_search(
            term=q, limit=limit, custom_values=searches_custom_values(request, "opportunity")
        )
    ]
