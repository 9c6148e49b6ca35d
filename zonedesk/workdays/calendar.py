"""The national working-day calendar, as plain data and pure functions.

A year is *official* once the State Council's schedule for it (holidays and 调休 make-up workdays)
has been entered; inside an official year a day is a working day by the weekend rule unless the
schedule says otherwise. The schedule is published late in the year before, so clocks routinely run
into a year nobody has entered yet. For such a year the calendar falls back on what the law itself
fixes — the statutory holiday dates of 全国年节及纪念日放假办法 — and every result that depends on
it is flagged *provisional*, never silently guessed. The fallback leaves out 调休: those exist only
in the yearly schedule.

No Django here: the app builds a `WorkCalendar` from its tables (see selectors.py) and everything
that computes deadlines takes one as an argument.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from lunar_python import Lunar

__all__ = [
    "DERIVABLE_YEARS",
    "CalendarRangeError",
    "Due",
    "WorkCalendar",
    "qingming",
    "statutory_holidays",
]

# The 2007 amendment (国务院令第513号) is the first to put 清明, 端午 and 中秋 into the law, so
# earlier years cannot be derived from the current structure. 2099 bounds the derivation: far
# beyond any clock, and inside the lunar tables of lunar-python (MIT).
DERIVABLE_YEARS = range(2008, 2100)

_SATURDAY = 5


class CalendarRangeError(ValueError):
    """A computation needs a non-official year whose statutory holidays cannot be derived.

    This module stays free of Django, so the error carries a code and its figures; the reader's
    sentence is made where it is shown (``workdays.clock.calendar_error_text``). ``str()`` is
    for logs."""

    code = "calendar_out_of_range"

    def __init__(self, year: int, years: range = DERIVABLE_YEARS) -> None:
        self.year, self.first, self.last = year, years.start, years.stop - 1
        super().__init__(f"statutory holidays of {year} cannot be derived ({self.first}-{self.last} only)")


@dataclass(frozen=True, slots=True)
class Due:
    """When a time limit runs out.

    `date` is the last day on which the act is still on time. `provisional` is True when the
    result depends on a year whose official schedule has not been entered. Clocks with hour limits
    also set `at`, the exact moment; `paused` is True while a pause is still open, so the deadline
    shown is only a lower bound that keeps moving until the pause is closed.
    """

    date: dt.date
    provisional: bool
    at: dt.datetime | None = None
    paused: bool = False


def qingming(year: int) -> dt.date:
    """Date of the 清明 solar term (Beijing time) in a year of 2000–2099.

    The 寿星 formula [Y·D + C] − L with the 21st-century constant C = 4.81. Checked against an
    ephemeris (PyEphem, apparent solar longitude 15°, UTC+8) for every year 2000–2099 with no
    exception; the tightest cases are 2071 (00:02), 2038 (00:13) and 2005 (00:23), all on the
    side the formula gives.
    """
    if not 2000 <= year <= 2099:
        raise CalendarRangeError(year, range(2000, 2100))
    y = year % 100
    return dt.date(year, 4, int(y * 0.2422 + 4.81) - y // 4)


def _lunar(year: int, month: int, day: int) -> dt.date:
    solar = Lunar.fromYmd(year, month, day).getSolar()
    return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


def statutory_holidays(year: int) -> dict[dt.date, str]:
    """The holiday dates that 全国年节及纪念日放假办法 itself fixes for a year, with their names.

    Uses the version of the law in force that year: 2008 (春节 = 除夕, 初一, 初二), 2014 (春节 =
    初一–初三) and the 2024 amendment in force from 2025 (春节 = 除夕 + 初一–初三, 劳动节 May 1–2).
    Only the days the law names: the yearly schedule adds the bridging days and 调休 on top.
    """
    if year not in DERIVABLE_YEARS:
        raise CalendarRangeError(year)
    # 除夕 is the last day of lunar month 12, which has 29 or 30 days: the day before 初一 avoids
    # having to know which.
    new_year = _lunar(year, 1, 1)
    days: dict[dt.date, str] = {dt.date(year, 1, 1): "元旦"}
    if year >= 2025:
        spring = [
            new_year - dt.timedelta(days=1),
            *(new_year + dt.timedelta(days=i) for i in range(3)),
        ]
    elif year >= 2014:
        spring = [new_year + dt.timedelta(days=i) for i in range(3)]
    else:
        spring = [new_year + dt.timedelta(days=i) for i in range(-1, 2)]
    days.update(dict.fromkeys(spring, "春节"))
    days[qingming(year)] = "清明节"
    days[dt.date(year, 5, 1)] = "劳动节"
    if year >= 2025:
        days[dt.date(year, 5, 2)] = "劳动节"
    days[_lunar(year, 5, 5)] = "端午节"
    # 中秋 can fall on 1–3 October (2020: Oct 1); 国庆 is written after it so the date keeps the
    # name of the longer holiday, as the official schedules do.
    days[_lunar(year, 8, 15)] = "中秋节"
    days.update(dict.fromkeys((dt.date(year, 10, d) for d in (1, 2, 3)), "国庆节"))
    return days


@dataclass(frozen=True, slots=True)
class _Year:
    # Ordinals of the year's working days, ascending: counting and stepping become bisections.
    working: tuple[int, ...]


class WorkCalendar:
    """Working days of mainland China.

    `days` maps a date to True (a working day, e.g. a 调休 Saturday) or False (a holiday) and
    overrides the weekend rule. Years in `official_years` use only the weekend rule and `days`;
    any other year also gets `statutory_holidays(year)` — and every result that walks through it
    is provisional. An explicit entry in `days` wins over a derived holiday.

    Per-year tables are built on first use, so a calendar is cheap to construct and a computation
    over n years costs O(n · log 366), independent of the number of days in between.
    """

    def __init__(self, days: Mapping[dt.date, bool], official_years: Iterable[int]) -> None:
        self._days = dict(days)
        self.official_years = frozenset(official_years)
        self._years: dict[int, _Year] = {}

    def __repr__(self) -> str:
        years = sorted(self.official_years)
        span = f"{years[0]}–{years[-1]}" if years else "none"
        return f"<WorkCalendar official={span} entries={len(self._days)}>"

    def _year(self, year: int) -> _Year:
        table = self._years.get(year)
        if table is None:
            table = self._build(year)
            self._years[year] = table
        return table

    def _build(self, year: int) -> _Year:
        derived = {} if year in self.official_years else statutory_holidays(year)
        first = dt.date(year, 1, 1).toordinal()
        last = dt.date(year, 12, 31).toordinal()
        working = []
        for ordinal in range(first, last + 1):
            day = dt.date.fromordinal(ordinal)
            explicit = self._days.get(day)
            if explicit is not None:
                is_working = explicit
            else:
                is_working = day.weekday() < _SATURDAY and day not in derived
            if is_working:
                working.append(ordinal)
        return _Year(tuple(working))

    def is_provisional_year(self, year: int) -> bool:
        return year not in self.official_years

    def is_working_day(self, d: dt.date) -> bool:
        working = self._year(d.year).working
        i = bisect_right(working, d.toordinal())
        return i > 0 and working[i - 1] == d.toordinal()

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """Number of working days in (a, b]; 0 when b <= a."""
        if b <= a:
            return 0
        total = 0
        for year in range(a.year, b.year + 1):
            working = self._year(year).working
            total += bisect_right(working, b.toordinal()) - bisect_right(working, a.toordinal())
        return total

    def provisional_years_between(self, a: dt.date, b: dt.date) -> tuple[int, ...]:
        """The non-official years touched by the days in (a, b]."""
        if b <= a:
            return ()
        first = (a + dt.timedelta(days=1)).year
        return tuple(y for y in range(first, b.year + 1) if y not in self.official_years)

    def provisional_between(self, a: dt.date, b: dt.date) -> bool:
        """True if any day in (a, b] lies in a non-official year."""
        return bool(self.provisional_years_between(a, b))

    def add_working_days(self, start: dt.date, n: int) -> Due:
        """The n-th working day after `start`; the start day itself is not counted (民法典 201).

        n = 0 asks for the deadline "today": `start` if it is a working day, else the next one
        (民法典 203). Here `start` itself is looked at, so it counts for `provisional` too; for
        n >= 1 only the days strictly after `start` do.
        """
        if n < 0:
            # A caller's bug (forms and the API refuse negative counts first): said for the log.
            raise ValueError(f"the number of working days must not be negative, got {n}")
        if n == 0:
            if self.is_working_day(start):
                return Due(start, self.is_provisional_year(start.year))
            return self.add_working_days(start, 1)
        ordinal = start.toordinal()
        year = start.year
        while True:
            working = self._year(year).working
            pos = bisect_right(working, ordinal)
            available = len(working) - pos
            if n <= available:
                result = dt.date.fromordinal(working[pos + n - 1])
                return Due(result, self.provisional_between(start, result))
            n -= available
            year += 1
