"""The approval items' yellow/red sweep reaches the item's department through the message
centre, once per state (core.clockwarn → notifications.hooks)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from zonedesk.approvals.models import ApplicationItem
from zonedesk.core.clockwarn import ClockWarning, clock_warnings
from zonedesk.notifications import rules
from zonedesk.notifications.emit import department_people, notify_people
from zonedesk.notifications.models import Delivery, Message
from zonedesk.notifications.services import Emission, messages_emit_many

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


def _warnings(items, due):
    return [ClockWarning("approvals.item", ai.pk, ai.zone_id, "red", due, ai.department_id) for ai in items]


def test_a_sweeps_warnings_cost_the_same_queries_for_few_items_as_for_many():
    """The first sweep of a large zone warns many thousand items: the message centre writes
    them set-wise, a fixed number of queries per batch, not a handful per item."""
    busiest = (ApplicationItem.objects.filter(department__isnull=False).values("department_id")
               .annotate(n=Count("pk")).order_by("-n").first())
    items = list(ApplicationItem.objects.filter(department_id=busiest["department_id"]).order_by("pk")[:16])
    assert len(items) >= 8
    staff = department_people(busiest["department_id"])
    assert staff

    def queries(chunk) -> int:
        with CaptureQueriesContext(connection) as ctx:
            clock_warnings.emit(_warnings(chunk, dt.date(2026, 12, 1)))
        return len(ctx.captured_queries)

    few, many = queries(items[:2]), queries(items[2:])
    assert many == few, f"{few} queries for 2 warnings, {many} for {len(items) - 2}"
    keys = [f"approvals.applicationitem:{ai.pk}" for ai in items]
    assert Message.objects.filter(event="warning.red", object_key__in=keys).count() == len(items) * len(staff)


def test_a_batch_writes_what_one_message_at_a_time_writes():
    ai = ApplicationItem.objects.filter(department__isnull=False).order_by("pk").first()
    people = department_people(ai.department_id)
    key = f"approvals.applicationitem:{ai.pk}"
    params = {"subject": "审批事项已超期", "detail": "办理期限：2026-12-01"}
    with transaction.atomic():
        notify_people("warning.red", recipients=people, zone_id=ai.zone_id, object_key=key, state="one",
                      url="/x/", **params)
    with transaction.atomic():
        emission = Emission("warning.red", people, ai.zone_id, key, "many", params, "/x/")
        made = messages_emit_many([emission])
        assert messages_emit_many([emission]) == []  # told again in the same state: nothing new

    def written(state: str) -> list[tuple]:
        rows = (Message.objects.filter(dedupe_key=rules.dedupe_key("warning.red", key, state))
                .order_by("recipient_id"))
        return [(m.recipient_id, m.zone_id, m.title, m.body, m.url, m.urgent,
                 sorted((d.channel, d.address, d.status, d.next_attempt_at is not None)
                        for d in Delivery.objects.filter(message=m)))
                for m in rows]

    assert len(made) == len(people) > 0
    assert written("many") == written("one")
