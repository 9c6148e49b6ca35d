"""The appeal's deadline, from the one clock (workdays/clock.py) and the zone's settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from zonedesk.appeals.models import SATISFIED_DEFAULT, Appeal, AppealSettings, Category, LimitUnit
from zonedesk.workdays.calendar import Due, WorkCalendar
from zonedesk.workdays.clock import Clock, Limit, Pause

# The reference categories of the zone's service charter (*configurable* per zone).
REFERENCE_CATEGORIES = (
    ("urgent", "紧急诉求", 2, LimitUnit.HOURS),
    ("utilities", "水电气暖诉求", 24, LimitUnit.HOURS),
    ("general", "一般诉求", 7, LimitUnit.WORKING_DAYS),
    ("complex", "复杂诉求", 15, LimitUnit.WORKING_DAYS),
)
CATEGORIES_EN = {"urgent": "Urgent appeal", "utilities": "Water, power, gas or heat appeal",
                 "general": "General appeal", "complex": "Complex appeal"}


def zone_settings(zone_id: int) -> AppealSettings:
    """The zone's parameters; the reference values when the zone has not set its own."""
    row = AppealSettings.objects.filter(zone_id=zone_id).first()
    return row if row is not None else AppealSettings(zone_id=zone_id,
                                                      satisfied_levels=list(SATISFIED_DEFAULT))


def satisfied_levels(s: AppealSettings) -> list[str]:
    return list(s.satisfied_levels or SATISFIED_DEFAULT)


def local(moment: dt.datetime) -> dt.datetime:
    # The clock works on naive local times: .date() must be the Shanghai calendar day.
    return timezone.localtime(moment).replace(tzinfo=None) if timezone.is_aware(moment) else moment


def category_limit(category: Category) -> Limit:
    return Limit(category.limit_amount, category.limit_unit)


def clock_for(appeal: Appeal) -> Clock | None:
    """None before acceptance. Uses ``appeal.pauses.all()`` (prefetch it for lists)."""
    if appeal.accepted_at is None or not appeal.limit_amount:
        return None
    pauses = [Pause(local(p.start), local(p.end) if p.end else None, p.reason)
              for p in appeal.pauses.all()]
    return Clock(local(appeal.accepted_at), Limit(appeal.limit_amount, appeal.limit_unit), pauses)


@dataclass(frozen=True)
class Timing:
    due: Due | None
    state: str  # running / paused / yellow / red / done / "" (not started)
    remaining: Decimal | None
    unit: str

    @property
    def overdue_by(self) -> Decimal | None:
        """How late, in the limit's unit, once the remaining time is negative."""
        return -self.remaining if self.remaining is not None and self.remaining < 0 else None


def timing(appeal: Appeal, cal: WorkCalendar, yellow_ratio: Decimal,
           now: dt.datetime | None = None) -> Timing:
    clock = clock_for(appeal)
    unit = str(LimitUnit(appeal.limit_unit).label) if appeal.limit_unit else ""
    if clock is None:
        return Timing(None, "", None, unit)
    moment = local(now or timezone.now())
    if appeal.replied_at is not None:
        # The limit covers the handling up to the reply; the clock is read at that moment.
        return Timing(clock.deadline(cal, local(appeal.replied_at)), "done", None, unit)
    return Timing(clock.deadline(cal, moment), clock.state(cal, moment, yellow_ratio),
                  clock.remaining(cal, moment), unit)


def on_time(appeal: Appeal, cal: WorkCalendar, at: dt.datetime) -> bool:
    clock = clock_for(appeal)
    assert clock is not None
    moment = local(at)
    due = clock.deadline(cal, moment)
    if due.at is not None:
        return moment <= due.at
    return moment.date() <= due.date


# -- the stored clock ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredClock:
    due_on: dt.date | None
    due_at: dt.datetime | None
    yellow_at: dt.datetime | None
    due_paused: bool

    FIELDS = ("due_on", "due_at", "yellow_at", "due_paused")

    def apply(self, appeal: Appeal) -> None:
        for name in self.FIELDS:
            setattr(appeal, name, getattr(self, name))


def _aware(moment: dt.datetime) -> dt.datetime:
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def stored_clock(appeal: Appeal, pauses, cal: WorkCalendar, yellow_ratio: Decimal,
                 now: dt.datetime | None = None) -> StoredClock:
    """The clock columns of the case, read as `timing` reads it: at the reply once replied,
    else at ``now`` (which matters only while a pause is open)."""
    if appeal.accepted_at is None or not appeal.limit_amount:
        return StoredClock(None, None, None, False)
    clock = Clock(local(appeal.accepted_at), Limit(appeal.limit_amount, appeal.limit_unit),
                  [Pause(local(p.start), local(p.end) if p.end else None, p.reason) for p in pauses])
    moment = local(appeal.replied_at or now or timezone.now())
    due = clock.deadline(cal, moment)
    last = due.at if due.at is not None else dt.datetime.combine(due.date, dt.time.max)
    yellow = clock.yellow_from(cal, moment, yellow_ratio)
    return StoredClock(due.date, _aware(last), _aware(yellow), due.paused)
