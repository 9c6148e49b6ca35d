"""Yellow/red warnings of rectifications and the appeals' yellow band: once per state."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from zonedesk.notifications.models import Message
from zonedesk.notifications.warnings import appeal_yellow_sweep, rectification_level, rectification_sweep


def test_rectification_level() -> None:
    today = dt.date(2026, 11, 30)
    assert rectification_level(today, today - dt.timedelta(days=1), 15, Decimal("0.2"), 0) == "red"
    assert rectification_level(today, today + dt.timedelta(days=3), 15, Decimal("0.2"), 3) == "yellow"
    assert rectification_level(today, today + dt.timedelta(days=6), 15, Decimal("0.2"), 4) == ""


@pytest.mark.django_db
def test_rectification_warns_yellow_then_red_once_each() -> None:
    from zonedesk.appeals.models import Rating, Rectification

    r = Rectification.objects.filter(status="open").select_related("rating").first()
    if r is None:  # the demo keeps at least one open rectification; make sure of it
        pytest.skip("no open rectification in the demo")
    if not r.rating.departments.exists():
        pytest.skip("rectification without a rated department")
    today = timezone.localdate()
    key = f"appeals.rating:{r.rating_id}"
    Rectification.objects.filter(pk=r.pk).update(due_on=today)
    assert rectification_sweep(today=today) >= 1
    assert rectification_sweep(today=today) == 0  # same state: nothing new
    yellow = Message.objects.filter(event="warning.yellow", object_key=key)
    assert yellow.exists() and "差评整改即将到期" in yellow.first().title
    assert rectification_sweep(today=today + dt.timedelta(days=1)) >= 1
    assert Message.objects.filter(event="warning.red", object_key=key).count() == yellow.count()
    assert Rating.objects.filter(pk=r.rating_id).exists()


@pytest.mark.django_db
def test_appeal_in_its_yellow_band_warns_its_lead_department_once() -> None:
    from zonedesk.appeals.models import ACTIVE_STATUSES, Appeal

    a = Appeal.objects.filter(status__in=ACTIVE_STATUSES, lead_department__isnull=False).first()
    now = timezone.now()
    Appeal.objects.filter(pk=a.pk).update(
        yellow_at=now - dt.timedelta(hours=1),
        due_at=now + dt.timedelta(hours=5),
        due_paused=False,
        escalated_at=None,
    )
    assert appeal_yellow_sweep(now=now) >= 1
    assert appeal_yellow_sweep(now=now) == 0
    assert Message.objects.filter(event="warning.yellow", object_key=f"appeals.appeal:{a.pk}").exists()
