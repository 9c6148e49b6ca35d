"""Two leaders publish the same appraisal period at the same moment, on PostgreSQL: the period
row lock makes the second see the first's publication — exactly one ranking is published (one
audit row), the other gets a 409 conflict. Transactional: the test builds its own zone."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from zonedesk.appraisal import services
from zonedesk.appraisal.models import AppraisalPeriod, PeriodStatus
from zonedesk.audit.models import AuditRecord
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict
from zonedesk.organisation.models import User
from zonedesk.organisation.roles import Role
from zonedesk.testing.factories import DepartmentFactory, UserFactory, ZoneFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

INDICATORS = [
    dict(
        code="A1", name="审批事项按时办结率", source="approvals_on_time", weight=60, full_at=100, zero_at=80
    ),
    dict(code="M1", name="工作作风", source="manual", weight=40),
]


def race(*calls: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[i] = calls[i]()
        except Exception as exc:  # the caller inspects what each thread got
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not any(t.is_alive() for t in threads), "a thread is stuck (deadlock?)"
    return results


def actor(user_id: int) -> Actor:
    return Actor(user=User.objects.get(pk=user_id), channel="web")


def test_two_publications_one_wins() -> None:
    zone = ZoneFactory()
    dept = DepartmentFactory(zone=zone)
    leaders = [UserFactory(zone=zone, roles=[Role.LEADER], department=dept).pk for _ in range(2)]
    assessor = UserFactory(zone=zone, roles=[Role.DEPARTMENT_HEAD], department=dept)
    person = UserFactory(zone=zone, roles=[Role.REVIEWER], department=dept)
    template = services.template_create(
        actor=actor(leaders[0]),
        zone_id=zone.pk,
        name="并发模板",
        applies_to="测试",
        period_kind="year",
        indicators=INDICATORS,
    )
    for round_ in range(3):
        period = services.period_create(
            actor=actor(leaders[0]),
            zone_id=zone.pk,
            name=f"并发考核{round_}",
            template_id=template.pk,
            start=dt.date(2026, 1, 1),
            end=dt.date(2026, 12, 31),
            objection_days=0,
            members=[{"person_id": person.pk, "assessor_id": assessor.pk, "reviewer_id": leaders[1]}],
        )
        sheet = period.sheets.get()
        m1 = template.indicators.get(code="M1")
        services.sheet_self_assess(actor=actor(person.pk), sheet_id=sheet.pk, summary="述职")
        services.score_enter(
            actor=actor(assessor.pk),
            sheet_id=sheet.pk,
            indicator_id=m1.pk,
            points=Decimal(30),
            evidence="记录",
            comment="好",
        )
        services.sheet_submit(actor=actor(assessor.pk), sheet_id=sheet.pk)
        services.sheet_review(actor=actor(leaders[1]), sheet_id=sheet.pk, approve=True)
        audits = AuditRecord.objects.filter(action="appraisal.period.publish").count()

        def publish(i: int, pk: int = period.pk) -> AppraisalPeriod:
            return services.period_publish(actor=actor(leaders[i]), period_id=pk)

        results = race(lambda: publish(0), lambda: publish(1))
        winners = [r for r in results if isinstance(r, AppraisalPeriod)]
        losers = [r for r in results if isinstance(r, Conflict)]
        assert len(winners) == 1 and len(losers) == 1, results
        assert AppraisalPeriod.objects.get(pk=period.pk).status == PeriodStatus.PUBLICISED
        assert AuditRecord.objects.filter(action="appraisal.period.publish").count() == audits + 1
