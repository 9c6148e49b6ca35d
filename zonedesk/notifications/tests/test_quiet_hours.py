"""Each person's own quiet hours and message language: an SMS that is not urgent waits for
the end of *their* quiet hours; bad settings are refused naming the field, writing nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict, ValidationFailed
from zonedesk.notifications import rules
from zonedesk.notifications.emit import notify_people
from zonedesk.notifications.models import Delivery, UserNotifySettings
from zonedesk.notifications.services import notify_settings_set
from zonedesk.organisation.models import User
from zonedesk.testing.audit import audit_rows

NIGHT = (dt.time(22), dt.time(7))


def test_quiet_for_picks_default_own_or_none() -> None:
    own = (dt.time(12), dt.time(14))
    assert rules.quiet_for("default", None, None, NIGHT) == NIGHT
    assert rules.quiet_for("custom", *own, NIGHT) == own
    assert rules.quiet_for("off", *own, NIGHT) is None
    assert rules.quiet_for("custom", None, None, NIGHT) == NIGHT  # incomplete: the default holds


@pytest.mark.django_db
def test_a_persons_own_quiet_hours_hold_back_their_non_urgent_sms(settings) -> None:
    settings.NOTIFY_GATEWAY_URL = "file:///tmp/zd_notices2_sms_test"
    settings.NOTIFY_QUIET_HOURS = ""  # no zone default: only the person's own hours apply
    user = User.objects.get(username="enterprise")
    user.phone = "13800000000"
    user.save(update_fields=["phone"])
    me = Actor(user=user, ip="127.0.0.1", channel="web")
    now = timezone.localtime()
    start = (now - dt.timedelta(minutes=30)).time().replace(second=0, microsecond=0)
    end = (now + dt.timedelta(hours=2)).time().replace(second=0, microsecond=0)
    notify_settings_set(actor=me, quiet_mode="custom", quiet_start=start, quiet_end=end)

    def sms(key: str, event: str) -> Delivery:
        with transaction.atomic():
            notify_people(
                event, recipients=[user], zone_id=user.zone_id, object_key=key, state="s", subject="t"
            )
        return Delivery.objects.get(message__object_key=key, channel="sms")

    from zonedesk.notifications.models import Preference

    # SMS goes by default only for urgent events: this person asked for it for policy matches.
    Preference.objects.create(user=user, zone_id=user.zone_id, event="policy.matched", channel="sms",
                              enabled=True)
    held = sms("q:2", "policy.matched")
    assert timezone.localtime(held.next_attempt_at) >= now + dt.timedelta(hours=1)
    urgent = sms("q:3", "warning.red")  # urgent: goes now, whatever the hours
    assert urgent.next_attempt_at <= timezone.now()
    notify_settings_set(actor=me, quiet_mode="off", version=UserNotifySettings.objects.get(user=user).version)
    assert sms("q:4", "policy.matched").next_attempt_at <= timezone.now()


@pytest.mark.django_db
def test_bad_or_stale_settings_write_nothing() -> None:
    me = Actor(user=User.objects.get(username="window"), ip="127.0.0.1", channel="web")
    before = (UserNotifySettings.objects.count(), audit_rows())
    with pytest.raises(ValidationFailed) as bad:
        notify_settings_set(actor=me, quiet_mode="custom", quiet_start=dt.time(22), quiet_end=None)
    assert "免打扰结束" in bad.value.errors["quiet_end"]
    with pytest.raises(ValidationFailed) as lang:
        notify_settings_set(actor=me, quiet_mode="default", language="fr")
    assert "消息语言" in lang.value.errors["language"]
    assert (UserNotifySettings.objects.count(), audit_rows()) == before
    row = notify_settings_set(actor=me, quiet_mode="default", language="en")
    with pytest.raises(Conflict):
        notify_settings_set(actor=me, quiet_mode="off", version=row.version - 1)
    assert UserNotifySettings.objects.get(pk=row.pk).quiet_mode == "default"


@pytest.mark.django_db
def test_preferences_page_saves_quiet_hours(client) -> None:
    user = User.objects.get(username="reviewer")
    client.force_login(user)
    bad = client.post(
        "/messages/preferences/",
        {
            "part": "settings",
            "quiet_mode": "custom",
            "quiet_start": "12:00",
            "quiet_end": "12:00",
            "language": "zh-hans",
        },
    )
    assert bad.status_code == 422 and "不能与开始时间相同" in bad.content.decode()
    ok = client.post(
        "/messages/preferences/",
        {
            "part": "settings",
            "quiet_mode": "custom",
            "quiet_start": "12:00",
            "quiet_end": "13:30",
            "language": "en",
        },
    )
    assert ok.status_code == 302
    row = UserNotifySettings.objects.get(user=user)
    assert (row.quiet_start, row.quiet_end, row.language) == (dt.time(12), dt.time(13, 30), "en")
