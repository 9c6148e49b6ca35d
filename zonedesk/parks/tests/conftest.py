"""Scaffolding for the parks tests: row counts of what a call may change."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from zonedesk.parks.models import Building, Incubation, Lease, ParkExit, Unit
from zonedesk.testing.audit import audit_rows


def parks_counts() -> dict[str, int]:
    return {
        "buildings": Building.objects.count(),
        "units": Unit.objects.count(),
        "leases": Lease.objects.count(),
        "exits": ParkExit.objects.count(),
        "incubations": Incubation.objects.count(),
        "graduated": Incubation.objects.filter(graduated_on__isnull=False).count(),
        "audit": audit_rows(),
    }


@pytest.fixture
def counts() -> Callable[[], dict[str, int]]:
    return parks_counts
