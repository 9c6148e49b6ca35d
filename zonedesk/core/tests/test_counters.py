"""Summary counters bumped by concurrent writers on PostgreSQL: of two first inserts of one
counter, neither is lost (the loser updates the winner's row), and many bumps add up."""

from __future__ import annotations

import datetime as dt
import time
from typing import cast

import pytest
from django.db import connection, transaction

from zonedesk.core.counters import bump
from zonedesk.indicators.models import IndicatorDay
from zonedesk.organisation.models import Zone
from zonedesk.testing.factories import ZoneFactory
from zonedesk.testing.race import race

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def test_concurrent_bumps_of_a_new_counter_all_count() -> None:
    zone = cast(Zone, ZoneFactory())  # factory_boy returns the model instance
    key = {"zone_id": zone.pk, "indicator": "utility_water", "day": dt.date(2026, 3, 2), "working_days": 4}

    def writer() -> None:
        with transaction.atomic():
            bump(IndicatorDay, key, cases=1)
            time.sleep(0.2)  # hold the row (or the pending insert) while the others arrive

    results = race(*[writer] * 4)
    assert all(r is None for r in results), results
    assert IndicatorDay.objects.get(**key).cases == 4


def test_a_zero_bump_writes_nothing() -> None:
    zone = cast(Zone, ZoneFactory())  # factory_boy returns the model instance
    bump(IndicatorDay, {"zone_id": zone.pk, "indicator": "x", "day": dt.date(2026, 1, 5), "working_days": 1},
         cases=0)
    assert not IndicatorDay.objects.filter(zone=zone).exists()
