"""The article's figures come out of the demo rows: 同创产业园 入驻率 above 80% and 9 exits in
the zone's reporting period, computed by the dashboard's provider (SQL aggregates)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zonedesk.core.figures import Period
from zonedesk.organisation.models import Zone
from zonedesk.parks.figures import parks_figures
from zonedesk.parks.models import Park
from zonedesk.parks.selectors import park_occupancy

pytestmark = pytest.mark.django_db


def _period() -> Period:
    zone = Zone.objects.get(code="LY")
    start, end = zone.reporting_period()
    return Period(start, end)


def test_tongchuang_occupancy_and_exits_in_the_reporting_period(django_assert_max_num_queries) -> None:
    zone = Zone.objects.get(code="LY")
    park = Park.objects.get(zone=zone, name="同创产业园")
    period = _period()
    with django_assert_max_num_queries(3, info="occupancy, exits, entries"):
        figures = {f.key: f for f in parks_figures(frozenset({zone.pk}), period)}
    occupancy = figures[f"parks.occupancy.{park.pk}"]
    assert occupancy.value == Decimal("83.88") and occupancy.value > 80
    assert "12750.00 ㎡ ÷ 15200.00 ㎡" in occupancy.formula
    assert figures[f"parks.exits.{park.pk}"].value == 9


def test_occupancy_moves_with_the_leases() -> None:
    zone = Zone.objects.get(code="LY")
    park = Park.objects.get(zone=zone, name="同创产业园")
    # Before the exits: every unit but the office that fell vacant in 2025 was let.
    early = park_occupancy([zone.pk], dt.date(2026, 1, 1))[park.pk]
    assert early.leased_m2 == Decimal("14950.00")
    # Mid-February 2026: A101 has left (20 January) and N01 moves in only on 1 March.
    feb = park_occupancy([zone.pk], dt.date(2026, 2, 15))[park.pk]
    assert feb.leased_m2 == Decimal("13750.00")


def test_renovating_parks_have_no_leasable_area_yet() -> None:
    zone = Zone.objects.get(code="LY")
    occ = park_occupancy([zone.pk], dt.date(2026, 10, 31))
    revived = Park.objects.get(zone=zone, name="北方新能源产业园")
    assert revived.pk not in occ  # its units are 改造中: not in the leasable area
