"""The link fields' picker (records.picker): one searchable picker for organisation, contact and
owner, with a second line that tells homonyms apart, narrowed by what is already chosen, and a
round trip that works without JavaScript."""

import re

import pytest

from accounts.models import User
from contacts.models import Contact
from opportunities.models import Opportunity
from organisations.models import Organisation
from records.custom_field_services import custom_field_create
from records.custom_fields import FieldType
from tests.opportunities.factories import default_workflow, stage_named
from workspaces.models import ObjectSetting

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(alpha, alice, mia):
    User.objects.filter(pk=alice.pk).update(full_name="Alice Martin")
    User.objects.filter(pk=mia.pk).update(full_name="Mia Durand")
    with alpha:
        dupont = Organisation.objects.create(name="Dupont SAS", city="Lyon", siren="552100554")
        dupont_nantes = Organisation.objects.create(name="Dupont", city="Nantes")
        martin = Organisation.objects.create(name="Martin & Fils", city="Brest")
        adam_dupont = Contact.objects.create(
            first_name="Adam", last_name="André", email="adam@dupont.fr", organisation=dupont
        )
        adam_martin = Contact.objects.create(
            first_name="Adam", last_name="André", email="a.andre@martin.fr", organisation=martin
        )
        solo = Contact.objects.create(first_name="Zoé", last_name="Solo", email="zoe@solo.fr")
    return {
        "dupont": dupont,
        "dupont_nantes": dupont_nantes,
        "martin": martin,
        "adam_dupont": adam_dupont,
        "adam_martin": adam_martin,
        "solo": solo,
    }


def option_values(html: str) -> list[int]:
    return [
        int(pk)
        for pk in re.findall(r'role="option" class="picker__result" data-value="(\d+)"', html)
    ]


def radio_values(html: str, name: str) -> list[str]:
    return re.findall(rf'<input type="radio" name="{name}" value="(\d*)"', html)


def checked_value(html: str, name: str) -> str | None:
    found = re.findall(rf'<input type="radio" name="{name}" value="(\d*)" checked>', html)
    assert len(found) <= 1
    return found[0] if found else None


# --- the endpoints ---------------------------------------------------------------------------


def test_contact_picker_finds_by_name_and_by_email_with_a_second_line(
    client_on, alpha, alice, people
):
    client = client_on(alpha, alice)
    html = client.get("/contacts/picker/", {"q": "adam andre"}, HTTP_HX_REQUEST="true").content
    html = html.decode()
    assert sorted(option_values(html)) == sorted(
        [people["adam_dupont"].pk, people["adam_martin"].pk]
    )
    # Two « Adam André »: the second line tells them apart (email, organisation).
    assert '<span class="picker__detail">adam@dupont.fr · Dupont SAS</span>' in html
    assert '<span class="picker__detail">a.andre@martin.fr · Martin &amp; Fils</span>' in html
    by_email = client.get("/contacts/picker/", {"contact_search": "martin.fr"}).content.decode()
    assert option_values(by_email) == [people["adam_martin"].pk]


def test_contacts_of_the_chosen_organisation_come_first(client_on, alpha, alice, people):
    client = client_on(alpha, alice)
    for organisation, first in (("martin", "adam_martin"), ("dupont", "adam_dupont")):
        html = client.get(
            "/contacts/picker/", {"q": "andré", "organisation": people[organisation].pk}
        ).content.decode()
        assert option_values(html)[0] == people[first].pk
        assert len(option_values(html)) == 2
    # Nothing typed: the organisation's contacts.
    html = client.get("/contacts/picker/", {"organisation": people["martin"].pk}).content.decode()
    assert option_values(html) == [people["adam_martin"].pk]


def test_organisation_picker_second_line_is_city_and_siren(client_on, alpha, alice, people):
    html = client_on(alpha, alice).get("/organisations/picker/", {"q": "dupont"}).content.decode()
    assert set(option_values(html)) == {people["dupont"].pk, people["dupont_nantes"].pk}
    assert '<span class="picker__detail">Lyon · SIREN 552 100 554</span>' in html
    assert '<span class="picker__detail">Nantes</span>' in html


def test_member_picker_lists_the_workspace_members_with_their_email(
    client_on, alpha, alice, mia, bob, people
):
    client = client_on(alpha, alice)
    html = client.get("/pickers/members/", {"q": "durand"}).content.decode()
    assert option_values(html) == [mia.pk]
    assert '<span class="picker__detail">mia@alpha.test</span>' in html
    everyone = client.get("/pickers/members/").content.decode()
    assert alice.pk in option_values(everyone) and mia.pk in option_values(everyone)
    # Someone of another workspace never appears, even searched by email.
    assert option_values(client.get("/pickers/members/", {"q": "bob@beta"}).content.decode()) == []
    assert bob.pk not in option_values(everyone)


@pytest.mark.parametrize(
    "term", ["a", "ab", "\x00", "x\x00yz", "%%%", "_", "é" * 5000, "' OR 1=1 --", "<script>"]
)
@pytest.mark.parametrize(
    "url", ["/contacts/picker/", "/organisations/picker/", "/pickers/members/"]
)
def test_short_nul_or_garbage_terms_never_fail(client_on, alpha, alice, people, url, term):
    response = client_on(alpha, alice).get(url, {"q": term})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>" not in html
    typed = term.replace("\x00", "").strip()
    if 0 < len(typed) < 3:
        assert "Tapez au moins 3 lettres" in html
    if not typed:  # a NUL byte alone is nothing typed: the first records are offered
        assert 'role="option" class="picker__result"' in html


def test_escaped_output(client_on, alpha, alice):
    with alpha:
        Organisation.objects.create(name="<b>Acme</b>", city="<i>Paris</i>")
    html = client_on(alpha, alice).get("/organisations/picker/", {"q": "acme"}).content.decode()
    assert "<b>" not in html and "&lt;b&gt;Acme&lt;/b&gt;" in html and "<i>" not in html


def test_foreign_ids_are_404_and_foreign_records_never_appear(
    client_on, alpha, beta, alice, bob, people
):
    with beta:
        theirs = Organisation.objects.create(name="Dupont Beta", city="Lille")
        Contact.objects.create(first_name="Adam", last_name="Beta", organisation=theirs)
    client = client_on(alpha, alice)
    assert client.get("/contacts/picker/", {"organisation": theirs.pk + 1000}).status_code == 404
    assert client.get("/contacts/picker/", {"organisation": "x"}).status_code == 404
    assert (
        client.get("/contacts/picker/", {"organisation": "99999999999999999999"}).status_code == 404
    )
    html = client.get("/organisations/picker/", {"q": "dupont"}).content.decode()
    assert "Beta" not in html and "Lille" not in html
    html = client.get("/contacts/picker/", {"q": "adam"}).content.decode()
    assert "Beta" not in html
    assert client_on(alpha, bob).get("/contacts/picker/", {"q": "adam"}).status_code == 404


def test_disabled_objects_pickers_404_and_their_fields_vanish(client_on, alpha, alice, people):
    ObjectSetting.objects.update_or_create(
        workspace=alpha, object="contact", defaults={"enabled": False}
    )
    client = client_on(alpha, alice)
    assert client.get("/contacts/picker/", {"q": "adam"}).status_code == 404
    form = client.get("/opportunities/new/").content.decode()
    assert 'name="contact"' not in form and 'name="contact_search"' not in form
    ObjectSetting.objects.filter(workspace=alpha, object="contact").update(enabled=True)
    ObjectSetting.objects.update_or_create(
        workspace=alpha, object="organisation", defaults={"enabled": False}
    )
    assert client.get("/organisations/picker/", {"q": "dupont"}).status_code == 404
    form = client.get("/opportunities/new/").content.decode()
    assert 'name="organisation' not in form and 'name="contact_search"' in form
    # A contact's second line no longer names its organisation.
    html = client.get("/contacts/picker/", {"q": "adam"}).content.decode()
    assert "Dupont SAS" not in html and "adam@dupont.fr" in html


def test_pickers_make_a_bounded_number_of_queries(
    client_on, alpha, alice, people, django_assert_max_num_queries
):
    with alpha:
        Contact.objects.bulk_create(
            Contact(first_name="Adam", last_name=f"Nombreux {i}", organisation=people["martin"])
            for i in range(60)
        )
    client = client_on(alpha, alice)
    client.get("/contacts/picker/", {"q": "adam"})  # warm the session and settings caches
    # 7 for every page (host, session, person, membership, settings); then the organisation
    # exists, its matches, the others' matches.
    with django_assert_max_num_queries(10):
        html = client.get(
            "/contacts/picker/", {"q": "adam", "organisation": people["dupont"].pk}
        ).content.decode()
    assert len(option_values(html)) == 20  # the top 20, the organisation's first
    assert option_values(html)[0] == people["adam_dupont"].pk
    with django_assert_max_num_queries(9):  # same name ignoring legal forms, then the search
        client.get("/organisations/picker/", {"q": "dupont"})
    with django_assert_max_num_queries(8):
        client.get("/pickers/members/", {"q": "alice"})


# --- the form fields -------------------------------------------------------------------------


def test_the_opportunity_form_has_one_picker_per_link_field(client_on, alpha, alice, people):
    html = client_on(alpha, alice).get(f"/opportunities/new/?organisation={people['martin'].pk}")
    html = html.content.decode()
    for name in ("organisation", "contact", "owner"):
        assert f'name="{name}_search"' in html, name
    # The chosen organisation checked, its contacts offered with their second line.
    assert checked_value(html, "organisation") == str(people["martin"].pk)
    assert radio_values(html, "contact") == [str(people["adam_martin"].pk), ""]
    assert "a.andre@martin.fr · Martin &amp; Fils" in html
    # The contact picker asks for the chosen organisation's contacts first.
    assert "hx-include=\"[name='organisation']:checked\"" in html


def test_without_javascript_a_typed_homonym_comes_back_as_choices(client_on, alpha, alice, people):
    client = client_on(alpha, alice)
    with alpha:
        workflow, stage = default_workflow(), stage_named("Proposition")
    data = {
        "title": "Audit énergie",
        "workflow": workflow.pk,
        "stage": stage.pk,
        "amount": "1200",
        "organisation": "",
        "organisation_search": "",
        "contact": "",
        "contact_search": "adam andré",
    }
    response = client.post("/opportunities/new/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Plusieurs fiches correspondent à « adam andré »" in html
    # Both Adam André offered, told apart, none chosen; everything typed is kept.
    assert sorted(radio_values(html, "contact")) == sorted(
        ["", str(people["adam_dupont"].pk), str(people["adam_martin"].pk)]
    )
    assert checked_value(html, "contact") is None
    assert "adam@dupont.fr · Dupont SAS" in html and "a.andre@martin.fr · Martin &amp; Fils" in html
    assert 'value="Audit énergie"' in html and 'value="adam andré"' in html
    # The person ticks one (the term stays typed) and creates.
    response = client.post("/opportunities/new/", {**data, "contact": people["adam_martin"].pk})
    assert response.status_code == 302
    with alpha:
        created = Opportunity.objects.get(title="Audit énergie")
        assert created.contact == people["adam_martin"]
        assert created.organisation == people["martin"]


def test_a_typed_name_picks_the_contact_of_the_chosen_organisation(client_on, alpha, alice, people):
    with alpha:
        workflow, stage = default_workflow(), stage_named("Proposition")
    response = client_on(alpha, alice).post(
        "/opportunities/new/",
        {
            "title": "Audit",
            "workflow": workflow.pk,
            "stage": stage.pk,
            "organisation": people["dupont"].pk,
            "contact_search": "adam andré",
        },
    )
    assert response.status_code == 302
    with alpha:
        assert Opportunity.objects.get(title="Audit").contact == people["adam_dupont"]


def test_without_javascript_typed_organisation_and_contact_name_the_right_homonym(
    client_on, alpha, alice, people
):
    with alpha:
        workflow, stage = default_workflow(), stage_named("Proposition")
    response = client_on(alpha, alice).post(
        "/opportunities/new/",
        {
            "title": "Audit tapé",
            "workflow": workflow.pk,
            "stage": stage.pk,
            "organisation_search": "martin & fils",
            "contact_search": "adam andré",
        },
    )
    assert response.status_code == 302
    with alpha:
        created = Opportunity.objects.get(title="Audit tapé")
        assert created.organisation == people["martin"]
        assert created.contact == people["adam_martin"]


def test_a_typed_term_wins_over_the_checked_radio_unless_it_is_a_match(
    client_on, alpha, alice, people
):
    client = client_on(alpha, alice)
    contact = people["solo"]
    url = f"/contacts/{contact.pk}/edit/"
    # The current organisation stays checked while someone types another name: the name wins.
    with alpha:
        Contact.objects.filter(pk=contact.pk).update(organisation=people["martin"])
    response = client.post(
        url,
        {
            "first_name": "Zoé",
            "last_name": "Solo",
            "organisation": people["martin"].pk,
            "organisation_search": "dupont sas",
        },
    )
    assert response.status_code == 302
    with alpha:
        contact.refresh_from_db()
        assert contact.organisation == people["dupont"]
    # « dupon » finds two: the form comes back with both; ticking one of them is kept.
    response = client.post(
        url, {"first_name": "Zoé", "organisation": "", "organisation_search": "dupon"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert set(radio_values(html, "organisation")) == {
        "",
        str(people["dupont"].pk),
        str(people["dupont_nantes"].pk),
    }
    assert "Nantes" in html and "Lyon · SIREN 552 100 554" in html
    response = client.post(
        url,
        {
            "first_name": "Zoé",
            "organisation": people["dupont_nantes"].pk,
            "organisation_search": "dupon",
        },
    )
    assert response.status_code == 302
    with alpha:
        contact.refresh_from_db()
        assert contact.organisation == people["dupont_nantes"]


def test_the_owner_picker_chooses_a_member_by_typed_name(client_on, alpha, alice, mia, bob, people):
    client = client_on(alpha, alice)
    response = client.post(
        "/organisations/new/", {"name": "Atelier", "owner": "", "owner_search": "mia durand"}
    )
    assert response.status_code == 302
    with alpha:
        assert Organisation.objects.get(name="Atelier").owner_id == mia.pk
    # Someone of another workspace cannot be chosen, by id or by name.
    response = client.post("/organisations/new/", {"name": "Autre", "owner": bob.pk})
    assert response.status_code == 200 and "field--invalid" in response.content.decode()
    response = client.post("/organisations/new/", {"name": "Autre", "owner_search": "bob@beta"})
    assert response.status_code == 200 and "Aucune fiche ne correspond" in response.content.decode()
    with alpha:
        assert not Organisation.objects.filter(name="Autre").exists()


def test_a_short_term_is_a_field_error_not_a_failure(client_on, alpha, alice, people):
    response = client_on(alpha, alice).post(
        "/contacts/new/", {"first_name": "Jean", "organisation_search": "du\x00"}
    )
    assert response.status_code == 200
    assert "Tapez au moins 3 lettres" in response.content.decode()


def test_the_form_makes_a_bounded_number_of_queries(
    client_on, alpha, alice, people, django_assert_max_num_queries
):
    with alpha:
        Contact.objects.bulk_create(
            Contact(first_name="Adam", last_name=f"Nombreux {i}", organisation=people["martin"])
            for i in range(60)
        )
        workflow, stage = default_workflow(), stage_named("Proposition")
    client = client_on(alpha, alice)
    data = {
        "title": "Audit",
        "workflow": workflow.pk,
        "stage": stage.pk,
        "organisation_search": "martin",
        "contact_search": "adam",
        "owner_search": "alice",
    }
    client.post("/opportunities/new/", data)
    with django_assert_max_num_queries(40):
        response = client.post("/opportunities/new/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert len(radio_values(html, "contact")) == 21  # the top 20 matches and « none »


def test_a_member_custom_field_is_chosen_with_the_member_picker(client_on, alpha, alice, mia):
    with alpha:
        field = custom_field_create(
            object_key="contact", label="Référent", field_type=FieldType.MEMBER
        ).field
    client = client_on(alpha, alice)
    page = client.get("/contacts/new/").content.decode()
    name = field.form_name
    assert f'name="{name}_search"' in page and 'hx-get="/pickers/members/"' in page
    # Without JavaScript: a typed email picks the one member it names; the id is stored.
    response = client.post("/contacts/new/", {"last_name": "Zorro", f"{name}_search": "mia@alpha"})
    assert response.status_code == 302
    with alpha:
        assert Contact.objects.get(last_name="Zorro").custom == {field.key: mia.pk}
