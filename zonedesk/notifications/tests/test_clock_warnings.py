"""The approval items' yellow/red sweep reaches the item's department through the message
centre, once per state (core.clockwarn → notifications.hooks)."""

from __future__ import annotations

import datetime as dt

import pytest

from zonedesk.approvals.models import ApplicationItem
from zonedesk.core.clockwarn import ClockWarning, clock_warnings
from zonedesk.notifications.emit import department_people
from zonedesk.notifications.models import Message

pytestmark = pytest.mark.django_db


def test_a_red_warning_reaches_the_department_once_per_state():
    ai = ApplicationItem.objects.filter(department__isnull=False).order_by("pk").first()
    staff = {u.pk for u in department_people(ai.department_id)}
    assert staff
    due = dt.date(2026, 12, 1)
    warning = ClockWarning("approvals.item", ai.pk, ai.zone_id, "red", due, ai.department_id)
    clock_warnings.emit([warning])
    clock_warnings.emit([warning])  # the next sweep finds the same state: nothing new
    sent = Message.objects.filter(event="warning.red", object_key=f"approvals.applicationitem:{ai.pk}")
    assert set(sent.values_list("recipient_id", flat=True)) == staff
    assert sent.count() == len(staff)
    # a moved deadline is a new state and warns again
    clock_warnings.emit([ClockWarning("approvals.item", ai.pk, ai.zone_id, "red", due + dt.timedelta(days=3),
                                      ai.department_id)])
    assert sent.count() == 2 * len(staff)


def test_appeal_clock_warnings_are_left_to_the_escalation_message():
    before = Message.objects.count()
    clock_warnings.emit([ClockWarning("appeals.appeal", 1, 1, "red", dt.date(2026, 12, 1), None)])
    assert Message.objects.count() == before
