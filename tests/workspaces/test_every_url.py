"""Every URL of a workspace host, present and future: anonymous -> login, stranger -> 404.

Walks the tenant URLconf, so a URL added later is covered without touching this file.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# Converters filled with values that look real: ids of records that may or may not exist.
SAMPLES = {"int": "1", "str": "sample", "slug": "sample", "path": "sample", "uuid": None}


def workspace_urls(patterns=None, prefix=""):
    """(path, view) for every URL of the tenant URLconf."""
    if patterns is None:
        patterns = get_resolver("crm_project.urls_tenant").url_patterns
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from workspace_urls(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield (
                "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES[m.group(1) or "str"], route),
                (entry.callback),
            )


URLS = sorted({(path, view) for path, view in workspace_urls()}, key=lambda item: item[0])
PROTECTED = [path for path, view in URLS if getattr(view, "login_required", True)]


def test_the_walk_finds_the_crm_pages():
    assert {"/", "/contacts/", "/organisations/1/", "/opportunities/board/", "/search/"} <= set(
        PROTECTED
    )
    assert "/prospects/1/convert/" in PROTECTED and "/settings/" in PROTECTED
    statistics = {f"/{plural}/statistics/" for plural in ("organisations", "contacts")}
    statistics |= {"/opportunities/statistics/", "/prospects/statistics/", "/tasks/statistics/"}
    assert statistics <= set(PROTECTED)
    # Custom fields and saved views (issue 12).
    assert {
        "/contacts/columns/",
        "/opportunities/views/",
        "/prospects/views/1/delete/",
        "/organisations/views/1/default/",
        "/settings/custom-fields/sample/",
        "/settings/custom-fields/sample/1/purge/",
    } <= set(PROTECTED)
    # The link fields' pickers (issue 14).
    assert {"/organisations/picker/", "/contacts/picker/", "/pickers/members/"} <= set(PROTECTED)
    # The record preview of the lists (issue 14).
    assert {f"/{plural}/1/preview/" for plural in ("organisations", "contacts")} | {
        "/opportunities/1/preview/",
        "/prospects/1/preview/",
    } <= set(PROTECTED)
    # Going to another of one's workspaces (issue 14); its hand-off is public, and refuses
    # anything but a valid token (tests/workspaces/test_handoff.py).
    assert "/workspaces/sample/enter/" in PROTECTED
    assert "/settings/workflows/1/stages/order/" in PROTECTED  # dragged stages
    assert "/accounts/handoff/" in {path for path, _view in URLS} - set(PROTECTED)
    # Click-to-edit on record pages, the command palette (issue 14).
    assert {
        "/contacts/1/field/sample/",
        "/organisations/1/field/sample/",
        "/opportunities/1/field/sample/",
        "/prospects/1/field/sample/",
        "/search/palette/",
        "/search/keyboard/",  # the shortcuts' dialogs, fetched when first needed (issue 16)
    } <= set(PROTECTED)
    # The lists' filter fields, fetched when the popover first opens (issue 16).
    assert {f"/{plural}/filters/" for plural in ("organisations", "contacts")} | {
        "/opportunities/filters/",
        "/prospects/filters/",
    } <= set(PROTECTED)
    # A person's data on request (issue 15): the report, its JSON, erasure, the log.
    assert {
        "/personal-data/sample/1/",
        "/personal-data/sample/1/export.json",
        "/personal-data/sample/1/erase/",
        "/settings/personal-data/",
    } <= set(PROTECTED)
    # Notifications (issue 11, import done).
    assert {"/notifications/", "/notifications/read/", "/notifications/1/"} <= set(PROTECTED)


def test_the_public_handoff_opens_no_session_without_a_valid_token(client_on, alpha, bob):
    from django.contrib.auth import SESSION_KEY

    for client in (client_on(alpha), client_on(alpha, bob)):
        for query in ("", "?token=", "?token=x", "?token=%00", "?token[]=1"):
            response = client.get(f"/accounts/handoff/{query}")
            assert response.status_code == 302
            assert response["Location"] == "/accounts/login/"
        assert client.session.get(SESSION_KEY) in (None, str(bob.pk))
        assert client.post("/accounts/handoff/?token=x").status_code == 405


@pytest.mark.parametrize("path", PROTECTED)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_login(client_on, alpha, path, method):
    response = getattr(client_on(alpha), method)(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("path", PROTECTED)
@pytest.mark.parametrize("method", ["get", "post"])
def test_members_of_another_workspace_get_404(client_on, alpha, bob, path, method):
    assert getattr(client_on(alpha, bob), method)(path).status_code == 404
