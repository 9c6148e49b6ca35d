"""Two clerks lease the same unit for overlapping dates at the same moment: one wins, the other
gets a 409 (the unit's row lock serialises them; the exclusion constraint backs it up)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict
from zonedesk.organisation.models import User
from zonedesk.parks import services
from zonedesk.parks.models import Lease

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def race(*calls: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _setup():
    from zonedesk.organisation.roles import Role
    from zonedesk.parks.models import Park
    from zonedesk.testing.factories import EnterpriseFactory, UserFactory, ZoneFactory

    zone = ZoneFactory()
    officer = UserFactory(zone=zone, roles=[Role.INVESTMENT_OFFICER])
    park = Park.objects.create(zone=zone, name="并发测试园")
    a = Actor(user=officer)
    b = services.building_create(actor=a, park_id=park.pk, data={"name": "1号楼"})
    unit = services.unit_create(
        actor=a,
        building_id=b.pk,
        data={"code": "101", "area_m2": Decimal("500"), "available_since": dt.date(2026, 1, 1)},
    )
    return officer.pk, unit, EnterpriseFactory(zone=zone), EnterpriseFactory(zone=zone)


def test_two_clerks_lease_one_unit() -> None:
    officer_id, unit, a, b = _setup()

    def lease(enterprise_id: int, start: dt.date) -> Callable[[], Any]:
        return lambda: services.lease_create(
            actor=Actor(user=User.objects.get(pk=officer_id)),
            unit_id=unit.pk,
            data={
                "enterprise_id": enterprise_id,
                "start_on": start,
                "end_on": dt.date(2029, 12, 31),
                "rent_yuan_m2_month": Decimal("12"),
            },
        )

    for _round in range(3):
        Lease.objects.filter(unit=unit).delete()
        results = race(lease(a.pk, dt.date(2026, 11, 1)), lease(b.pk, dt.date(2026, 12, 1)))
        wins = [r for r in results if isinstance(r, Lease)]
        losses = [r for r in results if isinstance(r, Conflict)]
        assert len(wins) == 1 and len(losses) == 1, results
        assert losses[0].code == "lease_overlap"
        assert Lease.objects.filter(unit=unit).count() == 1


def test_the_database_refuses_an_overlap_the_service_did_not_see() -> None:
    from django.db import IntegrityError, transaction

    officer_id, unit, a, _b = _setup()
    first = services.lease_create(
        actor=Actor(user=User.objects.get(pk=officer_id)),
        unit_id=unit.pk,
        data={
            "enterprise_id": a.pk,
            "start_on": dt.date(2026, 1, 1),
            "end_on": dt.date(2027, 1, 1),
            "rent_yuan_m2_month": Decimal("10"),
        },
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Lease.objects.create(
            zone_id=first.zone_id,
            unit_id=unit.pk,
            enterprise_id=a.pk,
            start_on=dt.date(2026, 6, 1),
            end_on=dt.date(2026, 9, 1),
            occupied_until=dt.date(2026, 9, 1),
            rent_yuan_m2_month=Decimal("1"),
        )
