"""Reading the calendar.

`work_calendar()` is called wherever a deadline is computed, so it must be cheap: the
`WorkCalendar` is built once per process and kept until the tables change. A change is noticed
through a signature of the two tables (row counts and latest `updated_at`), read with two
aggregate queries on tables of a few hundred rows. A version counter in the Django cache would
save those queries, but with the local-memory cache (deployments without Redis) it would not
reach the web process when the worker or the admin in another process changes a day; the
signature is right everywhere and needs no invalidation code in the writers.

Callers computing many deadlines in one request take the calendar once and pass it on.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import Count, Max

from zonedesk.workdays.calendar import WorkCalendar
from zonedesk.workdays.models import CalendarDay, CalendarYear

_lock = threading.Lock()
_cached: tuple[tuple[Any, ...], WorkCalendar] | None = None


def _signature() -> tuple[Any, ...]:
    days = CalendarDay.objects.aggregate(n=Count("id"), at=Max("updated_at"))
    years = CalendarYear.objects.aggregate(n=Count("id"), at=Max("updated_at"))
    return (days["n"], days["at"], years["n"], years["at"])


def _build() -> WorkCalendar:
    days = dict(CalendarDay.objects.values_list("date", "is_working_day"))
    official = CalendarYear.objects.filter(official=True).values_list("year", flat=True)
    return WorkCalendar(days, official)


_checked_at = 0.0


def work_calendar() -> WorkCalendar:
    """The national calendar as the zone keeps it: official years from the tables, any other
    year derived from the law (results through it are provisional).

    The tables' signature is read at most every ``CALENDAR_RECHECK_SECONDS`` per process (and
    at once after a write in this process), not on every call: a page that computes deadlines
    costs no calendar query. Another process's change is seen within that many seconds, and
    the stored deadlines it moves are recomputed by `calendar_changed` receivers."""
    global _cached, _checked_at
    cached = _cached
    now = time.monotonic()
    if cached is not None and now - _checked_at < settings.CALENDAR_RECHECK_SECONDS:
        return cached[1]
    signature = _signature()
    _checked_at = now
    if cached is not None and cached[0] == signature:
        return cached[1]
    with _lock:
        # Another thread may have rebuilt it meanwhile; building twice is harmless but wasted.
        cached = _cached
        if cached is not None and cached[0] == signature:
            return cached[1]
        calendar = _build()
        _cached = (signature, calendar)
        return calendar


def work_calendar_clear() -> None:
    """Forget the cached calendar (after a write, and tests that swap databases)."""
    global _cached, _checked_at
    _cached = None
    _checked_at = 0.0


# The dates a calendar write changed, as inclusive (first, last) spans: one day for a day's
# correction, the whole year when a year's schedule is loaded or marked (official or not).
DateSpan = tuple[dt.date, dt.date]


class _CalendarChanged:
    """Receivers run after a calendar write commits (e.g. recompute the stored deadlines), with
    the changed dates, so each recomputes only the deadlines whose span covers one of them."""

    def __init__(self) -> None:
        self.receivers: list[Callable[[tuple[DateSpan, ...]], None]] = []

    def register(
        self, receiver: Callable[[tuple[DateSpan, ...]], None]
    ) -> Callable[[tuple[DateSpan, ...]], None]:
        self.receivers.append(receiver)
        return receiver

    def fire(self, spans: tuple[DateSpan, ...]) -> None:
        for receiver in self.receivers:
            try:
                receiver(spans)
            except Exception:
                logging.getLogger(__name__).exception("calendar change receiver %r failed", receiver)


calendar_changed = _CalendarChanged()
