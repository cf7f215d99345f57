"""Each input of a range filter (dates, amounts) has an accessible name of its own (axe found
them unlabelled: the field's label names neither)."""

import re

from django.utils import translation


def input_tag(html: str, input_id: str) -> str:
    match = re.search(rf'<input[^>]*id="{input_id}"[^>]*>', html)
    assert match, input_id
    return match.group(0)


def test_date_range_inputs_are_named_from_and_to(client_on, alpha, alice):
    html = (
        client_on(alpha, alice)
        .get("/contacts/filters/", HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert 'aria-label="Created: from"' in input_tag(html, "id_created_0")
    assert 'aria-label="Created: to"' in input_tag(html, "id_created_1")
    assert 'aria-label="Updated: from"' in input_tag(html, "id_updated_0")


def test_amount_range_inputs_are_named_in_french(client_on, alpha, alice):
    with translation.override("fr"):
        html = client_on(alpha, alice).get("/opportunities/filters/").content.decode()
    low, high = input_tag(html, "id_amount_0"), input_tag(html, "id_amount_1")
    assert re.search(r'aria-label="Montant \(€\), à partir de"', low), low
    assert re.search(r'aria-label="Montant \(€\), jusqu’à"', high), high
