"""Contacts in the global search (records.global_search)."""

from contacts.selectors import contact_search
from records.global_search import SearchResult
from records.selectors import searches_custom_values
from workspaces.object_settings import object_settings_for


def search(request, q: str, limit: int) -> list[SearchResult]:
    with_organisation = object_settings_for(request).is_enabled("organisation")
    results = []
    for contact in contact_search(
        term=q, limit=limit, custom_values=searches_custom_values(request, "contact")
    ):
        detail = contact.organisation.name if with_organisation and contact.organisation else ""
        results.append(
            SearchResult(
                title=contact.full_name,
                url=contact.get_absolute_url(),
                detail=detail or contact.email,
            )
        )
    return results
