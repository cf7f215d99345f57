"""The personal-data pages: who may use them, what they show, what they write."""

import json

import pytest

from activities.history_models import OpportunityEvent
from activities.models import Note
from contacts.models import Contact
from personal_data.models import Action, PersonalDataLog
from prospects.models import Prospect
from tests.personal_data.conftest import EMAIL, NAME
from workspaces.object_settings_services import object_setting_update

pytestmark = pytest.mark.django_db


def urls_of(key: str, pk: int) -> list[str]:
    base = f"/personal-data/{key}/{pk}/"
    return [base, base + "export.json", base + "erase/"]


def test_admins_find_the_tools_on_contact_and_prospect_pages(client_on, alpha, alice, person):
    client = client_on(alpha, alice)
    page = client.get(f"/contacts/{person.contact.pk}/").content.decode()
    assert f'href="/personal-data/contact/{person.contact.pk}/erase/"' in page
    page = client.get(f"/prospects/{person.prospect.pk}/").content.decode()
    assert f'href="/personal-data/prospect/{person.prospect.pk}/export.json"' in page


@pytest.mark.parametrize("who", ["mia", "val"])
def test_members_and_viewers_neither_see_nor_open_them(client_on, alpha, person, who, request):
    client = client_on(alpha, request.getfixturevalue(who))
    assert "/personal-data/" not in client.get(f"/contacts/{person.contact.pk}/").content.decode()
    for url in urls_of("contact", person.contact.pk):
        assert client.get(url).status_code == 403
    assert (
        client.post(urls_of("contact", person.contact.pk)[2], {"confirm": "yes"}).status_code == 403
    )
    assert client.get("/settings/personal-data/").status_code == 403
    with alpha:
        assert Contact.objects.filter(pk=person.contact.pk).exists()
        assert not PersonalDataLog.objects.exists()


def test_other_objects_foreign_and_unknown_ids_are_404(client_on, alpha, beta, alice, person):
    with beta:
        stranger = Contact.objects.create(first_name="Bruno", last_name="Beta")
    client = client_on(alpha, alice)
    with alpha:
        assert not Contact.objects.filter(pk=stranger.pk).exclude(pk=person.contact.pk).exists()
    for url in [
        *urls_of("contact", stranger.pk),
        *urls_of("organisation", person.contact.organisation_id),
        *urls_of("sample", person.contact.pk),
        *urls_of("contact", 10**12),
        *urls_of("contact", 10**20),  # beyond bigint
    ]:
        if url.startswith(f"/personal-data/contact/{person.contact.pk}/"):
            continue  # the same id exists in alpha
        assert client.get(url).status_code == 404, url


def test_a_disabled_object_answers_404(client_on, alpha, alice, person):
    object_setting_update(workspace=alpha, key="prospect", enabled=False)
    client = client_on(alpha, alice)
    for url in urls_of("prospect", person.prospect.pk):
        assert client.get(url).status_code == 404
    # and the contact's erasure no longer offers the prospect (its object is off)
    page = client.get(urls_of("contact", person.contact.pk)[2]).content.decode()
    assert 'name="also"' not in page


def test_the_printable_page_shows_everything_and_is_logged(
    client_on, alpha, alice, person, django_assert_max_num_queries
):
    client = client_on(alpha, alice)
    with django_assert_max_num_queries(40):
        response = client.get(f"/personal-data/contact/{person.contact.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    for text in [
        NAME,
        EMAIL,
        "Orgues de Barbarie",
        "Client fidèle",
        "Préfère être appelé le matin.",
        "Rappeler pour le devis",
        "Envoyer la plaquette",
        "z.quaglio@ancien.test",  # the history, with its values
        "Entretien annuel",
        "salon.csv",
    ]:
        assert text in page, text
    assert "<script" not in page and 'style="' not in page
    with alpha:
        entry = PersonalDataLog.objects.get()
    assert (entry.action, entry.record_id, entry.actor_id) == (
        Action.EXPORT_HTML,
        person.contact.pk,
        alice.pk,
    )


def test_the_number_of_queries_does_not_grow_with_the_activity(
    client_on, alpha, alice, person, django_assert_max_num_queries
):
    client = client_on(alpha, alice)
    url = f"/personal-data/contact/{person.contact.pk}/"
    with alpha:
        for n in range(30):
            Note.objects.create(contact=person.contact, text=f"Note {n}", author=alice)
            Contact.objects.filter(pk=person.contact.pk).update(city=f"Ville {n}")
    with django_assert_max_num_queries(40):
        assert client.get(url).status_code == 200


def test_the_json_download(client_on, alpha, alice, person):
    response = client_on(alpha, alice).get(
        f"/personal-data/prospect/{person.prospect.pk}/export.json"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["format"] == "carnet-personal-data/1"
    assert data["record"] == {**data["record"], "object": "prospect", "id": person.prospect.pk}
    assert {"fields", "custom_fields", "labels", "notes", "tasks", "checklists", "history",
            "conversions", "status_changes", "imports"} <= set(data)  # fmt: skip
    with alpha:
        assert PersonalDataLog.objects.get().action == Action.EXPORT_JSON


def test_names_are_escaped(client_on, alpha, alice):
    with alpha:
        evil = Contact.objects.create(first_name="<b>Éve</b>", last_name="<script>x</script>")
        Note.objects.create(contact=evil, text="<img src=x onerror=alert(1)>")
    client = client_on(alpha, alice)
    for url in urls_of("contact", evil.pk)[::2]:  # the pages (the JSON is data, not HTML)
        page = client.get(url).content.decode()
        assert "&lt;script&gt;x" in page
        assert "<script>x" not in page and "<b>Éve" not in page and "<img src=x" not in page
    response = client.get(urls_of("contact", evil.pk)[1])
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_erasure_page_lists_the_twin_and_the_mentions(client_on, alpha, alice, person):
    page = client_on(alpha, alice).get(f"/personal-data/contact/{person.contact.pk}/erase/")
    html = page.content.decode()
    assert page.status_code == 200
    assert f'name="also" value="{person.prospect.pk}"' in html
    assert f'name="redact" value="{person.mention.pk}"' in html
    assert f"<mark>{NAME}</mark>" in html
    assert f'value="{person.elsewhere.pk}"' not in html


def test_erasure_needs_the_confirmation(client_on, alpha, alice, person):
    response = client_on(alpha, alice).post(f"/personal-data/contact/{person.contact.pk}/erase/")
    assert response.status_code == 400
    with alpha:
        assert Contact.objects.filter(pk=person.contact.pk).exists()


def test_erasing_from_the_page(client_on, alpha, alice, person):
    client = client_on(alpha, alice)
    contact_pk = person.contact.pk
    response = client.post(
        f"/personal-data/contact/{contact_pk}/erase/",
        # The twin left unticked; a bad id and a note of no concern are ignored.
        {
            "confirm": "yes",
            "redact": [str(person.mention.pk), "abc", "²", str(person.elsewhere.pk)],
        },
    )
    assert response.status_code == 302 and response["Location"] == "/contacts/"
    with alpha:
        # The opportunity's history says who cleared its contact, and through what.
        cleared = OpportunityEvent.objects.filter(pgh_obj_id=person.opportunity.pk).latest("pgh_id")
        assert cleared.contact_id is None
        assert cleared.pgh_context == {"user": alice.pk, "channel": "erasure"}
        assert not Contact.objects.filter(pk=contact_pk).exists()
        assert Prospect.objects.get(pk=person.prospect.pk).converted_contact_id is None
        assert NAME not in Note.objects.get(pk=person.mention.pk).text
        assert Note.objects.get(pk=person.elsewhere.pk).text == "Rien à voir."
    log = client.get("/settings/personal-data/")
    assert log.status_code == 200
    html = log.content.decode()
    assert f"Contact n° {contact_pk} (n’existe plus)" in html and "Quaglio" not in html
    assert NAME not in client.get(response["Location"]).content.decode()


def test_the_log_page_reads_a_bounded_number_of_queries(
    client_on, alpha, alice, person, django_assert_max_num_queries
):
    from personal_data import services

    with alpha:
        for _n in range(20):
            services.log_write(actor=alice, action=Action.EXPORT_JSON, record=person.contact)
            services.log_write(actor=alice, action=Action.EXPORT_HTML, record=person.prospect)
    client = client_on(alpha, alice)
    with django_assert_max_num_queries(15):
        response = client.get("/settings/personal-data/")
    assert response.content.decode().count(NAME) == 40  # named while they exist
