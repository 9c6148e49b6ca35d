"""The working-day calendar: pure, no database, no Django settings."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zonedesk.workdays.calendar import (
    CalendarRangeError,
    Due,
    WorkCalendar,
    qingming,
    statutory_holidays,
)
from zonedesk.workdays.official import known_years, official_days
from zonedesk.workdays.tests.support import OFFICIAL, d, official_calendar

CAL = official_calendar()

# 2020 (all official) to 2035 (derived): every hypothesis example may cross into the future.
dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31))
counts = st.integers(min_value=0, max_value=400)


def _off(*days: str) -> None:
    for text in days:
        assert not CAL.is_working_day(d(text)), text


def _on(*days: str) -> None:
    for text in days:
        assert CAL.is_working_day(d(text)), text


def _span(first: str, last: str) -> list[str]:
    a, b = d(first), d(last)
    return [(a + dt.timedelta(days=i)).isoformat() for i in range((b - a).days + 1)]


# -- the official schedules ---------------------------------------------------------------


class TestOfficial2026:
    def test_spring_festival_nine_days_off_with_two_saturday_make_up_days(self) -> None:
        _off(*_span("2026-02-15", "2026-02-23"))
        assert d("2026-02-14").weekday() == 5
        assert d("2026-02-28").weekday() == 5
        _on("2026-02-13", "2026-02-14", "2026-02-24", "2026-02-28")

    def test_national_day_seven_days_off_make_up_on_sunday_sep_20_and_saturday_oct_10(
        self,
    ) -> None:
        _off(*_span("2026-10-01", "2026-10-07"))
        assert d("2026-09-20").weekday() == 6
        assert d("2026-10-10").weekday() == 5
        _on("2026-09-20", "2026-09-30", "2026-10-08", "2026-10-09", "2026-10-10")
        make_up = [x.date for x in official_days(2026) if x.is_working_day and x.date.month >= 9]
        assert make_up == [d("2026-09-20"), d("2026-10-10")]

    def test_other_2026_holidays(self) -> None:
        _off("2026-01-01", "2026-01-02", "2026-01-03", *_span("2026-05-01", "2026-05-05"))
        _off("2026-04-06", "2026-06-19", "2026-09-25")
        _on("2026-01-04", "2026-05-09")

    def test_2026_make_up_days_are_exactly_these(self) -> None:
        assert [x.date for x in official_days(2026) if x.is_working_day] == [
            d("2026-01-04"),
            d("2026-02-14"),
            d("2026-02-28"),
            d("2026-05-09"),
            d("2026-09-20"),
            d("2026-10-10"),
        ]


class TestOfficial2025:
    def test_spring_festival_includes_new_years_eve_under_the_2024_rule(self) -> None:
        _off(*_span("2025-01-28", "2025-02-04"))
        _on("2025-01-26", "2025-02-08")  # Sunday and Saturday make-up days

    def test_national_day_and_mid_autumn_eight_days(self) -> None:
        _off(*_span("2025-10-01", "2025-10-08"))
        _on("2025-09-28", "2025-10-11")

    def test_labour_day_five_days(self) -> None:
        _off(*_span("2025-05-01", "2025-05-05"))
        _on("2025-04-27")


def test_every_day_2020_to_2026_agrees_with_chinesecalendar() -> None:
    day = dt.date(2020, 1, 1)
    while day.year <= 2026:
        assert CAL.is_working_day(day) == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)


def test_official_days_carry_chinese_names() -> None:
    names = {x.date: x.name for x in official_days(2026)}
    assert names[d("2026-02-17")] == "春节"
    assert names[d("2026-02-14")] == "春节调休上班"
    assert names[d("2026-10-01")] == "国庆节"
    assert 2026 in known_years()
    with pytest.raises(ValueError, match="没有"):
        official_days(max(known_years()) + 1)


# -- the statutory fallback for a year without a schedule ------------------------------------


class TestDerived2027:
    def test_spring_festival_is_new_years_eve_and_first_three_days(self) -> None:
        spring = sorted(k for k, v in statutory_holidays(2027).items() if v == "春节")
        assert spring == [d("2027-02-05"), d("2027-02-06"), d("2027-02-07"), d("2027-02-08")]
        _off("2027-02-05", "2027-02-08")  # Friday 除夕, Monday 初三
        _on("2027-02-04", "2027-02-09")

    def test_all_statutory_dates(self) -> None:
        assert statutory_holidays(2027) == {
            d("2027-01-01"): "元旦",
            d("2027-02-05"): "春节",
            d("2027-02-06"): "春节",
            d("2027-02-07"): "春节",
            d("2027-02-08"): "春节",
            d("2027-04-05"): "清明节",
            d("2027-05-01"): "劳动节",
            d("2027-05-02"): "劳动节",
            d("2027-06-09"): "端午节",
            d("2027-09-15"): "中秋节",
            d("2027-10-01"): "国庆节",
            d("2027-10-02"): "国庆节",
            d("2027-10-03"): "国庆节",
        }

    def test_no_make_up_days_are_invented(self) -> None:
        # Bridging days and 调休 exist only in the yearly schedule.
        _on("2027-02-09", "2027-02-10", "2027-10-04", "2027-10-05")
        _off("2027-02-20", "2027-02-21")

    def test_results_through_2027_are_provisional(self) -> None:
        assert CAL.is_provisional_year(2027)
        assert not CAL.is_provisional_year(2026)
        due = CAL.add_working_days(d("2027-02-04"), 1)
        assert due == Due(d("2027-02-09"), provisional=True)

    def test_explicit_entries_override_derived_holidays(self) -> None:
        cal = WorkCalendar({d("2027-02-09"): False, d("2027-02-20"): True}, OFFICIAL)
        assert not cal.is_working_day(d("2027-02-09"))
        assert cal.is_working_day(d("2027-02-20"))
        assert not cal.is_working_day(d("2027-02-05"))  # still derived
        assert cal.add_working_days(d("2027-02-04"), 1) == Due(d("2027-02-10"), True)

    def test_marking_a_year_official_drops_the_derivation(self) -> None:
        cal = WorkCalendar({}, [2027])
        assert cal.is_working_day(d("2027-02-05"))
        assert cal.add_working_days(d("2027-02-04"), 1) == Due(d("2027-02-05"), False)


@pytest.mark.parametrize("year", range(2015, 2027))
def test_derived_holidays_are_official_holidays_2015_to_2026(year: int) -> None:
    """Validates the lunar and 清明 derivation against a decade of published schedules, each
    year under the version of the law then in force (incl. 除夕 and May 2 from 2025)."""
    for day, name in statutory_holidays(year).items():
        assert day in chinese_calendar.holidays, (day, name)
        assert not chinese_calendar.is_workday(day), (day, name)


def test_law_versions() -> None:
    def spring(y: int) -> list[dt.date]:
        return sorted(k for k, v in statutory_holidays(y).items() if v == "春节")

    assert spring(2013) == [d("2013-02-09"), d("2013-02-10"), d("2013-02-11")]  # 除夕–初二
    assert spring(2024) == [d("2024-02-10"), d("2024-02-11"), d("2024-02-12")]  # 初一–初三
    assert len(spring(2025)) == 4
    assert d("2024-05-02") not in statutory_holidays(2024)
    assert d("2025-05-02") in statutory_holidays(2025)


def test_mid_autumn_on_national_day_keeps_one_entry() -> None:
    # 2020: 中秋 fell on 1 October.
    holidays = statutory_holidays(2020)
    assert holidays[d("2020-10-01")] == "国庆节"
    assert "中秋节" not in holidays.values()
    assert len(holidays) == 10  # 元旦 1, 春节 3, 清明 1, 劳动 1, 端午 1, 国庆 3


def test_qingming_matches_chinesecalendar_solar_terms_2000_2099() -> None:
    terms = {
        day.year: day
        for day, name in chinese_calendar.get_solar_terms(
            dt.date(2000, 1, 1), dt.date(2099, 12, 31)
        )
        if name == "清明"
    }
    assert {y: qingming(y) for y in range(2000, 2100)} == terms


@pytest.mark.parametrize(
    ("year", "day"),
    # Pinned from an ephemeris (solar longitude 15°, UTC+8), incl. the years closest to midnight.
    [(2005, 5), (2027, 5), (2028, 4), (2029, 4), (2030, 5), (2038, 5), (2071, 5), (2099, 4)],
)
def test_qingming_pinned(year: int, day: int) -> None:
    assert qingming(year) == dt.date(year, 4, day)


def test_years_without_a_rule_are_refused_not_guessed() -> None:
    with pytest.raises(CalendarRangeError, match="2100"):
        statutory_holidays(2100)
    with pytest.raises(CalendarRangeError):
        CAL.is_working_day(d("2007-05-01"))
    with pytest.raises(CalendarRangeError):
        qingming(1999)


# -- counting -------------------------------------------------------------------------------


class TestAddWorkingDays:
    def test_start_day_is_not_counted(self) -> None:
        assert CAL.add_working_days(d("2026-03-06"), 1).date == d("2026-03-09")  # Fri → Mon
        assert CAL.add_working_days(d("2026-03-09"), 1).date == d("2026-03-10")  # Mon → Tue
        assert CAL.add_working_days(d("2026-03-07"), 1).date == d("2026-03-09")  # Sat → Mon

    def test_make_up_saturday_counts(self) -> None:
        assert CAL.add_working_days(d("2026-02-13"), 1).date == d("2026-02-14")
        assert CAL.add_working_days(d("2026-02-14"), 1).date == d("2026-02-24")

    def test_golden_week(self) -> None:
        assert CAL.add_working_days(d("2026-09-30"), 1).date == d("2026-10-08")
        assert CAL.add_working_days(d("2026-09-30"), 3).date == d("2026-10-10")

    def test_zero_days_is_start_if_working_else_next_working_day(self) -> None:
        assert CAL.add_working_days(d("2026-03-06"), 0).date == d("2026-03-06")
        assert CAL.add_working_days(d("2026-03-08"), 0).date == d("2026-03-09")
        assert CAL.add_working_days(d("2026-10-01"), 0).date == d("2026-10-08")

    def test_zero_days_on_a_derived_year_is_provisional(self) -> None:
        assert CAL.add_working_days(d("2027-03-01"), 0) == Due(d("2027-03-01"), True)

    def test_negative_days_are_refused(self) -> None:
        with pytest.raises(ValueError, match="negative"):
            CAL.add_working_days(d("2026-03-06"), -1)

    def test_provisional_only_when_crossing_into_an_unofficial_year(self) -> None:
        assert CAL.add_working_days(d("2026-12-30"), 1) == Due(d("2026-12-31"), False)
        assert CAL.add_working_days(d("2026-12-31"), 1) == Due(d("2027-01-04"), True)
        assert CAL.add_working_days(d("2026-12-20"), 40).provisional

    def test_decades_in_one_step(self) -> None:
        due = CAL.add_working_days(d("2026-01-01"), 9000)
        assert CAL.working_days_between(d("2026-01-01"), due.date) == 9000
        assert due.date.year > 2060


class TestBetween:
    def test_half_open_interval(self) -> None:
        assert CAL.working_days_between(d("2026-03-06"), d("2026-03-09")) == 1
        assert CAL.working_days_between(d("2026-03-06"), d("2026-03-06")) == 0
        assert CAL.working_days_between(d("2026-03-09"), d("2026-03-06")) == 0

    def test_spring_festival_fortnight(self) -> None:
        # Feb 13 (Fri) to Feb 28 (Sat): 14, 24, 25, 26, 27, 28.
        assert CAL.working_days_between(d("2026-02-13"), d("2026-02-28")) == 6

    def test_provisional_between(self) -> None:
        assert not CAL.provisional_between(d("2026-01-01"), d("2026-12-31"))
        assert CAL.provisional_between(d("2026-12-31"), d("2027-01-01"))
        assert not CAL.provisional_between(d("2027-01-01"), d("2026-12-31"))
        assert CAL.provisional_years_between(d("2026-06-01"), d("2028-01-01")) == (2027, 2028)


def test_repr() -> None:
    assert repr(CAL) == "<WorkCalendar official=2020–2026 entries=" + str(len(CAL._days)) + ">"


# -- properties -----------------------------------------------------------------------------


@given(start=dates, n=counts)
def test_add_is_monotone_in_n(start: dt.date, n: int) -> None:
    a, b = CAL.add_working_days(start, n), CAL.add_working_days(start, n + 1)
    assert a.date <= b.date
    if n >= 1:
        assert a.date < b.date


@given(s1=dates, s2=dates, n=counts)
def test_add_is_monotone_in_start(s1: dt.date, s2: dt.date, n: int) -> None:
    s1, s2 = min(s1, s2), max(s1, s2)
    assert CAL.add_working_days(s1, n).date <= CAL.add_working_days(s2, n).date


@given(start=dates, a=counts, b=counts)
def test_add_composes_from_a_working_day(start: dt.date, a: int, b: int) -> None:
    start = CAL.add_working_days(start, 0).date
    step = CAL.add_working_days(CAL.add_working_days(start, a).date, b)
    assert step.date == CAL.add_working_days(start, a + b).date


@given(start=dates, n=counts)
def test_between_inverts_add(start: dt.date, n: int) -> None:
    due = CAL.add_working_days(start, n)
    if n >= 1 or CAL.is_working_day(start):
        assert CAL.working_days_between(start, due.date) == n
    if n >= 1:
        assert due.date > start
        assert CAL.is_working_day(due.date)
        assert due.provisional == any(
            CAL.is_provisional_year(y)
            for y in range(start.year, due.date.year + 1)
            if dt.date(y, 12, 31) > start
        )


@given(a=dates, b=dates, c=dates)
def test_between_is_additive(a: dt.date, b: dt.date, c: dt.date) -> None:
    a, b, c = sorted((a, b, c))
    between = CAL.working_days_between
    assert between(a, b) + between(b, c) == between(a, c)


@settings(max_examples=50)
@given(a=dates, span=st.integers(min_value=0, max_value=800))
def test_between_equals_counting_day_by_day(a: dt.date, span: int) -> None:
    b = a + dt.timedelta(days=span)
    expected = sum(CAL.is_working_day(a + dt.timedelta(days=i)) for i in range(1, span + 1))
    assert CAL.working_days_between(a, b) == expected


@given(day=st.dates(min_value=dt.date(2027, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_derived_days_follow_weekend_and_statute(day: dt.date) -> None:
    expected = day.weekday() < 5 and day not in statutory_holidays(day.year)
    assert CAL.is_working_day(day) == expected
