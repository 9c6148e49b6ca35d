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
    if ai.decided_at is None:  # one walk over the pauses for the three values
        reading = clock.reading(cal, local_now, yellow_ratio)
        used = int(reading.used)
        return ItemClock(reading.due, used, ai.limit_days - used, reading.state)
    due = clock.deadline(cal, local_now)
    decided = _local(ai.decided_at)
    used = int(clock.used(cal, decided + _DAY))
    return ItemClock(due, used, ai.limit_days - used, "done", decided.date() <= due.date)


def stage_used(clocks: Iterable[ItemClock]) -> int:
    """Working days a stage has taken: its items run in parallel, so the slowest one counts."""
    return max((c.used for c in clocks), default=0)


# -- the stored clock ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredClock:
    """What an item row keeps of its clock, so inboxes, figures and sweeps read indexed columns
    instead of running the clock per row. Recomputable at any time from the recorded pauses
    (`stored_clock`); `approvals_clock_check` compares the two."""

    due_date: dt.date | None
    due_paused: bool  # an open pause: due_date is the lower bound at the last write
    yellow_on: dt.date | None  # the first day the clock shows yellow (when not paused)
    decided_on_time: bool | None
    used_days: int | None  # working days used, once decided
    # The deadline walks through a year without an official schedule: shown as 暂定 everywhere.
    due_provisional: bool = False

    FIELDS = ("due_date", "due_paused", "yellow_on", "decided_on_time", "used_days", "due_provisional")

    def apply(self, ai) -> None:
        for name in self.FIELDS:
            setattr(ai, name, getattr(self, name))


def stored_clock(
    ai, pauses: Iterable, cal: WorkCalendar, now: dt.datetime, yellow_ratio: Decimal | None
) -> StoredClock:
    clock = clock_for(ai, pauses)
    if clock is None:
        return StoredClock(None, False, None, None, None)
    local_now = _local(now)
    due = clock.deadline(cal, local_now)
    # Once decided the yellow day no longer matters (nothing sweeps a decided item): without a
    # ratio the stored one is kept, which saves the settings read on every decision.
    yellow_on = (getattr(ai, "yellow_on", None) if yellow_ratio is None
                 else clock.yellow_from(cal, local_now, yellow_ratio).date())
    if ai.decided_at is not None:
        decided = _local(ai.decided_at)
        used = int(clock.used(cal, decided + _DAY))
        return StoredClock(due.date, False, yellow_on, decided.date() <= due.date, used, due.provisional)
    return StoredClock(due.date, due.paused, yellow_on, None, None, due.provisional)


WARN_RANK = {"": 0, "yellow": 1, "red": 2}


def warned_cap(warned: str, stored: StoredClock, state: str, today: dt.date) -> str:
    """After a recompute the warning mark never claims more than the clock now shows, so a
    pause or a calendar correction that takes an item out of yellow or red warns it again when
    it gets there again (one warning per state change)."""
    if stored.due_date is None or stored.decided_on_time is not None:
        return warned
    if stored.due_date < today and not stored.due_paused:
        level = "red"
    elif state == "in_review" and stored.yellow_on is not None and stored.yellow_on <= today:
        level = "yellow"
    else:
        level = ""
    return warned if WARN_RANK[warned] <= WARN_RANK[level] else level
