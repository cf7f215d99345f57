"""Custom fields wherever a built-in field goes: forms, record pages, list columns, typed
filters, sort, search, CSV export; Settings › Fields › custom fields; hidden and disabled."""

import csv
import io

import pytest

from contacts.models import Contact
from records.custom_field_services import custom_field_create, custom_field_delete
from records.custom_fields import FieldType
from records.models import CustomField
from records.view_services import list_columns_set
from workspaces.object_settings_services import object_setting_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def fields(alpha):
    with alpha:
        sector = custom_field_create(
            object_key="contact",
            label="Secteur",
            field_type=FieldType.CHOICE,
            options="Industrie | blue\nServices | green",
            group="Profil",
        ).field
        since = custom_field_create(
            object_key="contact", label="Client depuis", field_type=FieldType.DATE
        ).field
        size = custom_field_create(
            object_key="contact", label="Effectif", field_type=FieldType.INTEGER, required=True
        ).field
        motto = custom_field_create(
            object_key="contact", label="Devise", field_type=FieldType.TEXT
        ).field
        industry, services = (o["id"] for o in sector.options)
        rows = [
            ("Alpha", industry, "2026-01-10", 5, "Toujours plus loin"),
            ("Bravo", services, "2026-03-01", 50, ""),
            ("Charlie", industry, "2025-12-31", 500, "Sans relâche"),
        ]
        for name, choice, day, count, text in rows:
            custom = {sector.key: choice, since.key: day, size.key: count}
            if text:
                custom[motto.key] = text
            Contact.objects.create(last_name=name, custom=custom)
        Contact.objects.create(last_name="Delta")
    return {"sector": sector, "since": since, "size": size, "motto": motto, "industry": industry}


def names(response) -> list[str]:
    page = response.content.decode()
    order = [(page.find(n), n) for n in ["Alpha", "Bravo", "Charlie", "Delta"] if n in page]
    return [n for _i, n in sorted(order)]


def results(client, query: str) -> list[str]:
    return names(client.get(f"/contacts/?{query}", HTTP_HX_REQUEST="true"))


def test_the_form_has_typed_fields_in_their_group_and_checks_them(client_on, alpha, mia, fields):
    client = client_on(alpha, mia)
    page = client.get("/contacts/new/").content.decode()
    size = fields["size"]
    assert f'name="{size.form_name}"' in page and 'type="number"' in page
    assert f'name="{fields["since"].form_name}"' in page and 'type="date"' in page
    assert "<legend>Profil</legend>" in page
    response = client.post(
        "/contacts/new/",
        {"last_name": "Echo", size.form_name: "beaucoup", fields["sector"].form_name: "zzz"},
    )
    assert response.status_code == 200
    assert Contact.objects.filter(last_name="Echo").count() == 0
    page = response.content.decode()
    assert "field--invalid" in page
    response = client.post("/contacts/new/", {"last_name": "Echo"})  # Effectif is required
    assert not Contact.objects.filter(last_name="Echo").exists()
    response = client.post(
        "/contacts/new/",
        {
            "last_name": "Echo",
            size.form_name: "12",
            fields["sector"].form_name: fields["industry"],
            fields["since"].form_name: "2026-02-03",
        },
    )
    assert response.status_code == 302
    with alpha:
        echo = Contact.objects.get(last_name="Echo")
    assert echo.custom == {
        size.key: 12,
        fields["sector"].key: fields["industry"],
        fields["since"].key: "2026-02-03",
    }


def test_editing_keeps_values_of_hidden_and_deleted_fields(client_on, alpha, mia, fields):
    with alpha:
        alpha_contact = Contact.objects.get(last_name="Alpha")
        CustomField.objects.filter(pk=fields["motto"].pk).update(shown=False)
        custom_field_delete(field=fields["sector"])
    client = client_on(alpha, mia)
    page = client.get(f"/contacts/{alpha_contact.pk}/edit/").content.decode()
    assert fields["motto"].form_name not in page and fields["sector"].form_name not in page
    response = client.post(
        f"/contacts/{alpha_contact.pk}/edit/",
        {"last_name": "Alpha", fields["size"].form_name: "6", "version": alpha_contact.version},
    )
    assert response.status_code == 302
    with alpha:
        alpha_contact.refresh_from_db()
    assert alpha_contact.custom[fields["size"].key] == 6
    assert alpha_contact.custom[fields["motto"].key] == "Toujours plus loin"
    assert alpha_contact.custom[fields["sector"].key] == fields["industry"]


def test_the_record_page_shows_values_in_their_groups(client_on, alpha, mia, fields):
    with alpha:
        pk = Contact.objects.get(last_name="Alpha").pk
    page = client_on(alpha, mia).get(f"/contacts/{pk}/").content.decode()
    assert "Profil" in page and "Industrie" in page and "chip--blue" in page
    assert 'datetime="2026-01-10"' in page and "Toujours plus loin" in page


def test_columns_filters_and_sort_on_custom_fields(client_on, alpha, mia, fields):
    since, size, sector = fields["since"], fields["size"], fields["sector"]
    with alpha:
        list_columns_set(
            object_key="contact", user=mia, columns=["name", since.form_name, size.form_name]
        )
    client = client_on(alpha, mia)
    page = client.get("/contacts/").content.decode()
    assert "Client depuis" in page and "Effectif" in page and "sort=email" not in page
    assert results(
        client, f"{since.form_name}_after=2026-01-01&{since.form_name}_before=2026-01-31"
    ) == ["Alpha"]
    assert results(client, f"{size.form_name}_min=10&{size.form_name}_max=100") == ["Bravo"]
    assert results(client, f"{sector.form_name}={fields['industry']}") == ["Alpha", "Charlie"]
    assert results(client, f"{sector.form_name}_empty=1") == ["Delta"]
    assert results(client, f"{sector.form_name}_empty=0") == ["Alpha", "Bravo", "Charlie"]
    assert results(client, f"sort={size.form_name}") == ["Alpha", "Bravo", "Charlie", "Delta"]
    assert results(client, f"sort=-{size.form_name}") == ["Charlie", "Bravo", "Alpha", "Delta"]
    assert results(client, f"sort={since.form_name}") == ["Charlie", "Alpha", "Bravo", "Delta"]
    assert results(client, "q=relache") == ["Charlie"]  # text fields are searched
    assert results(client, f"{fields['motto'].form_name}=loin") == ["Alpha"]
    # Garbage in a custom filter is ignored, never a 500.
    assert (
        client.get(f"/contacts/?{size.form_name}_min=abc&{since.form_name}_after=x").status_code
        == 200
    )


def test_the_export_has_a_column_per_custom_field(client_on, alpha, mia, fields):
    response = client_on(alpha, mia).get("/contacts/export/?q=alpha")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode()[1:])))
    header, row = rows[0], rows[1]
    assert "Secteur" in header and "Client depuis" in header
    assert row[header.index("Secteur")] == "Industrie"
    assert row[header.index("Effectif")] == "5"


def test_the_export_types_custom_dates_and_numbers_in_each_format(client_on, alpha, mia, fields):
    """Like built-in fields: ISO in CSV, French in « Excel (France) », typed XLSX cells."""
    import datetime

    from openpyxl import load_workbook

    with alpha:
        money = custom_field_create(
            object_key="contact", label="Budget", field_type=FieldType.MONEY
        ).field
        Contact.objects.filter(last_name="Alpha").update(
            custom={**Contact.objects.get(last_name="Alpha").custom, money.key: "1234.50"}
        )
    client = client_on(alpha, mia)

    def export(style) -> bytes:
        response = client.get(f"/contacts/export/?q=alpha&format={style}")
        return b"".join(response.streaming_content)

    standard = list(csv.reader(io.StringIO(export("csv").decode()[1:])))
    header, row = standard
    assert row[header.index("Client depuis")] == "2026-01-10"
    assert row[header.index("Budget")] == "1234.50"
    french = list(csv.reader(io.StringIO(export("excel-fr").decode()[1:]), delimiter=";"))
    header, row = french
    assert row[header.index("Client depuis")] == "10/01/2026"
    assert row[header.index("Budget")] == "1234,50"
    sheet = load_workbook(io.BytesIO(export("xlsx"))).active
    header = [cell.value for cell in sheet[1]]
    row = [cell.value for cell in sheet[2]]
    assert row[header.index("Client depuis")] == datetime.datetime(2026, 1, 10)
    assert row[header.index("Effectif")] == 5
    assert float(row[header.index("Budget")]) == 1234.5
    assert row[header.index("Secteur")] == "Industrie"


def test_hidden_and_deleted_fields_disappear_everywhere(client_on, alpha, mia, fields):
    with alpha:
        CustomField.objects.filter(pk=fields["sector"].pk).update(shown=False)
        custom_field_delete(field=fields["since"])
    client = client_on(alpha, mia)
    for url in ["/contacts/", "/contacts/new/", "/contacts/export/"]:
        response = client.get(url)
        body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode()
        assert "Secteur" not in body and "Client depuis" not in body, url
    # A filter or sort on them is dropped, with a notice.
    page = client.get(f"/contacts/?{fields['sector'].form_name}={fields['industry']}")
    assert names(page) == ["Alpha", "Bravo", "Charlie", "Delta"]
    assert "no longer exists" in page.content.decode() or "n’existe plus" in page.content.decode()


def test_a_disabled_object_takes_its_custom_fields_with_it(client_on, alpha, alice, fields):
    object_setting_update(workspace=alpha, key="contact", enabled=False)
    client = client_on(alpha, alice)
    assert client.get("/contacts/").status_code == 404
    assert client.get("/contacts/columns/").status_code == 404


def test_list_queries_do_not_grow_with_custom_columns(
    client_on, alpha, mia, fields, django_assert_max_num_queries
):
    with alpha:
        columns = ["name"] + [f.form_name for f in fields.values() if hasattr(f, "form_name")]
        list_columns_set(object_key="contact", user=mia, columns=columns)
        for number in range(60):
            Contact.objects.create(last_name=f"Zulu {number}", custom={fields["size"].key: number})
    client = client_on(alpha, mia)
    client.get("/contacts/")
    with django_assert_max_num_queries(20):
        response = client.get(f"/contacts/?sort={fields['since'].form_name}")
    assert response.status_code == 200


# --- Settings › Fields › custom fields -----------------------------------------------------------


def test_admins_add_change_and_delete_fields(client_on, alpha, alice):
    client = client_on(alpha, alice)
    assert client.get("/settings/custom-fields/opportunity/").status_code == 200
    response = client.post(
        "/settings/custom-fields/opportunity/",
        {
            "label_fr": "Date du comité",
            "label_en": "Committee date",
            "field_type": "date",
            "group": "Comité",
            "shown": "on",
        },
    )
    assert response.status_code == 302
    with alpha:
        field = CustomField.objects.get(object_key="opportunity")
    assert field.label_fr == "Date du comité" and field.group == "Comité"
    page = client.get("/settings/custom-fields/opportunity/").content.decode()
    assert "Date du comité" in page
    response = client.post(
        f"/settings/custom-fields/opportunity/{field.pk}/",
        {"label_fr": "Date de comité", "field_type": "date", "shown": "on"},
    )
    assert response.status_code == 302
    assert client.get(f"/settings/custom-fields/opportunity/{field.pk}/delete/").status_code == 200
    assert client.post(f"/settings/custom-fields/opportunity/{field.pk}/delete/").status_code == 302
    with alpha:
        field.refresh_from_db()
    assert field.deleted_at is not None
    assert (
        client.post(f"/settings/custom-fields/opportunity/{field.pk}/restore/").status_code == 302
    )
    with alpha:
        field.refresh_from_db()
    assert field.deleted_at is None


def test_a_label_with_html_is_escaped_on_every_page(client_on, alpha, alice):
    with alpha:
        field = custom_field_create(
            object_key="contact", label="<script>x()</script>", field_type="text"
        ).field
        contact = Contact.objects.create(last_name="A", custom={field.key: "<b>v</b>"})
        list_columns_set(object_key="contact", user=alice, columns=["name", field.form_name])
    client = client_on(alpha, alice)
    for url in [
        "/contacts/",
        f"/contacts/?{field.form_name}=v",  # its filter's chip
        f"/contacts/{contact.pk}/",
        f"/contacts/{contact.pk}/?kind=history",  # « <script>… : — → <b>v</b> »
        "/contacts/new/",
        "/settings/custom-fields/contact/",
        f"/settings/custom-fields/contact/{field.pk}/",
    ]:
        page = client.get(url).content.decode()
        assert "<script>x()" not in page and "<b>v</b>" not in page, url
        assert "&lt;script&gt;" in page, url


def test_only_admins_manage_fields(client_on, alpha, mia, val, bob):
    with alpha:
        field = custom_field_create(object_key="contact", label="X", field_type="text").field
    for person, status in [(mia, 403), (val, 403)]:
        client = client_on(alpha, person)
        assert client.get("/settings/custom-fields/contact/").status_code == status
        assert (
            client.post(f"/settings/custom-fields/contact/{field.pk}/delete/").status_code == status
        )
    assert client_on(alpha, bob).get("/settings/custom-fields/contact/").status_code == 404


def test_a_field_of_another_workspace_or_object_is_a_404(client_on, alpha, beta, alice, bob):
    with beta:
        foreign = custom_field_create(object_key="contact", label="B", field_type="text").field
    client = client_on(alpha, alice)
    assert client.get(f"/settings/custom-fields/contact/{foreign.pk}/").status_code == 404
    with alpha:
        mine = custom_field_create(object_key="contact", label="A", field_type="text").field
    assert client.get(f"/settings/custom-fields/organisation/{mine.pk}/").status_code == 404
    assert client.get("/settings/custom-fields/invoice/").status_code == 404


def test_two_hundred_fields_still_work(client_on, alpha, alice, django_assert_max_num_queries):
    with alpha:
        for number in range(200):
            custom_field_create(
                object_key="contact", label=f"Champ {number:03}", field_type="integer"
            )
        contact = Contact.objects.create(last_name="Large")
    client = client_on(alpha, alice)
    page = client.get("/settings/custom-fields/contact/").content.decode()
    assert "Champ 199" in page and "message--warning" in page
    with django_assert_max_num_queries(21):  # +1: the notifications bell
        assert client.get("/contacts/new/").status_code == 200
    # The record page also carries its activity (notes, tasks, checklists, history: +3), a
    # constant whatever the number of fields.
    with django_assert_max_num_queries(24):  # +1: the notifications bell
        assert client.get(f"/contacts/{contact.pk}/").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get("/contacts/").status_code == 200


def test_the_global_search_finds_custom_text_values_of_shown_fields(
    client_on, alpha, alice, fields
):
    client = client_on(alpha, alice)
    page = client.get("/search/?q=relache").content.decode()
    assert "Charlie" in page and "Bravo" not in page
    with alpha:
        CustomField.objects.filter(pk=fields["motto"].pk).update(shown=False)
    assert "Charlie" not in client.get("/search/?q=relache").content.decode()  # hidden field
