"""The official schedules shipped in the `chinesecalendar` package, as plain data.

The package is the source the seed command loads and the tests check against; nothing computes
deadlines from it directly, because the zone must be able to correct and extend the calendar
(for a year the package does not know yet) through its own tables.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import chinese_calendar
from chinese_calendar import Holiday

__all__ = ["OfficialDay", "known_years", "official_days"]


@dataclass(frozen=True, slots=True)
class OfficialDay:
    date: dt.date
    is_working_day: bool
    name: str


def known_years() -> range:
    """The years the installed package has a schedule for (2004–2026 in 1.11.0)."""
    years = [d.year for d in chinese_calendar.holidays]
    return range(min(years), max(years) + 1)


def official_days(year: int) -> list[OfficialDay]:
    """The holidays and 调休 make-up workdays of one year, in date order.

    Ordinary weekends and weekdays are left out: the calendar's weekend rule covers them.
    """
    if year not in known_years():
        raise ValueError(f"chinesecalendar 没有 {year} 年的放假安排")
    days = [
        OfficialDay(d, False, Holiday(v).chinese)
        for d, v in chinese_calendar.holidays.items()
        if d.year == year
    ]
    days += [
        OfficialDay(d, True, f"{Holiday(v).chinese}调休上班")
        for d, v in chinese_calendar.workdays.items()
        if d.year == year
    ]
    return sorted(days, key=lambda day: day.date)
