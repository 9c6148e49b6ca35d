"""Two people on the same case at the same moment, on PostgreSQL: one wins, the other gets a
clear conflict (SQLite serialises whole transactions, so the row lock is proved here).

Transactional tests commit for real and the database is flushed after them, so each test
builds its own small zone (``make_kit``) instead of using the demo zone.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from zonedesk.appeals import services
from zonedesk.appeals.models import AppealEvent, Rating
from zonedesk.appeals.tests.conftest import make_kit
from zonedesk.audit.models import AuditRecord
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict
from zonedesk.organisation.models import User, UserRole
from zonedesk.organisation.roles import Role
from zonedesk.testing.race import race

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]



def fresh(user_id: int) -> Actor:
    return Actor(user=User.objects.get(pk=user_id))  # each thread loads its own user


def _accepted(kit):
    a = services.appeal_log(actor=kit.window, enterprise_id=kit.ent.pk, category_id=kit.cat["general"].pk,
                            title="并发", description="两人同时处理")
    return a


def test_two_clerks_dispatch_the_same_case_one_wins_the_other_gets_a_conflict():
    kit = make_kit()
    second = User.objects.create(username="tz-window-2", zone=kit.zone, full_name="第二窗口")
    UserRole.objects.create(user=second, zone_id=second.zone_id, role=Role.WINDOW_CLERK)
    for _ in range(3):
        a = _accepted(kit)
        results = race(
            lambda a=a: services.appeal_dispatch(actor=fresh(kit.window.user.pk), appeal_id=a.pk,
                                                 lead_department_id=kit.d1.pk),
            lambda a=a: services.appeal_dispatch(actor=fresh(second.pk), appeal_id=a.pk,
                                                 lead_department_id=kit.d2.pk),
        )
        wins = [r for r in results if not isinstance(r, Exception)]
        losses = [r for r in results if isinstance(r, Exception)]
        assert len(wins) == 1 and len(losses) == 1
        assert isinstance(losses[0], Conflict) and losses[0].code == "wrong_state"
        assert "待签收" in losses[0].message
        assert AppealEvent.objects.filter(appeal=a, action="dispatch").count() == 1
        assert AuditRecord.objects.filter(action="appeal.dispatch", object_id=str(a.pk)).count() == 1


def test_the_department_signs_while_the_window_merges_one_wins():
    kit = make_kit()
    target = _accepted(kit)
    for _ in range(3):
        a = _accepted(kit)
        services.appeal_dispatch(actor=kit.window, appeal_id=a.pk, lead_department_id=kit.d1.pk)
        services.appeal_return(actor=kit.r1, appeal_id=a.pk, reason="退回")
        services.appeal_dispatch(actor=kit.window, appeal_id=a.pk, lead_department_id=kit.d1.pk)
        v = a.__class__.objects.get(pk=a.pk).version
        results = race(
            lambda a=a, v=v: services.appeal_sign(actor=fresh(kit.r1.user.pk), appeal_id=a.pk, version=v),
            lambda a=a, v=v: services.appeal_merge(actor=fresh(kit.window.user.pk), appeal_id=a.pk,
                                                   into_id=target.pk, version=v),
        )
        assert sum(not isinstance(r, Exception) for r in results) == 1
        assert all(isinstance(r, Conflict) for r in results if isinstance(r, Exception))


def test_two_ratings_of_the_same_case_at_once_leave_one():
    kit = make_kit()
    a = _accepted(kit)
    services.appeal_dispatch(actor=kit.window, appeal_id=a.pk, lead_department_id=kit.d1.pk)
    services.appeal_sign(actor=kit.r1, appeal_id=a.pk)
    services.appeal_reply(actor=kit.r1, appeal_id=a.pk, reply="答复")
    services.appeal_visit(actor=kit.window, appeal_id=a.pk, note="回访")
    uid = kit.ent_user.user.pk
    results = race(
        lambda: services.rating_create(actor=fresh(uid), kind="appeal", case_id=a.pk, level="satisfied"),
        lambda: services.rating_create(actor=fresh(uid), kind="appeal", case_id=a.pk, level="basic"),
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], Conflict) and errors[0].code == "already_rated"
    assert Rating.objects.filter(kind="appeal", case_id=a.pk).count() == 1
    # this zone's chain: other zones (the demo's) have ratings of their own
    assert AuditRecord.objects.filter(action="rating.create", zone_id=kit.zone.pk).count() == 1


def test_two_sweeps_at_once_escalate_each_case_once():
    kit = make_kit()
    for i in range(4):
        a = services.appeal_log(actor=kit.window, enterprise_id=kit.ent.pk, category_id=kit.cat["urgent"].pk,
                                title=f"紧急{i}", description="d")
        services.appeal_dispatch(actor=kit.window, appeal_id=a.pk, lead_department_id=kit.d1.pk)
    later = timezone.now() + dt.timedelta(hours=5)
    results = race(
        lambda: services.appeals_escalate_overdue(actor=Actor.system("a"), now=later),
        lambda: services.appeals_escalate_overdue(actor=Actor.system("b"), now=later),
    )
    assert not any(isinstance(r, Exception) for r in results), results
    assert sum(results) == 4
    # One audit record per sweep batch and zone, naming each case once.
    audited = [c["id"] for r in AuditRecord.objects.filter(action="appeal.escalate")
               for c in r.after["cases"]]
    assert len(audited) == len(set(audited)) == 4
    assert AppealEvent.objects.filter(action="escalate").count() == 4
    assert services.appeals_escalate_overdue(actor=Actor.system("c"), now=later) == 0
