"""Two people act on the same row at the same moment, on PostgreSQL: the row lock makes the
second see the first's change. Two sweeps at once report each overdue commitment once.

Transactional tests commit for real and flush afterwards, so the test builds its own zone."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from zonedesk.audit.models import AuditRecord
from zonedesk.commitments import services
from zonedesk.commitments.models import ArrearPayment, Commitment
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict, ValidationFailed
from zonedesk.organisation.models import User
from zonedesk.organisation.roles import Role
from zonedesk.testing.factories import DepartmentFactory, EnterpriseFactory, UserFactory, ZoneFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def race(*calls: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[i] = calls[i]()
        except Exception as exc:  # the test inspects what each thread got
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


def test_two_payments_of_the_whole_balance_one_wins() -> None:
    zone = ZoneFactory()
    dept = DepartmentFactory(zone=zone)
    officers = [UserFactory(zone=zone, roles=[Role.INVESTMENT_OFFICER]).pk for _ in range(2)]
    enterprise = EnterpriseFactory(zone=zone)
    for round_ in range(3):
        a = services.arrear_create(
            actor=actor(officers[0]),
            zone_id=zone.pk,
            enterprise_id=enterprise.pk,
            department_id=dept.pk,
            data={
                "kind": "works",
                "basis": f"合同{round_}",
                "amount_yuan": "5000.00",
                "due_on": timezone.localdate(),
            },
        )

        def pay(i: int, pk: int = a.pk):
            return services.arrear_pay(
                actor=actor(officers[i]), arrear_id=pk, amount_yuan="5000.00", paid_on=None
            )

        results = race(lambda: pay(0), lambda: pay(1))
        winners = [r for r in results if isinstance(r, ArrearPayment)]
        losers = [r for r in results if isinstance(r, (Conflict, ValidationFailed))]
        assert len(winners) == 1 and len(losers) == 1, results
        assert ArrearPayment.objects.filter(arrear_id=a.pk).count() == 1
        assert AuditRecord.objects.filter(action="arrear.pay", object_id=str(a.pk)).count() == 1


def test_two_sweeps_at_once_report_each_overdue_commitment_once() -> None:
    zone = ZoneFactory()
    dept = DepartmentFactory(zone=zone)
    today = timezone.localdate()
    Commitment.objects.bulk_create(
        Commitment(
            zone=zone,
            number=f"CN{i:04d}",
            beneficiary="企业",
            title=f"事项{i}",
            kind="land",
            source_kind="agreement",
            source_title="协议",
            promised_on=today - dt.timedelta(days=30),
            due_on=today - dt.timedelta(days=1 + i % 5),
            department=dept,
        )
        for i in range(40)
    )
    system = Actor.system("test")
    results = race(*(lambda: services.commitments_sweep_overdue(actor=system, limit=15) for _ in range(2)))
    assert all(isinstance(r, int) for r in results), results
    while services.commitments_sweep_overdue(actor=system, limit=15):
        pass
    assert not Commitment.objects.filter(zone=zone, overdue_at__isnull=True).exists()
    per_row = AuditRecord.objects.filter(action="commitment.overdue", zone_id=zone.pk)
    assert per_row.count() == 40
    assert per_row.values("object_id").distinct().count() == 40
