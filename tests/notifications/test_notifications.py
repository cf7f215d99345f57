"""Notifications: sent by a service, seen only by their recipient in their workspace."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from imports import services as import_services
from imports.models import BatchStatus, ImportBatch
from notifications.models import Notification
from notifications.selectors import unread_count
from notifications.services import notification_send

pytestmark = pytest.mark.django_db


def test_the_top_bar_counts_unread_and_the_page_marks_them_read(
    client_on, alpha, alice, mia, django_assert_max_num_queries
):
    with alpha:
        for i in range(3):
            notification_send(user_id=alice.pk, text=f"Fait <b>{i}</b>", url="/imports/")
        notification_send(user_id=mia.pk, text="Pour Mia", url="/")
        notification_send(user_id=alice.pk, text="Ailleurs", url="https://evil.example/")
    client = client_on(alpha, alice)
    page = client.get("/contacts/").content.decode()
    assert 'href="/notifications/"' in page and '<span class="badge"' in page
    assert ">4</span>" in page
    with django_assert_max_num_queries(14):
        response = client.get("/notifications/")
    text = response.content.decode()
    assert "Fait &lt;b&gt;2&lt;/b&gt;" in text and "Pour Mia" not in text
    assert "evil.example" not in text  # only links inside the workspace
    with alpha:
        assert unread_count(user_id=alice.pk) == 0
        assert unread_count(user_id=mia.pk) == 1
    assert ">4</span>" not in client.get("/contacts/").content.decode()


def test_open_marks_read_and_follows_the_link_others_get_404(client_on, alpha, alice, mia, val):
    with alpha:
        mine = notification_send(user_id=alice.pk, text="Fait", url="/imports/")
        notification_send(user_id=alice.pk, text="Autre")
    assert client_on(alpha, mia).get(f"/notifications/{mine.pk}/").status_code == 404
    response = client_on(alpha, alice).get(f"/notifications/{mine.pk}/")
    assert response.status_code == 302 and response["Location"] == "/imports/"
    with alpha:
        mine.refresh_from_db()
        assert mine.read_at is not None and unread_count(user_id=alice.pk) == 1
        notification_send(user_id=val.pk, text="Pour le lecteur")
    # Mark all read: a viewer may, for their own notifications only.
    assert client_on(alpha, val).post("/notifications/read/").status_code == 302
    response = client_on(alpha, alice).post("/notifications/read/")
    assert response.status_code == 302
    with alpha:
        assert Notification.objects.filter(read_at__isnull=True).count() == 0


def test_notifications_stay_in_their_workspace(client_on, alpha, beta, alice, bob):
    with alpha:
        notification_send(user_id=bob.pk, text="Dans alpha")
    response = client_on(beta, bob).get("/notifications/")
    assert "Dans alpha" not in response.content.decode()


def test_an_import_notifies_who_started_it_and_emails_after_a_minute(alpha, alice):
    with alpha:
        batch = import_services.batch_create(
            object_key="contact", file_name="membres.csv",
            content=b"Email\nana@x.fr\n", user=alice,
        )  # fmt: skip
        batch.mapping = ["email"]
        batch.save()
        import_services.batch_start(batch=batch)
        batch = import_services.batch_run(batch_id=batch.pk)
        assert batch.status == BatchStatus.DONE
        notification = Notification.objects.get(recipient_id=alice.pk)
        assert "membres.csv" in notification.text and "1" in notification.text
        assert notification.url == f"/imports/{batch.pk}/"
        assert mail.outbox == []  # quick: no email
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.CANCELLED,
            started_at=timezone.now() - datetime.timedelta(minutes=3),
        )
        batch.refresh_from_db()
        import_services.batch_notify(batch=batch)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@alpha.test"] and "membres.csv" in message.subject
    assert f"http://{alpha.host}/imports/{batch.pk}/" in message.body
