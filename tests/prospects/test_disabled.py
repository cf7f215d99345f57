"""The disabled-object matrix for prospects: the feature itself, and the conversion's steps."""

from prospects import conversion
from prospects.conversion import Choice
from tests.disabled_objects import check_disabling, page_contains, search_results

from .conftest import make_prospect


def test_disabled_prospects_disappear_everywhere_and_come_back(client_on, world, alice):
    pk = world["prospect"].pk
    check_disabling(
        workspace=world["alpha"],
        key="prospect",
        client=client_on(world["alpha"], alice),
        places=[
            search_results("prospect", "durand", f"/prospects/{pk}/"),
            page_contains("prospect list", "/prospects/", "Paul Durand"),
            page_contains("record page", f"/prospects/{pk}/", 'id="prospect-status"'),
            page_contains("conversion wizard", f"/prospects/{pk}/convert/", 'id="wizard"'),
        ],
    )


def test_each_conversion_step_follows_its_object(client_on, world, alice):
    convert = f"/prospects/{world['prospect'].pk}/convert/"
    converted = make_prospect(alice, last_name="Converti", company_name="Converti SA")
    conversion.prospect_convert(
        prospect=converted,
        user=alice,
        organisation=Choice.link(world["dupont"].pk),
        contact=Choice.create(),
    )
    converted.refresh_from_db()
    client = client_on(world["alpha"], alice)
    for key, step, link in [
        ("organisation", 'name="organisation"', f"/organisations/{world['dupont'].pk}/"),
        ("contact", 'name="contact"', f"/contacts/{converted.converted_contact_id}/"),
        ("opportunity", 'name="create_opportunity"', None),
    ]:
        places = [page_contains(f"conversion step: {key}", convert, step)]
        if link:
            places.append(
                page_contains(
                    f"converted prospect links to its {key}", converted.get_absolute_url(), link
                )
            )
        check_disabling(
            workspace=world["alpha"], key=key, client=client, places=places, standard=False
        )
