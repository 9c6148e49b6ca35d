"""The message centre through its services: the outbox, idempotency, channels, retries."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from zonedesk.approvals import services as approvals
from zonedesk.approvals.tests.conftest import actor, new_project, stage_values
from zonedesk.core.errors import NotFound
from zonedesk.notifications import services
from zonedesk.notifications.emit import notify_people
from zonedesk.notifications.models import Channel, Delivery, DeliveryStatus, Message
from zonedesk.notifications.selectors import unread_count_for
from zonedesk.organisation.models import User

pytestmark = pytest.mark.django_db

PORT = 8171


def _user(name: str) -> User:
    return User.objects.get(username=name)


def _emit(state: str = "s1", *, who: str = "enterprise", event: str = "warning.yellow") -> list[int]:
    user = _user(who)
    with transaction.atomic():
        return notify_people(event, recipients=[user], zone_id=user.zone_id, object_key="test:1",
                             state=state, subject="测试事项", detail="2026-12-01")


@pytest.fixture(autouse=True)
def _clean_inbox(db):
    # The demo's own events already filled some inboxes; each test starts from none.
    Message.objects.all().delete()
    mail.outbox.clear()


def test_supplement_request_reaches_inbox_and_email(django_capture_on_commit_callbacks) -> None:
    """Done-when of the issue: a 补正 request → a message in the enterprise's inbox and an e-mail."""
    app = approvals.application_submit(
        actor=actor("enterprise"), project_id=new_project().pk, stage="land", form=stage_values("land")
    )
    ent = _user("enterprise")
    with django_capture_on_commit_callbacks(execute=True):
        approvals.application_request_supplement(actor=actor("window"), application_id=app.pk,
                                                 note="请补盖公章")
    message = Message.objects.get(recipient=ent, event="application.supplement")
    assert "补正" in message.title and "请补盖公章" in message.body
    assert message.url == f"/approvals/applications/{app.pk}/"
    assert unread_count_for(ent) == 1
    # The enterprise's user and the steward it authorised, each once.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([ent.email, _user("steward").email])
    assert all(message.title == m.subject for m in mail.outbox)
    d = Delivery.objects.get(message=message, channel=Channel.EMAIL)
    assert d.status == DeliveryStatus.SENT and d.attempts == 1


def test_rolled_back_event_leaves_no_message(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), \
            transaction.atomic():
        _emit()
        raise RuntimeError("the service failed after emitting")
    assert not Message.objects.exists() and not Delivery.objects.exists() and not mail.outbox


def test_one_message_per_state_not_per_sweep() -> None:
    assert len(_emit("yellow:2026-12-01")) == 1
    assert _emit("yellow:2026-12-01") == []  # the next sweep sees the same state
    assert len(_emit("red:2026-12-01", event="warning.red")) == 1  # a new state: a new message
    assert Message.objects.filter(recipient=_user("enterprise")).count() == 2


def test_crash_after_commit_sends_exactly_once(django_capture_on_commit_callbacks) -> None:
    """The event commits, the process dies before the after-commit send: the sweep sends it,
    once; a second sweep sends nothing."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _emit()
    assert callbacks and not mail.outbox  # the send never ran
    assert services.deliveries_sweep() == {"sent": 1, "failed": 0, "retry": 0}
    assert services.deliveries_sweep() == {"sent": 0, "failed": 0, "retry": 0}
    assert len(mail.outbox) == 1
    for cb in callbacks:  # the late after-commit send finds the row sent
        cb()
    assert len(mail.outbox) == 1


def test_crash_between_send_and_mark_resends_once_with_the_same_key() -> None:
    _emit()
    d = Delivery.objects.get(channel=Channel.EMAIL)
    claimed = services._claim(d.pk, timezone.now())
    from zonedesk.notifications.channels import SENDERS

    SENDERS[Channel.EMAIL].send(Delivery.objects.select_related("message__zone").get(pk=claimed.pk))
    # ...and the process dies here: the row is still pending under its lease.
    assert services.deliveries_sweep() == {"sent": 0, "failed": 0, "retry": 0}
    later = timezone.now() + services.LEASE + dt.timedelta(seconds=1)
    assert services.deliveries_sweep(now=later)["sent"] == 1
    assert services.deliveries_sweep(now=later)["sent"] == 0
    keys = [m.extra_headers["X-Zonedesk-Delivery"] for m in mail.outbox]
    assert len(keys) == 2 and keys[0] == keys[1]  # the receiver drops the second by its key


def test_preferences_switch_email_off_and_reading_is_private() -> None:
    ent = _user("enterprise")
    services.preferences_set(actor=actor("enterprise"), choices={("warning.yellow", Channel.EMAIL): False})
    ids = _emit()
    assert not Delivery.objects.filter(message_id__in=ids, channel=Channel.EMAIL).exists()
    with pytest.raises(NotFound):
        services.message_read(actor=actor("window"), message_id=ids[0])
    assert Message.objects.get(pk=ids[0]).read_at is None
    services.message_read(actor=actor("enterprise"), message_id=ids[0])
    assert unread_count_for(ent) == 0


class _Gateway(BaseHTTPRequestHandler):
    status = 200
    received: list[dict] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append({"body": json.loads(body), "key": self.headers["Idempotency-Key"]})
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway(settings):
    _Gateway.received, _Gateway.status = [], 200
    server = HTTPServer(("127.0.0.1", PORT), _Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.NOTIFY_GATEWAY_URL = f"http://127.0.0.1:{PORT}/send"
    settings.NOTIFY_QUIET_HOURS = ""
    yield _Gateway
    server.shutdown()
    server.server_close()


def test_sms_through_the_gateway_with_template_and_key(gateway, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _emit(event="warning.red")  # urgent: SMS by default
    assert len(gateway.received) == 1
    got = gateway.received[0]
    assert got["body"]["template"] == "warning.red" and got["body"]["to"] == _user("enterprise").phone
    d = Delivery.objects.get(channel=Channel.SMS)
    assert got["key"] == d.idempotency_key and d.status == DeliveryStatus.SENT


def test_gateway_failure_retries_with_backoff_then_fails_with_reason(gateway, settings) -> None:
    gateway.status = 503
    settings.NOTIFY_MAX_ATTEMPTS = 3
    _emit(event="warning.red")
    d = Delivery.objects.get(channel=Channel.SMS)
    now = timezone.now()
    assert services.delivery_send(delivery_id=d.pk, now=now) == DeliveryStatus.PENDING
    d.refresh_from_db()
    assert d.attempts == 1 and "503" in d.last_error and d.next_attempt_at > now
    assert services.delivery_send(delivery_id=d.pk, now=now) == ""  # not due yet: back-off
    for step in (1, 2):
        later = now + dt.timedelta(hours=step * 7)
        services.delivery_send(delivery_id=d.pk, now=later)
    d.refresh_from_db()
    assert d.status == DeliveryStatus.FAILED and d.attempts == 3 and "503" in d.last_error
    assert len(gateway.received) == 3


def test_non_urgent_sms_waits_for_the_end_of_quiet_hours(settings) -> None:
    settings.NOTIFY_GATEWAY_URL = "http://127.0.0.1:9/unused"
    settings.NOTIFY_QUIET_HOURS = "00:00-23:59"
    services.preferences_set(actor=actor("enterprise"), choices={("warning.yellow", Channel.SMS): True})
    _emit()
    sms = Delivery.objects.get(channel=Channel.SMS)
    email = Delivery.objects.get(channel=Channel.EMAIL)
    assert sms.next_attempt_at > timezone.now() + dt.timedelta(minutes=1)
    assert email.next_attempt_at <= timezone.now()


def test_appeal_events_reach_the_right_people(django_capture_on_commit_callbacks) -> None:
    from zonedesk.appeals import services as appeals
    from zonedesk.appeals.models import Appeal, Status

    appeal = Appeal.objects.filter(zone__code="LY", status=Status.ACCEPTED).first()
    if appeal is None:
        pytest.skip("the demo has no accepted appeal")
    dept = User.objects.get(username="reviewer").department
    appeals.appeal_dispatch(actor=actor("window"), appeal_id=appeal.pk, lead_department_id=dept.pk)
    got = set(Message.objects.filter(event="appeal.dispatched").values_list("recipient__username", flat=True))
    assert {"reviewer", "depthead"} <= got and "enterprise" not in got
    appeals.appeal_supervise(actor=actor("leader"), appeal_id=appeal.pk, note="加快")
    assert Message.objects.filter(event="appeal.supervised", recipient__username="reviewer").exists()


def test_prune_removes_messages_past_retention(settings) -> None:
    settings.NOTIFY_RETENTION_DAYS = 30
    ids = _emit()
    Message.objects.filter(pk__in=ids).update(created_at=timezone.now() - dt.timedelta(days=31))
    assert services.messages_prune() == 1
    assert not Message.objects.filter(pk__in=ids).exists() and not Delivery.objects.exists()
