"""Disabled-object matrix (tests/disabled_objects.py) for the organisation and contact pages."""

from contacts.models import Contact
from organisations.models import Organisation
from tests.disabled_objects import Place, check_disabling, form_field, page_contains, search_results


def csv_header_has(name: str, url: str, text: str) -> Place:
    def shows(client) -> bool:
        response = client.get(url)
        header = b"".join(response.streaming_content).decode("utf-8").splitlines()[0]
        return text in header

    return Place(name, shows)


def test_disabled_organisation_vanishes_from_every_contact_page(client_on, alpha, alice):
    with alpha:
        acme = Organisation.objects.create(name="Acmé Industries")
        ada = Contact.objects.create(first_name="Ada", last_name="Lovelace", organisation=acme)
    check_disabling(
        workspace=alpha,
        key="organisation",
        client=client_on(alpha, alice),
        places=[
            form_field("contact form field", "/contacts/new/", "organisation"),
            form_field("contact edit form field", f"/contacts/{ada.pk}/edit/", "organisation"),
            page_contains("contact page link", f"/contacts/{ada.pk}/", "/organisations/"),
            page_contains("contact page name", f"/contacts/{ada.pk}/", "Acmé Industries"),
            page_contains("contact list column", "/contacts/", "Acmé Industries"),
            form_field("contact list filter", "/contacts/filters/", "organisation"),
            page_contains("contact list sort", "/contacts/", "sort=organisation"),
            csv_header_has("contact CSV column", "/contacts/export/", "Organisation"),
            search_results("organisation", "acme", "Acmé Industries"),
        ],
        ids={"pk": acme.pk},
    )


def test_disabled_contact_vanishes_from_the_organisation_page(client_on, alpha, alice):
    with alpha:
        acme = Organisation.objects.create(name="Acmé")
        ada = Contact.objects.create(first_name="Ada", last_name="Lovelace", organisation=acme)
    check_disabling(
        workspace=alpha,
        key="contact",
        client=client_on(alpha, alice),
        places=[
            page_contains("linked contacts", f"/organisations/{acme.pk}/", "Lovelace"),
            page_contains("contacts count", f"/organisations/{acme.pk}/", "linked-contacts"),
            search_results("contact", "lovelace", "Ada Lovelace"),
        ],
        ids={"pk": ada.pk},
    )
