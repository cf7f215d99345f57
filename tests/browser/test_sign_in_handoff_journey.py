"""Signing up lands in the new workspace signed in; the workspace list leads in signed in;
signing out there ends the session on the public host too (workspaces.handoff)."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_sign_up_then_the_workspace_list_without_a_second_password(page, browser, server_port):
    handoffs = []
    page.on("request", lambda r: "/accounts/handoff/" in r.url and handoffs.append(r.url))
    public = f"http://{settings.BASE_DOMAIN}:{server_port}"
    slug = f"handoff-{server_port}"
    workspace = rf"^http://{slug}\.{settings.BASE_DOMAIN}:{server_port}/"
    page.goto(public + "/signup/")
    page.fill("input[name=workspace_name]", "Atelier Passage")
    page.fill("input[name=slug]", slug)
    page.fill("input[name=email]", f"owner@{slug}.test")
    page.fill("input[name=password]", "a long enough passphrase 2026")
    page.locator("main form button[type=submit]").click()

    # In the workspace's dashboard, signed in: no password asked, no token left in the address.
    expect(page).to_have_url(re.compile(workspace + "$"))
    expect(page.get_by_text("Votre espace « Atelier Passage » est prêt.")).to_be_visible()
    expect(page.locator("input[name=password]")).to_have_count(0)
    page.goto(page.url + "settings/")
    expect(page).to_have_url(re.compile(workspace + "settings/$"))

    # The workspace list on the public host leads in signed in too.
    page.goto(public + "/workspaces/")
    page.get_by_role("link", name=re.compile("Atelier Passage")).click()
    expect(page).to_have_url(re.compile(workspace + "$"))
    expect(page.locator("input[name=password]")).to_have_count(0)

    # A hand-off's address is used up: in another browser it signs nobody in.
    assert len(handoffs) == 2
    other = browser.new_context(locale="fr-FR")
    replay = other.new_page()
    replay.goto(handoffs[-1])
    expect(replay).to_have_url(re.compile(workspace + r"accounts/login/$"))
    expect(replay.locator("#messages")).to_contain_text("déjà été utilisé")
    other.close()

    # Signing out in the workspace signs out of the public host as well.
    page.locator("form[action='/accounts/logout/'] button").first.evaluate(
        "button => button.form.requestSubmit(button)"
    )
    expect(page).to_have_url(re.compile(workspace + "accounts/login/"))
    page.goto(public + "/workspaces/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
