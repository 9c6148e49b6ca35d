"""Writes to the parks register: overlaps, zones, exits; refusals change nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from zonedesk.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from zonedesk.enterprises.models import Enterprise
from zonedesk.parks import services
from zonedesk.parks.models import Lease, Park, Unit

pytestmark = pytest.mark.django_db


def _unit(code="A106") -> Unit:
    return Unit.objects.get(code=code, building__park__name="同创产业园")


def _tenant(zone="LY") -> Enterprise:
    return Enterprise.objects.filter(zone__code=zone).order_by("name").first()


def _data(**extra) -> dict:
    return {
        "enterprise_id": _tenant().pk,
        "start_on": dt.date(2026, 11, 1),
        "end_on": dt.date(2029, 10, 31),
        "rent_yuan_m2_month": D("12.50"),
        **extra,
    }


def test_a_lease_fills_a_vacant_unit_and_is_audited(actor_for) -> None:
    from zonedesk.audit.models import AuditRecord

    lease = services.lease_create(actor=actor_for("investment"), unit_id=_unit().pk, data=_data())
    assert lease.occupied_until == dt.date(2029, 10, 31)
    row = AuditRecord.objects.filter(action="parks.lease.create").order_by("-id").first()
    assert row.after["rent_yuan_m2_month"] == "12.50"


def test_overlapping_lease_is_a_conflict_naming_the_lease(actor_for, counts) -> None:
    a = actor_for("investment")
    before = counts()
    with pytest.raises(Conflict) as exc:
        services.lease_create(actor=a, unit_id=_unit("A105").pk, data=_data())
    assert exc.value.code == "lease_overlap" and exc.value.field == "start_on"
    assert "中玻" in exc.value.message
    assert counts() == before


def test_a_unit_of_another_zone_is_refused_naming_the_field(actor_for, counts) -> None:
    jp_unit = Unit.objects.filter(zone__code="JP").first()
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        services.lease_create(actor=actor_for("investment"), unit_id=jp_unit.pk, data=_data())
    assert "unit_id" in exc.value.errors
    assert counts() == before


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"end_on": dt.date(2026, 1, 1)}, "end_on"),
        ({"rent_yuan_m2_month": D("-1")}, "rent_yuan_m2_month"),
        ({"free_months": 99}, "free_months"),
    ],
)
def test_bad_lease_input_names_the_field(actor_for, counts, extra, field) -> None:
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        services.lease_create(actor=actor_for("investment"), unit_id=_unit().pk, data=_data(**extra))
    assert field in exc.value.errors
    assert counts() == before


def test_tenant_of_another_zone_is_refused(actor_for) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.lease_create(
            actor=actor_for("investment"), unit_id=_unit().pk, data=_data(enterprise_id=_tenant("JP").pk)
        )
    assert "enterprise_id" in exc.value.errors


def test_area_must_be_positive(actor_for, counts) -> None:
    b = _unit().building
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        services.unit_create(
            actor=actor_for("investment"), building_id=b.pk, data={"code": "Z1", "area_m2": D("0")}
        )
    assert "须大于 0" in exc.value.errors["area_m2"]
    assert counts() == before


@pytest.mark.parametrize("login", ["leader", "steward", "window", "enterprise"])
def test_only_the_park_operator_leases(actor_for, counts, login) -> None:
    before = counts()
    with pytest.raises((Forbidden, NotFound, ValidationFailed)):
        services.lease_create(actor=actor_for(login), unit_id=_unit().pk, data=_data())
    assert counts() == before


def test_exit_ends_the_lease_and_frees_the_unit(actor_for) -> None:
    a = actor_for("investment")
    lease = Lease.objects.get(unit=_unit("B105"))
    row = services.lease_exit(
        actor=a,
        lease_id=lease.pk,
        exited_on=dt.date(2026, 11, 15),
        reason="inefficient",
        replacement_id=None,
        note="低效",
    )
    lease.refresh_from_db()
    assert lease.ended_on == dt.date(2026, 11, 15) and row.park.name == "同创产业园"
    # The unit is free from the next day.
    services.lease_create(actor=a, unit_id=_unit("B105").pk, data=_data(start_on=dt.date(2026, 11, 16)))
    with pytest.raises(Conflict):
        services.lease_exit(actor=a, lease_id=lease.pk, exited_on=dt.date(2026, 11, 15), reason="moved")


def test_exit_outside_the_lease_is_refused(actor_for, counts) -> None:
    lease = Lease.objects.get(unit=_unit("B105"))
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        services.lease_exit(
            actor=actor_for("investment"), lease_id=lease.pk, exited_on=dt.date(2020, 1, 1), reason="moved"
        )
    assert "exited_on" in exc.value.errors
    assert counts() == before


def test_only_incubators_incubate(actor_for) -> None:
    park = Park.objects.get(name="庆鸿产业园")
    with pytest.raises(ValidationFailed) as exc:
        services.incubation_start(
            actor=actor_for("investment"),
            park_id=park.pk,
            enterprise_id=_tenant().pk,
            started_on=dt.date(2026, 1, 1),
        )
    assert "park" in exc.value.errors


def test_corrections_keep_the_rules_of_creation(actor_for, counts) -> None:
    a = actor_for("investment")
    lease = Lease.objects.get(unit=_unit("A105"))  # 中玻's
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        services.unit_update(
            actor=a, unit_id=lease.unit_id, data={"area_m2": D("0")}, version=lease.unit.version
        )
    assert "area_m2" in exc.value.errors
    with pytest.raises(Conflict) as exc:
        services.lease_update(actor=a, lease_id=lease.pk, data={"free_months": 1}, version=lease.version + 1)
    assert exc.value.code == "stale_version"
    other = Lease.objects.filter(unit__building=lease.unit.building).exclude(unit=lease.unit).first()
    with pytest.raises(Forbidden):
        services.building_update(
            actor=actor_for("leader"), building_id=other.unit.building_id, data={"floors": 9}, version=1
        )
    assert counts() == before


def test_a_lease_correction_may_not_overlap_another_lease(actor_for, counts) -> None:
    a = actor_for("investment")
    first = services.lease_create(actor=a, unit_id=_unit().pk, data=_data())
    second = services.lease_create(
        actor=a, unit_id=_unit().pk, data=_data(start_on=dt.date(2030, 1, 1), end_on=dt.date(2031, 12, 31))
    )
    before = counts()
    with pytest.raises(Conflict) as exc:
        services.lease_update(
            actor=a, lease_id=second.pk, data={"start_on": dt.date(2029, 6, 1)}, version=second.version
        )
    assert exc.value.code == "lease_overlap"
    assert counts() == before
    done = services.lease_update(
        actor=a,
        lease_id=first.pk,
        data={"end_on": dt.date(2029, 12, 31), "rent_yuan_m2_month": D("13")},
        version=first.version,
    )
    assert (done.occupied_until, done.rent_yuan_m2_month, done.version) == (dt.date(2029, 12, 31), D("13"), 2)
