"""Reads of the parks register. Occupancy (入驻率) = leased area ÷ leasable area on a day,
computed by SQL aggregates (one query for any number of parks or buildings)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext, gettext_noop

from zonedesk.core.figures import Period
from zonedesk.organisation.roles import Role
from zonedesk.parks.models import (
    PARK_READ_ROLES,
    Building,
    Incubation,
    Lease,
    Park,
    ParkExit,
    Unit,
    UnitStatus,
)

OCCUPANCY_FORMULA = gettext_noop("已出租面积 ÷ 可出租面积")  # a msgid: translated where shown


def may_see_parks(user) -> bool:
    return user.is_authenticated and bool(user.roles & (PARK_READ_ROLES | {Role.ENTERPRISE}))


def may_see_register(user) -> bool:
    return user.is_authenticated and bool(user.roles & PARK_READ_ROLES)


def m2(value: Decimal | None) -> Decimal:
    """An area sum to 0.01 ㎡ (SQLite's SUM drops the column's scale)."""
    return Decimal(value or 0).quantize(Decimal("0.01"))


def rate(leased: Decimal | None, total: Decimal | None) -> Decimal | None:
    if not total:
        return None
    return ((leased or Decimal(0)) * 100 / total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Occupancy:
    key: int
    name: str
    leasable_m2: Decimal
    leased_m2: Decimal
    units: int
    leased_units: int

    @property
    def rate(self) -> Decimal | None:
        return rate(self.leased_m2, self.leasable_m2)

    @property
    def vacant_m2(self) -> Decimal:
        return self.leasable_m2 - self.leased_m2


def _leased_on(day: dt.date):
    return Exists(Lease.objects.filter(unit_id=OuterRef("pk"), start_on__lte=day, occupied_until__gte=day))


def occupancy(units: QuerySet, by: str, day: dt.date) -> list[Occupancy]:
    """Occupancy of the leasable units grouped by ``by`` ("building__park" or "building"), one query."""
    leased = _leased_on(day)
    rows = (
        units.filter(status=UnitStatus.LEASABLE, available_since__lte=day)
        .values(by, f"{by}__name")
        .order_by(f"{by}__name")
        .annotate(
            total=Sum("area_m2"),
            leased=Sum("area_m2", filter=Q(leased)),
            n=Count("id"),
            n_leased=Count("id", filter=Q(leased)),
        )
    )
    return [
        Occupancy(
            r[by],
            r[f"{by}__name"],
            m2(r["total"]),
            m2(r["leased"]),
            r["n"],
            r["n_leased"],
        )
        for r in rows
    ]


def park_occupancy(zone_ids, day: dt.date) -> dict[int, Occupancy]:
    return {o.key: o for o in occupancy(Unit.objects.filter(zone_id__in=zone_ids), "building__park", day)}


def month_ends(end: dt.date, months: int = 12) -> list[dt.date]:
    out = []
    y, m = end.year, end.month
    for _i in range(months):
        out.append(dt.date(y, m, calendar.monthrange(y, m)[1]))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    out.reverse()
    out[-1] = min(out[-1], end)
    return out


def occupancy_series(park: Park, end: dt.date, months: int = 12) -> list[tuple[dt.date, Decimal | None]]:
    """Occupancy of a park at each month end: one query with one aggregate per month."""
    days = month_ends(end, months)
    units = Unit.objects.filter(building__park=park, status=UnitStatus.LEASABLE)
    aggregates = {}
    for i, day in enumerate(days):
        aggregates[f"t{i}"] = Sum("area_m2", filter=Q(available_since__lte=day))
        aggregates[f"l{i}"] = Sum("area_m2", filter=Q(available_since__lte=day) & Q(_leased_on(day)))
    data = units.aggregate(**aggregates)
    return [(day, rate(data[f"l{i}"], data[f"t{i}"])) for i, day in enumerate(days)]


def quarters(year: int) -> list[Period]:
    return [
        Period(
            dt.date(year, m, 1),
            dt.date(year, m + 2, calendar.monthrange(year, m + 2)[1]),
            gettext("%(year)s年第%(q)s季度") % {"year": year, "q": n},
        )
        for n, m in enumerate((1, 4, 7, 10), start=1)
    ]


def flows(park: Park, periods: list[Period]) -> list[dict]:
    """Entries (leases starting) and exits per period, two queries."""
    entries = Lease.objects.filter(unit__building__park=park).aggregate(
        **{
            f"p{i}": Count("enterprise", distinct=True, filter=Q(start_on__gte=p.start, start_on__lte=p.end))
            for i, p in enumerate(periods)
        }
    )
    exits = ParkExit.objects.filter(park=park).aggregate(
        **{
            f"p{i}": Count("id", filter=Q(exited_on__gte=p.start, exited_on__lte=p.end))
            for i, p in enumerate(periods)
        }
    )
    return [
        {"period": p, "entries": entries[f"p{i}"], "exits": exits[f"p{i}"]} for i, p in enumerate(periods)
    ]


def park_list_for(user) -> QuerySet:
    return Park.objects.visible_to(user).select_related("zone").order_by("zone_id", "name")


def get_park_for(user, pk: int) -> Park:
    if not may_see_register(user):
        from django.http import Http404

        raise Http404
    return get_object_or_404(Park.objects.visible_to(user), pk=pk)


def get_building_for(user, pk: int) -> Building:
    if not may_see_register(user):
        from django.http import Http404

        raise Http404
    return get_object_or_404(
        Building.objects.filter(zone_id__in=user.visible_zone_ids).select_related("park"), pk=pk
    )


def units_of(building: Building, day: dt.date) -> QuerySet:
    current = Lease.objects.filter(unit_id=OuterRef("pk"), start_on__lte=day, occupied_until__gte=day)
    return (
        building.units.annotate(leased=Exists(current))
        .prefetch_related("leases__enterprise")
        .order_by("floor", "code")
    )


def lease_list_for(
    *, user, park: int | None = None, ending_within: int | None = None, day: dt.date, active: bool = False
) -> QuerySet:
    qs = Lease.objects.visible_to(user).select_related("unit__building__park", "enterprise")
    if park:
        qs = qs.filter(unit__building__park_id=park)
    if active:
        qs = qs.active_on(day)
    if ending_within is not None:
        qs = qs.filter(
            ended_on__isnull=True, end_on__gte=day, end_on__lte=day + dt.timedelta(days=ending_within)
        )
        return qs.order_by("end_on", "id")
    return qs.order_by("-start_on", "id")


def get_lease_for(user, pk: int) -> Lease:
    return get_object_or_404(
        Lease.objects.visible_to(user).select_related("unit__building__park", "enterprise"), pk=pk
    )


def vacancies(*, user, day: dt.date, park: int | None = None) -> QuerySet:
    """Leasable units without a lease on ``day``, with the day they fell vacant (the last
    lease's end, else the day they became leasable); longest vacant first."""
    qs = (
        Unit.objects.filter(
            zone_id__in=user.visible_zone_ids, status=UnitStatus.LEASABLE, available_since__lte=day
        )
        .exclude(_leased_on(day))
        .annotate(last_end=Max("leases__occupied_until", filter=Q(leases__occupied_until__lt=day)))
        .select_related("building__park")
    )
    if park:
        qs = qs.filter(building__park_id=park)
    return qs.order_by("last_end", "available_since", "id")


def vacant_since(unit: Unit) -> dt.date:
    return (unit.last_end + dt.timedelta(days=1)) if unit.last_end else unit.available_since


def exits_of(park: Park, period: Period | None = None) -> QuerySet:
    qs = ParkExit.objects.filter(park=park).select_related(
        "enterprise", "replacement", "lease__unit__building"
    )
    if period:
        qs = qs.filter(exited_on__gte=period.start, exited_on__lte=period.end)
    return qs.order_by("-exited_on", "id")


def incubations_of(park: Park) -> QuerySet:
    return (
        Incubation.objects.filter(park=park)
        .select_related("enterprise")
        .order_by("graduated_on", "-started_on")
    )
