"""The Content-Security-Policy breaks nothing: no violation in Chromium on the main pages.

Chromium reports each blocked script, style, image, form target or frame as a
`securitypolicyviolation` event and a console error; both are collected while a person signs up,
signs in and goes through the pages of a workspace (including HTMX swaps).
"""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, ViolationWatch

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/contacts/",
    "/contacts/new/",
    "/organisations/",
    "/organisations/new/",
    "/opportunities/",
    "/opportunities/board/",
    "/opportunities/new/",
    "/prospects/",
    "/search/?q=a",
    "/settings/",
    "/settings/fields/",
    "/settings/workflows/",
    "/settings/labels/",
    "/settings/members/",
    "/accounts/password/change/",
    "/contacts/999999/",  # 404 page
]


def test_workspace_pages_have_no_csp_violation(page, journey):
    watch = ViolationWatch(page)
    journey.login(page)
    expect(page.get_by_role("heading", name="Tableau de bord")).to_be_visible()
    watch.assert_none("login")
    for path in PAGES:
        page.goto(journey.url(path))
        page.wait_for_load_state("networkidle")
        watch.assert_none(path)

    # HTMX swaps: active search on a list, a new contact created in place.
    page.goto(journey.url("/contacts/"))
    page.get_by_role("searchbox").first.fill("zz")
    page.wait_for_load_state("networkidle")
    watch.assert_none("contacts search")
    page.goto(journey.url("/contacts/new/"))
    page.fill("input[name=first_name]", "Ada")
    page.fill("input[name=last_name]", "Lovelace")
    page.locator("main form button[type=submit]").first.click()
    expect(page.get_by_role("heading", name=re.compile("Ada Lovelace"))).to_be_visible()
    watch.assert_none("contact created")


def test_public_pages_and_signup_have_no_csp_violation(page, server_port):
    watch = ViolationWatch(page)
    base = f"http://{settings.BASE_DOMAIN}:{server_port}"
    for path in ["/", "/accounts/login/", "/accounts/password/reset/", "/signup/"]:
        page.goto(base + path)
        watch.assert_none(path)
    page.fill("input[name=workspace_name]", "Atelier CSP")
    slug = f"csp-{server_port}"
    page.fill("input[name=slug]", slug)
    page.fill("input[name=email]", f"owner@{slug}.test")
    page.fill("input[name=password]", "a long enough passphrase 2026")
    page.locator("main form button[type=submit]").click()
    # The form posts to the public host, whose answer hands off to the new workspace's host
    # (form-action applies to that redirect too: the policy lists Carnet's hosts).
    expect(page).to_have_url(re.compile(rf"^http://{slug}\.{settings.BASE_DOMAIN}:{server_port}/$"))
    expect(page.get_by_text("Atelier CSP").first).to_be_visible()
    watch.assert_none("signup")


def test_leaving_a_workspace_lands_on_the_public_host(page, journey, django_db_blocker):
    """A form on a workspace host whose answer redirects to the public host: Chromium applies
    form-action to that redirect too, so the policy lists Carnet's hosts (see settings)."""
    from workspaces import services
    from workspaces.models import Role

    with django_db_blocker.unblock():
        member = services.user_get_or_create(
            email=f"leaver-{journey.workspace.slug}@journey.test", password=PASSWORD
        )
        services.membership_set(workspace=journey.workspace, user=member, role=Role.MEMBER)
    watch = ViolationWatch(page)
    page.goto(journey.url("/"))
    page.fill("input[name=username]", member.email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.goto(journey.url("/leave/"))
    page.get_by_role("button", name="Quitter").click()
    expect(page).to_have_url(re.compile(rf"^http://{settings.BASE_DOMAIN}:{journey.port}/"))
    watch.assert_none("leave")
