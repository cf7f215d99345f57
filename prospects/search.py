"""Prospects in the global search (records.global_search)."""

from prospects.selectors import prospect_search
from prospects.statuses import status_labels
from records.global_search import SearchResult
from records.selectors import searches_custom_values
from workspaces.object_settings import object_settings_for


def search(request, q: str, limit: int) -> list[SearchResult]:
    labels = status_labels(object_settings_for(request)["prospect"])
    return [
        SearchResult(
            title=str(prospect),
            url=prospect.get_absolute_url(),
            detail=" · ".join(
                part for part in (prospect.company_name, labels[prospect.status]) if part
            ),
        )
        for prospect in prospect_search(
            term=q, limit=limit, custom_values=searches_custom_values(request, "prospect")
        )
    ]
