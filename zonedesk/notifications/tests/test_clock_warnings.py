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


def _digests(department_id: int, level: str = "red"):
    return Message.objects.filter(event=f"warning.{level}.digest",
                                  object_key=f"organisation.department:{department_id}")


def test_a_red_warning_reaches_the_department_as_one_digest_once_per_state():
    ai = ApplicationItem.objects.filter(department__isnull=False).order_by("pk").first()
    staff = {u.pk for u in department_people(ai.department_id)}
    assert staff
    due = dt.date(2026, 12, 1)
    warning = ClockWarning("approvals.item", ai.pk, ai.zone_id, "red", due, ai.department_id)
    clock_warnings.emit([warning])
    clock_warnings.emit([warning])  # the same warnings told again: nothing new
    sent = _digests(ai.department_id)
    assert set(sent.values_list("recipient_id", flat=True)) == staff
    assert sent.count() == len(staff)
    message = sent.first()
    assert message.urgent and "1 个审批事项已超期" in message.title and "2026-12-01" in message.body
    assert message.url.endswith("?clock=red")
    # a moved deadline is a new state and warns again
    clock_warnings.emit([ClockWarning("approvals.item", ai.pk, ai.zone_id, "red", due + dt.timedelta(days=3),
                                      ai.department_id)])
    assert sent.count() == 2 * len(staff)


def _last_message() -> int:
    """The newest message id: the demo's own escalation already told its heads."""
    return Message.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_appeal_escalations_reach_each_head_as_one_digest_naming_the_cases():
    from zonedesk.appeals.models import Appeal
    from zonedesk.notifications.emit import zone_role_people
    from zonedesk.organisation.models import User
    from zonedesk.organisation.roles import Role

    appeals = list(Appeal.objects.order_by("pk")[:3])
    head = User.objects.filter(role_grants__role=Role.DEPARTMENT_HEAD, is_active=True).order_by("pk").first()
    zone_id = appeals[0].zone_id
    window = {u.pk for u in zone_role_people(zone_id, Role.WINDOW_CLERK)}
    assert len(appeals) == 3 and head and window
    due = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
    to_head = [ClockWarning("appeals.appeal", a.pk, zone_id, "red", due, None, head.pk) for a in appeals[:2]]
    to_window = [ClockWarning("appeals.appeal", appeals[2].pk, zone_id, "red", due, None, None)]
    last = _last_message()
    clock_warnings.emit(to_head + to_window)
    clock_warnings.emit(to_head + to_window)  # told again: nothing new
    new = Message.objects.filter(pk__gt=last)
    mine = new.filter(event="appeal.overdue.digest", object_key=f"organisation.user:{head.pk}")
    assert list(mine.values_list("recipient_id", flat=True)) == [head.pk]
    body = mine.get().body
    assert all(a.number in body for a in appeals[:2]) and appeals[2].number not in body
    theirs = new.filter(event="appeal.overdue.digest", object_key=f"organisation.zone:{zone_id}:window")
    assert set(theirs.values_list("recipient_id", flat=True)) == window
    assert all(appeals[2].number in m.body and m.urgent for m in theirs)


def test_a_digest_names_the_first_cases_and_counts_the_rest():
    from zonedesk.appeals.models import Appeal
    from zonedesk.notifications.hooks import DIGEST_LISTED
    from zonedesk.organisation.models import User
    from zonedesk.organisation.roles import Role

    appeals = list(Appeal.objects.order_by("pk")[:DIGEST_LISTED + 2])
    assert len(appeals) == DIGEST_LISTED + 2
    head = User.objects.filter(role_grants__role=Role.DEPARTMENT_HEAD, is_active=True).order_by("pk").first()
    base = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
    last = _last_message()
    clock_warnings.emit([ClockWarning("appeals.appeal", a.pk, a.zone_id, "red",
                                      base + dt.timedelta(minutes=i), None, head.pk)
                         for i, a in enumerate(appeals)])
    [message] = Message.objects.filter(pk__gt=last, event="appeal.overdue.digest",
                                       object_key=f"organisation.user:{head.pk}")
    assert f"{DIGEST_LISTED + 2} 件诉求" in message.title
    # the earliest deadlines are named; the two latest are counted
    assert all(a.number in message.body for a in appeals[:DIGEST_LISTED])
    assert not any(a.number in message.body for a in appeals[DIGEST_LISTED:]) and "另有 2 件" in message.body


def _warnings(items, due):
    return [ClockWarning("approvals.item", ai.pk, ai.zone_id, "red", due, ai.department_id) for ai in items]


def test_a_sweeps_warnings_cost_the_same_queries_for_few_items_as_for_many():
    """The first sweep of a large zone warns many thousand items: the message centre writes
    one digest per department and level, a fixed number of queries, not a handful per item."""
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
    # one digest per run and person: the first names 2 items, the second the other 14
    mine = _digests(busiest["department_id"]).filter(recipient=staff[0])
    titles = list(mine.values_list("title", flat=True))
    assert len(titles) == 2
    assert any(f" {len(items) - 2} 个" in t for t in titles) and any(" 2 个" in t for t in titles)
    assert _digests(busiest["department_id"]).count() == 2 * len(staff)


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
