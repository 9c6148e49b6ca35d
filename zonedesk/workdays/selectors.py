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

import threading
from typing import Any

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


def work_calendar() -> WorkCalendar:
    """The national calendar as the zone keeps it: official years from the tables, any other
    year derived from the law (results through it are provisional)."""
    global _cached
    signature = _signature()
    cached = _cached
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
    """Forget the cached calendar (tests that swap databases under the process use it)."""
    global _cached
    _cached = None
