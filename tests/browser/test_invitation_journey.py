"""An admin invites a newcomer by email; the newcomer creates an account from the link and joins.

The live server runs in a thread of this process and tests use the locmem email backend, so the
invitation email lands in `django.core.mail.outbox`.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NEWCOMER = "nouvelle@journey.test"


def test_invite_a_newcomer_who_creates_an_account_and_joins(page, journey, browser):
    mail.outbox.clear()

    # The admin invites someone from Settings › Members.
    journey.login(page, "/settings/")
    expect(page.get_by_role("heading", name="Paramètres")).to_be_visible()
    page.get_by_role("link", name="Membres").click()
    expect(page.get_by_role("heading", name="Inviter quelqu'un")).to_be_visible()
    invite = page.locator("section[aria-labelledby=invite-title]")
    invite.get_by_label("E-mail").fill(NEWCOMER)
    expect(invite.get_by_label("Rôle")).to_have_value("member")
    invite.get_by_role("button", name="Envoyer l'invitation").click()
    expect(page.locator("#messages")).to_contain_text(f"Invitation envoyée à {NEWCOMER}.")
    expect(page.locator(".invitations")).to_contain_text(NEWCOMER)

    # One email, to the newcomer, with a link into this workspace.
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [NEWCOMER]
    assert journey.workspace.name in email.subject + email.body
    match = re.search(r"https?://\S+/invitations/\S+/", email.body)
    assert match, email.body
    link = urlsplit(match.group(0))
    assert link.hostname == journey.workspace.host
    invitation_url = journey.url(link.path)

    # The newcomer, in a browser of their own, opens the link and creates their account.
    context = browser.new_context(locale="fr-FR")
    try:
        newcomer = context.new_page()
        newcomer.goto(invitation_url)
        expect(newcomer.get_by_role("heading", level=1)).to_contain_text(journey.workspace.name)
        expect(newcomer.locator(".card")).to_contain_text(NEWCOMER)
        newcomer.get_by_label("Votre nom").fill("Nouvelle Recrue")
        newcomer.get_by_label("Mot de passe").fill("une phrase de passe solide 2026")
        newcomer.get_by_role("button", name="Créer mon compte et rejoindre l'espace").click()

        # Signed in, in the workspace.
        expect(newcomer.get_by_role("heading", level=1)).to_have_text("Tableau de bord")
        expect(newcomer.locator(".workspace-name")).to_have_text(journey.workspace.name)
        expect(newcomer.locator("#messages")).to_contain_text(
            f"Bienvenue dans {journey.workspace.name}."
        )

        # The link works once.
        response = newcomer.goto(invitation_url)
        assert response.status == 410
        expect(newcomer.get_by_role("heading", level=1)).to_have_text(
            "Cette invitation n'est pas utilisable"
        )
        expect(newcomer.get_by_role("alert")).to_contain_text("Cette invitation a déjà servi.")
    finally:
        context.close()

    # The admin now sees the newcomer among the members, and no pending invitation.
    page.reload()
    expect(page.locator(f"tr[data-email='{NEWCOMER}']")).to_contain_text("Nouvelle Recrue")
    expect(page.locator(".invitations")).to_have_count(0)
