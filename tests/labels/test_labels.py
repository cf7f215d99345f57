"""Labels: the rules of the service, the settings pages, and the shared filter and picker."""

import django_filters
import pytest
from django.core.exceptions import ValidationError

from labels import selectors, services
from labels.filters import LabelFilter
from labels.forms import LabelMultipleChoiceField
from labels.models import Label
from organisations.models import Organisation

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


# --- Service ---------------------------------------------------------------------------------


def test_create_a_label(alpha):
    with alpha:
        label = services.label_create(name="  Client ", colour="green", description="Paying")
        assert (label.name, label.colour, label.description) == ("Client", "green", "Paying")


@pytest.mark.parametrize(
    "data, field",
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 51}, "name"),
        ({"name": "CLIENT"}, "name"),  # unique ignoring case
        ({"name": "Nouveau", "colour": "pink"}, "colour"),
        ({"name": "Nouveau", "description": "d" * 201}, "description"),
    ],
)
def test_bad_labels_are_refused_and_change_nothing(alpha, data, field):
    with alpha:
        services.label_create(name="Client")
        with pytest.raises(ValidationError) as error:
            services.label_create(**{"colour": "blue", **data})
        assert field in error.value.message_dict
        assert list(Label.objects.values_list("name", flat=True)) == ["Client"]


def test_rename_and_recolour_keep_the_records(alpha):
    with alpha:
        label = services.label_create(name="Client")
        organisation = Organisation.objects.create(name="Acme")
        organisation.labels.add(label)
        services.label_update(label=label, name="Customer", colour="red", description="")
        assert [lb.name for lb in organisation.labels.all()] == ["Customer"]
        assert Label.objects.get().colour == "red"


def test_renaming_a_label_to_its_own_name_in_another_case_is_fine(alpha):
    with alpha:
        label = services.label_create(name="client")
        services.label_update(label=label, name="Client", colour="blue")
        assert Label.objects.get().name == "Client"


def test_label_names_are_per_workspace(alpha, beta):
    with alpha:
        services.label_create(name="Client")
    with beta:
        services.label_create(name="Client")  # no clash
        assert Label.objects.count() == 1


def test_delete_takes_the_label_off_records_and_says_how_many(alpha):
    with alpha:
        label = services.label_create(name="Client")
        for name in ("A", "B"):
            Organisation.objects.create(name=name).labels.add(label)
        assert selectors.label_usage(label=label).total == 2
        assert services.label_delete(label=label) == 2
        assert Organisation.objects.count() == 2
        assert not Label.objects.exists()


def test_usage_covers_every_model_with_a_labels_many_to_many(alpha):
    carrying = {rel.related_model._meta.label for rel in selectors.labelled_relations()}
    assert "organisations.Organisation" in carrying
    for rel in selectors.labelled_relations():
        assert rel.field.name == "labels"


# --- Shared pieces: filter and picker ----------------------------------------------------------


class OrganisationFilter(django_filters.FilterSet):
    label = LabelFilter()

    class Meta:
        model = Organisation
        fields = []


@pytest.fixture
def labelled(alpha):
    with alpha:
        client = services.label_create(name="Client", colour="green")
        partner = services.label_create(name="Partner", colour="purple")
        acme = Organisation.objects.create(name="Acme")
        acme.labels.add(client, partner)
        bolt = Organisation.objects.create(name="Bolt")
        bolt.labels.add(client)
        Organisation.objects.create(name="Cobalt")
        yield {"client": client, "partner": partner}


def filtered(query) -> list[str]:
    from django.http import QueryDict

    filterset = OrganisationFilter(QueryDict(query), queryset=Organisation.objects.order_by("name"))
    return [o.name for o in filterset.qs]


def test_label_filter_keeps_the_records_carrying_a_label(labelled):
    assert filtered(f"label={labelled['partner'].pk}") == ["Acme"]
    assert filtered(f"label={labelled['client'].pk}") == ["Acme", "Bolt"]  # no duplicate rows


def test_label_filter_with_several_labels_keeps_any(labelled):
    query = f"label={labelled['client'].pk}&label={labelled['partner'].pk}"
    assert filtered(query) == ["Acme", "Bolt"]


def test_conjoined_label_filter_keeps_records_carrying_all(labelled):
    class AllLabels(django_filters.FilterSet):
        label = LabelFilter(conjoined=True)

        class Meta:
            model = Organisation
            fields = []

    from django.http import QueryDict

    query = QueryDict(f"label={labelled['client'].pk}&label={labelled['partner'].pk}")
    assert [o.name for o in AllLabels(query, queryset=Organisation.objects.all()).qs] == ["Acme"]


@pytest.mark.parametrize("query", ["label=abc", "label=999999", "label=", "label=1.5&label=%00"])
def test_label_filter_ignores_unknown_or_malformed_ids(labelled, query):
    assert filtered(query) == ["Acme", "Bolt", "Cobalt"]


def test_label_filter_ignores_another_workspaces_label(labelled, beta):
    with beta:
        foreign = services.label_create(name="Foreign")
    # back in alpha's schema (the fixture's context): the id means nothing here
    assert filtered(f"label={foreign.pk + 1000}") == ["Acme", "Bolt", "Cobalt"]


def test_label_picker_renders_chips_and_accepts_only_known_labels(labelled):
    field = LabelMultipleChoiceField()
    html = field.widget.render("labels", [labelled["client"].pk], attrs={"id": "id_labels"})
    html = str(html)
    assert 'type="checkbox"' in html
    assert "label-chip--green" in html and "label-chip--purple" in html
    assert "checked" in html
    assert list(field.clean([str(labelled["client"].pk)])) == [labelled["client"]]
    with pytest.raises(ValidationError):
        field.clean(["999999"])
    assert not field.required


def test_label_chip_component_escapes_names(alpha):
    from django.template.loader import render_to_string

    label = Label(name="<b>VIP</b>", colour="red", description='"quoted"')
    html = render_to_string("components/label_chip.html", {"label": label})
    assert "&lt;b&gt;VIP&lt;/b&gt;" in html
    assert "label-chip--red" in html


# --- Pages -----------------------------------------------------------------------------------


def test_create_a_label_without_javascript(client_on, alpha, alice):
    response = client_on(alpha, alice).post(
        "/settings/labels/new/", {"name": "Client", "colour": "green", "description": ""}
    )
    assert response.status_code == 302
    with alpha:
        assert Label.objects.get().name == "Client"


def test_create_a_label_with_htmx_answers_the_panel(client_on, alpha, alice):
    response = client_on(alpha, alice).post(
        "/settings/labels/new/", {"name": "Client", "colour": "green"}, **HTMX
    )
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert 'id="labels-panel"' in page and "Client" in page
    assert "carnet:message" in response["HX-Trigger"]


def test_a_duplicate_label_shows_a_clear_message(client_on, alpha, alice):
    with alpha:
        services.label_create(name="Client")
    response = client_on(alpha, alice).post(
        "/settings/labels/new/", {"name": "client", "colour": "green"}
    )
    assert response.status_code == 200
    assert "existe déjà" in response.content.decode()
    with alpha:
        assert Label.objects.count() == 1


def test_edit_a_label(client_on, alpha, alice):
    with alpha:
        label = services.label_create(name="Client")
    client = client_on(alpha, alice)
    assert client.get(f"/settings/labels/{label.pk}/edit/").status_code == 200
    response = client.post(
        f"/settings/labels/{label.pk}/edit/",
        {"name": "Customer", "colour": "red", "description": "Pays"},
    )
    assert response.status_code == 302
    with alpha:
        label.refresh_from_db()
        assert (label.name, label.colour, label.description) == ("Customer", "red", "Pays")


def test_delete_confirmation_says_how_many_records_carry_it(client_on, alpha, alice):
    with alpha:
        label = services.label_create(name="Client")
        for name in ("A", "B", "C"):
            Organisation.objects.create(name=name).labels.add(label)
    client = client_on(alpha, alice)
    page = client.get(f"/settings/labels/{label.pk}/delete/").content.decode()
    assert 'data-count="3"' in page
    assert "3 fiches portent cette étiquette" in page
    response = client.post(f"/settings/labels/{label.pk}/delete/", follow=True)
    assert "3 fiches" in response.content.decode()
    with alpha:
        assert not Label.objects.exists()
        assert Organisation.objects.count() == 3


def test_another_workspaces_label_is_404(client_on, alpha, beta, alice):
    with beta:
        foreign = services.label_create(name="Foreign")
        foreign_pk = foreign.pk
    with alpha:
        Label.objects.filter(pk=foreign_pk).delete()  # make sure the id is free in alpha
    client = client_on(alpha, alice)
    assert client.get(f"/settings/labels/{foreign_pk}/edit/").status_code == 404
    assert client.post(f"/settings/labels/{foreign_pk}/delete/").status_code == 404
    with beta:
        assert Label.objects.filter(pk=foreign_pk).exists()
