"""Item and project clocks built from the recorded rows, on the one Clock of workdays."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from zonedesk.workdays.calendar import Due, WorkCalendar
from zonedesk.workdays.clock import Clock, Limit, Pause

_DAY = dt.timedelta(days=1)


def _local(value: dt.datetime) -> dt.datetime:
    # The clock reads .date() as the local calendar day (Asia/Shanghai).
    return timezone.localtime(value).replace(tzinfo=None)


def clock_for(ai, pauses: Iterable) -> Clock | None:
    """The item's clock, or None before acceptance (or when waived)."""
    if ai.started_at is None:
        return None
    return Clock(
        started=_local(ai.started_at),
        limit=Limit(ai.limit_days, "working_days"),
        pauses=[Pause(_local(p.start), _local(p.end) if p.end else None, p.reason) for p in pauses],
    )


@dataclass(frozen=True)
class ItemClock:
    due: Due | None
    used: int
    remaining: int | None
    state: str  # running / yellow / red / paused / done / waiting
    done_on_time: bool | None = None


def read_clock(ai, pauses: list, cal: WorkCalendar, now: dt.datetime, yellow_ratio: Decimal) -> ItemClock:
    clock = clock_for(ai, pauses)
    if clock is None:
        return ItemClock(None, 0, None, "waiting")
    local_now = _local(now)
    due = clock.deadline(cal, local_now)
    if ai.decided_at is not None:
        decided = _local(ai.decided_at)
        used = int(clock.used(cal, decided + _DAY))
        return ItemClock(due, used, ai.limit_days - used, "done", decided.date() <= due.date)
    used = int(clock.used(cal, local_now))
    return ItemClock(due, used, ai.limit_days - used, clock.state(cal, local_now, yellow_ratio))


def stage_used(clocks: Iterable[ItemClock]) -> int:
    """Working days a stage has taken: its items run in parallel, so the slowest one counts."""
    return max((c.used for c in clocks), default=0)
