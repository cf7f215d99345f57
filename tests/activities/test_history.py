"""The history of changes: database triggers catch every write path, with who and how."""

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction

from activities.history_models import (
    ContactEvent,
    ContactLabelEvent,
    OpportunityEvent,
    ProspectEvent,
)
from contacts.models import Contact
from labels.models import Label
from records.custom_field_services import custom_field_create, custom_field_delete
from records.models import CustomField
from tests.opportunities.factories import opportunity, stage_named
from workspaces import services as workspace_services
from workspaces.models import Workspace

pytestmark = pytest.mark.django_db


def history_lines(client, url) -> str:
    page = client.get(url + "?kind=history").content.decode()
    return page.split('id="timeline"')[1]


def test_a_form_edit_is_recorded_with_who_and_old_and_new_values(client_on, alpha, mia, elise):
    client = client_on(alpha, mia)
    response = client.post(
        f"/contacts/{elise.pk}/edit/",
        {"first_name": "Élise", "last_name": "Martin", "email": "", "country": "France"},
    )
    assert response.status_code == 302
    with alpha:
        event = ContactEvent.objects.filter(pgh_obj_id=elise.pk, pgh_label="update").get()
    assert event.last_name == "Martin"
    assert event.pgh_context["user"] == mia.pk and event.pgh_context["channel"] == "form"
    lines = history_lines(client, f"/contacts/{elise.pk}/")
    assert "Nom : Müller → Martin" in lines
    assert "formulaire" in lines and "Mia" in lines or "mia@alpha.test" in lines


def test_a_bulk_update_outside_requests_is_recorded_too(alpha, elise):
    with alpha:
        Contact.objects.filter(pk=elise.pk).update(city="Lyon")
        Contact.objects.filter(pk=elise.pk).update(city="Lyon")  # no change: no event
        events = ContactEvent.objects.filter(pgh_obj_id=elise.pk, pgh_label="update")
        assert [e.city for e in events] == ["Lyon"]
        assert events.get().pgh_context is None  # shown as "outside the application"


def test_a_board_move_shows_the_workspace_stage_names(client_on, alpha, alice):
    with alpha:
        deal = opportunity(title="Audit", stage=stage_named("Proposition"))
        target = stage_named("Négociation")
    client = client_on(alpha, alice)
    assert client.post(f"/opportunities/{deal.pk}/move/", {"stage": target.pk}).status_code in {
        200,
        302,
    }
    with alpha:
        event = OpportunityEvent.objects.filter(pgh_obj_id=deal.pk, pgh_label="update").get()
    assert event.pgh_context["channel"] == "board"
    lines = history_lines(client, f"/opportunities/{deal.pk}/")
    assert "Étape : Proposition → Négociation" in lines


def test_bulk_labels_are_recorded_as_a_bulk_action(client_on, alpha, alice, elise):
    with alpha:
        vip = Label.objects.create(name="VIP", colour="red")
    client = client_on(alpha, alice)
    client.post("/contacts/bulk/", {"ids": [elise.pk], "action": "add_label", "label": vip.pk})
    client.post("/contacts/bulk/", {"ids": [elise.pk], "action": "remove_label", "label": vip.pk})
    with alpha:
        events = list(ContactLabelEvent.objects.filter(contact_id=elise.pk).order_by("pgh_id"))
    assert [e.pgh_label for e in events] == ["label.add", "label.remove"]
    assert {e.pgh_context["channel"] for e in events} == {"bulk"}
    lines = history_lines(client, f"/contacts/{elise.pk}/")
    assert "VIP" in lines


def test_a_conversion_is_recorded_as_such(client_on, alpha, alice):
    from prospects.models import Prospect

    with alpha:
        prospect = Prospect.objects.create(first_name="Jean", last_name="Neuf", company_name="Neuf")
    response = client_on(alpha, alice).post(
        f"/prospects/{prospect.pk}/convert/", {"organisation": "create", "contact": "create"}
    )
    assert response.status_code == 302
    with alpha:
        created = ContactEvent.objects.get(last_name="Neuf", pgh_label="insert")
        prospect_change = ProspectEvent.objects.get(pgh_obj_id=prospect.pk, pgh_label="update")
    assert created.pgh_context["channel"] == "conversion"
    assert prospect_change.status == "converted"
    assert prospect_change.pgh_context == {"user": alice.pk, "channel": "conversion"}


def test_history_entries_can_never_be_edited(alpha, elise):
    with alpha:
        Contact.objects.filter(pk=elise.pk).update(city="Nantes")
        event = ContactEvent.objects.filter(pgh_obj_id=elise.pk).first()
        with transaction.atomic(), pytest.raises(DatabaseError):
            ContactEvent.objects.filter(pk=event.pk).update(city="Paris")
        with transaction.atomic(), pytest.raises(DatabaseError):
            ContactEvent.objects.filter(pk=event.pk).delete()


def test_a_workspace_cloned_from_the_template_records_history():
    """Inside the test's transaction, like the other tests: a transactional test's flush would
    empty the public tables (domains included) that committed tests elsewhere rely on."""
    owner = get_user_model().objects.create_user(email="clone@history.test")
    workspace = workspace_services.workspace_create(slug="clonehistory", name="Clone", owner=owner)
    try:
        with workspace:
            contact = Contact.objects.create(first_name="Ana", last_name="Clone")
            Contact.objects.filter(pk=contact.pk).update(last_name="Cloned")
            field = custom_field_create(object_key="contact", label="Devise", field_type="text")
            Contact.objects.filter(pk=contact.pk).update(custom={field.field.key: "Clonée"})
            labels = list(
                ContactEvent.objects.filter(pgh_obj_id=contact.pk)
                .order_by("pgh_id")
                .values_list("pgh_label", "last_name", "custom")
            )
            with connection.cursor() as cursor:
                # The triggers of the new schema call the new schema's functions.
                cursor.execute(
                    "SELECT DISTINCT n.nspname FROM pg_trigger t "
                    "JOIN pg_class c ON c.oid = t.tgrelid "
                    "JOIN pg_proc p ON p.oid = t.tgfoid "
                    "JOIN pg_namespace n ON n.oid = p.pronamespace "
                    "WHERE c.relname = 'contacts_contact' AND c.relnamespace = "
                    "'clonehistory'::regnamespace AND t.tgname LIKE 'pgtrigger_%%'"
                )
                schemas = [row[0] for row in cursor.fetchall()]
        assert labels == [
            ("insert", "Clone", {}),
            ("update", "Cloned", {}),
            ("update", "Cloned", {field.field.key: "Clonée"}),
        ]
        assert schemas == ["clonehistory"]
    finally:
        connection.set_schema_to_public()
        workspace.delete(force_drop=True)
        owner.delete()
    assert not Workspace.objects.filter(schema_name="clonehistory").exists()


def test_a_label_added_on_the_record_page_is_an_inline_change(client_on, alpha, mia, elise):
    with alpha:
        vip = Label.objects.create(name="VIP", colour="red")
    client_on(alpha, mia).post(f"/contacts/{elise.pk}/labels/", {"label": vip.pk})
    with alpha:
        event = ContactLabelEvent.objects.get(contact_id=elise.pk)
    assert event.pgh_label == "label.add"
    assert event.pgh_context == {"user": mia.pk, "channel": "inline"}


# --- custom fields ------------------------------------------------------------------------------


@pytest.fixture
def custom(alpha):
    """Custom fields of contacts, one of each kind the history formats differently."""
    with alpha:
        make = custom_field_create
        return {
            "day": make(object_key="contact", label_fr="Date du comité", label_en="Committee date",
                        field_type="date").field,
            "amount": make(object_key="contact", label_fr="Montant accordé",
                           label_en="Granted amount", field_type="money").field,
            "size": make(object_key="contact", label="Effectif", field_type="integer").field,
            "member": make(object_key="contact", label="Référent", field_type="member").field,
            "paid": make(object_key="contact", label="Payé", field_type="boolean").field,
            "sector": make(object_key="contact", label="Secteur", field_type="choice",
                           options="Industrie|blue\nServices|green").field,
            "tags": make(object_key="contact", label="Thèmes", field_type="multiple_choice",
                         options="Eau\nAir\nSol").field,
            "motto": make(object_key="contact", label="Devise", field_type="text").field,
        }  # fmt: skip


def option(field, label):
    return next(o["id"] for o in field.options if o["label"] == label)


def test_custom_value_changes_are_recorded_one_line_each_formatted_by_type(
    client_on, alpha, mia, alice, elise, custom, django_assert_max_num_queries
):
    c = custom
    with alpha:
        Contact.objects.filter(pk=elise.pk).update(
            custom={
                c["day"].key: "2026-01-12",
                c["amount"].key: "1500.00",
                c["member"].key: alice.pk,
                c["paid"].key: False,
                c["sector"].key: option(c["sector"], "Industrie"),
                c["tags"].key: [option(c["tags"], "Eau")],
                c["motto"].key: "Avant",
            }
        )
        elise.refresh_from_db()
    client = client_on(alpha, mia)
    response = client.post(
        f"/contacts/{elise.pk}/edit/",
        {
            "first_name": "Élise",
            "last_name": "Müller",
            "version": elise.version,
            c["day"].form_name: "2026-02-03",
            c["amount"].form_name: "2500.5",
            c["size"].form_name: "1200",
            c["member"].form_name: str(mia.pk),
            c["paid"].form_name: "true",
            c["sector"].form_name: option(c["sector"], "Services"),
            c["tags"].form_name: [option(c["tags"], "Eau"), option(c["tags"], "Sol")],
            c["motto"].form_name: "Avant",
        },
    )
    assert response.status_code == 302
    with alpha:
        event = ContactEvent.objects.filter(pgh_obj_id=elise.pk).latest("pgh_id")
    assert event.pgh_label == "update" and event.pgh_context["channel"] == "form"
    assert event.custom[c["amount"].key] == "2500.50"
    with django_assert_max_num_queries(40):
        lines = history_lines(client, f"/contacts/{elise.pk}/")
    # The newest entry, spaces of every width read as one.
    changed = spaces(lines.split('<article class="history-entry">')[1])
    assert "Date du comité : 12/01/2026 → 03/02/2026" in changed
    assert "Montant accordé : 1 500,00 € → 2 500,50 €" in changed
    assert "Effectif : — → 1 200" in changed
    assert "Payé : non → oui" in changed
    assert "Secteur : Industrie → Services" in changed
    assert "Thèmes : Eau → Eau, Sol" in changed
    assert "Référent : alice@alpha.test → mia@alpha.test" in changed  # names (here emails)
    assert "Devise" not in changed  # unchanged
    # One line per field, in the fields' order (after the built-in fields).
    order = [changed.index(c[name].label_fr) for name in ("day", "amount", "size", "member")]
    assert order == sorted(order) and changed.index("Pays") < order[0]
    english = spaces(
        client.get(f"/contacts/{elise.pk}/?kind=history", HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
        .split('<article class="history-entry">')[1]
    )
    assert "Committee date: 01/12/2026 → 02/03/2026" in english
    assert "Granted amount: 1,500.00 € → 2,500.50 €" in english
    assert "Payé: no → yes" in english  # no English name: the French one


def spaces(text: str) -> str:
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def test_a_custom_label_with_html_is_escaped_in_the_history(client_on, alpha, mia, elise):
    with alpha:
        field = custom_field_create(
            object_key="contact", label="<b>Gras</b>", field_type="text"
        ).field
        Contact.objects.filter(pk=elise.pk).update(custom={field.key: "<i>x</i>"})
    lines = history_lines(client_on(alpha, mia), f"/contacts/{elise.pk}/")
    assert "&lt;b&gt;Gras&lt;/b&gt; : — → &lt;i&gt;x&lt;/i&gt;" in lines
    assert "<b>Gras" not in lines


def test_hidden_and_deleted_custom_fields_changes_are_not_shown(
    client_on, alpha, mia, elise, custom
):
    with alpha:
        Contact.objects.filter(pk=elise.pk).update(custom={custom["motto"].key: "Cachée"})
        Contact.objects.filter(pk=elise.pk).update(
            custom={custom["motto"].key: "Cachée", custom["size"].key: 7}
        )
        Contact.objects.filter(pk=elise.pk).update(city="Lille")
    client = client_on(alpha, mia)
    lines = history_lines(client, f"/contacts/{elise.pk}/")
    assert "Devise : — → Cachée" in lines and "Effectif : — → 7" in lines
    with alpha:
        CustomField.objects.filter(pk=custom["motto"].pk).update(shown=False)
        custom_field_delete(field=custom["size"])
    lines = history_lines(client, f"/contacts/{elise.pk}/")
    assert "Cachée" not in lines and "Effectif" not in lines
    # Entries left with nothing to show are dropped; the others stay.
    assert lines.count("Modifié") == 1 and "Ville : — → Lille" in lines
    with alpha:  # the person's data shows every field, a deleted one said so
        data = selectors_person_data(elise, alpha)
    changes = [c for event in data["history"] for c in event.get("changes", [])]
    assert {"field": "Effectif (supprimé)", "old": "—", "new": "7"} in changes
    assert {"field": "Devise", "old": "—", "new": "Cachée"} in changes


def selectors_person_data(record, workspace):
    from personal_data.selectors import person_data
    from workspaces.object_settings import ObjectSettings

    return person_data(record, ObjectSettings.load(workspace), workspace=workspace)


def test_history_rows_from_before_custom_values_were_kept_read_as_none(alpha, elise, custom):
    """Rows written before activities 0010 have a null `custom`: no line, no error."""
    from activities.history import _custom_changes

    with alpha:
        Contact.objects.filter(pk=elise.pk).update(custom={custom["motto"].key: "Neuve"})
        first, second = ContactEvent.objects.filter(pgh_obj_id=elise.pk).order_by("pgh_id")
    first.custom = None
    assert _custom_changes(second, first) == [(f"custom:{custom['motto'].key}", None, "Neuve")]
    second.custom = None
    assert _custom_changes(second, first) == []


def _history_custom(record_id) -> list:
    return list(
        ContactEvent.objects.filter(pgh_obj_id=record_id).order_by("pgh_id")
        .values_list("custom", flat=True)
    )  # fmt: skip


@pytest.mark.parametrize("how", ["explicit", "after 30 days"])
def test_a_purged_custom_field_leaves_the_history_other_keys_untouched(alpha, elise, custom, how):
    from datetime import timedelta

    from django.utils import timezone

    from records.custom_field_services import custom_field_purge, custom_fields_purge_expired

    motto, size = custom["motto"].key, custom["size"].key
    with alpha:
        other = Contact.objects.create(last_name="Autre")
        Contact.objects.filter(pk=elise.pk).update(custom={motto: "Secrète", size: 7})
        Contact.objects.filter(pk=elise.pk).update(custom={motto: "Autre devise", size: 8})
        Contact.objects.filter(pk=other.pk).update(custom={size: 3})
        opportunity(title="Audit", stage=stage_named("Proposition"))
        before = _history_custom(elise.pk)
        assert [c.get(motto) for c in before[-2:]] == ["Secrète", "Autre devise"]
        opportunity_history = list(OpportunityEvent.objects.values_list("pgh_id", "custom"))
        custom_field_delete(field=custom["motto"])
        assert _history_custom(elise.pk) == before  # deleting hides; the values stay
        if how == "explicit":
            custom_field_purge(field=custom["motto"])
        else:
            CustomField.objects.filter(pk=custom["motto"].pk).update(
                deleted_at=timezone.now() - timedelta(days=31)
            )
            assert custom_fields_purge_expired() == 1
        after = _history_custom(elise.pk)
        assert not any(motto in (c or {}) for c in after)
        # The rows written before lost that key only (the purge's own change comes after).
        assert after[: len(before)] == [
            {k: v for k, v in c.items() if k != motto} if c is not None else None for c in before
        ]
        assert [c.get(size) for c in after[len(before) - 2 : len(before)]] == [7, 8]
        assert _history_custom(other.pk)[-1] == {size: 3}
        assert list(OpportunityEvent.objects.values_list("pgh_id", "custom")) == (
            opportunity_history
        )
        assert not ContactEvent.objects.filter(custom__has_key=motto).exists()
    with alpha:  # the person's data no longer lists the purged field either
        data = selectors_person_data(elise, alpha)
    texts = str(data["history"])
    assert "Secrète" not in texts and "Autre devise" not in texts
