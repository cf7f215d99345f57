"""records: the list and CRUD machinery shared by every CRM object (organisations, contacts,
opportunities, prospects).

An object app describes its pages once with a `records.pages.RecordPages` subclass (model,
FilterSet, form, selector, templates, columns, CSV columns) and gets list (search, filters,
sort, pagination, HTMX results partial, bulk actions, streamed CSV export), detail, create,
update and delete views that all honour the workspace settings (object enabled, hidden fields,
names) and the member's role. See records/pages.py for the API and organisations/views.py for
a complete example.

Modules:
- records.search: `ImmutableUnaccent`, `trigram_index()`, `search_filter()` (accent- and
  case-blind substring search on GIN trigram indexes).
- records.filters: `RecordFilterSet` (q, label, owner, created/updated ranges, sort).
- records.pages: `RecordPages` (the views and their `urlpatterns()`).
- records.export: streamed CSV with BOM and formula neutralisation.
- records.global_search: the /search/ page; each app may provide `<app>/search.py`.
"""
