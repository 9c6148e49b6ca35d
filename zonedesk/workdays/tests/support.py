"""Calendars for tests, built without a database."""

from __future__ import annotations

import datetime as dt
from functools import cache

from zonedesk.workdays.calendar import WorkCalendar
from zonedesk.workdays.official import official_days

OFFICIAL = range(2020, 2027)


@cache
def official_calendar() -> WorkCalendar:
    """2020–2026 as published (from chinesecalendar); 2027 on derived from the law."""
    days = {d.date: d.is_working_day for y in OFFICIAL for d in official_days(y)}
    return WorkCalendar(days, OFFICIAL)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def t(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)
