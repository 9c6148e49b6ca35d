"""Clocks over the calendar: pure, no database, no Django settings."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from zonedesk.workdays.calendar import CalendarRangeError, statutory_holidays
from zonedesk.workdays.clock import Clock, ClockError, Limit, Pause, calendar_error_text
from zonedesk.workdays.tests.support import d, official_calendar, t

CAL = official_calendar()

DAYS_20 = Limit(20, "working_days")
URGENT = Limit(2, "hours")


class TestValues:
    def test_limit_must_be_positive_and_known(self) -> None:
        with pytest.raises(ClockError, match="正整数") as caught:
            Limit(0, "hours")
        assert (caught.value.code, caught.value.params) == ("limit_not_positive", {"amount": 0})
        with pytest.raises(ValueError, match="unit"):
            Limit(1, "days")  # type: ignore[arg-type]

    def test_pause_cannot_end_before_it_starts(self) -> None:
        with pytest.raises(ClockError, match="早于") as caught:
            Pause(t("2026-03-02 10:00"), t("2026-03-02 09:00"))
        assert caught.value.code == "pause_ends_before_start"

    def test_a_data_error_reads_in_the_language_of_whoever_raised_it(self) -> None:
        """Issue 15: the message is built with gettext when raised; the code never changes."""
        with translation.override("en"), pytest.raises(ClockError) as caught:
            Pause(t("2026-03-02 10:00"), t("2026-03-02 09:00"))
        assert caught.value.code == "pause_ends_before_start"
        assert "2026-03-02 09:00" in str(caught.value)
        assert not re.search(r"[\u4e00-\u9fff（）：]", str(caught.value))
        with translation.override("en"), pytest.raises(ClockError) as caught:
            Limit(0, "working_days")
        assert not re.search(r"[\u4e00-\u9fff（）：]", str(caught.value))

    def test_the_calendar_range_error_is_made_a_sentence_where_it_is_shown(self) -> None:
        with pytest.raises(CalendarRangeError) as caught:
            statutory_holidays(2100)
        error = caught.value
        assert (error.code, error.year, error.last) == ("calendar_out_of_range", 2100, 2099)
        with translation.override("zh-hans"):
            assert calendar_error_text(caught.value).startswith("2100 年的法定节假日无法推算")
        with translation.override("en"):
            english = calendar_error_text(caught.value)
        assert "2100" in english and "2008" in english and not re.search(r"[\u4e00-\u9fff（）：]", english)

    def test_pauses_are_frozen_into_a_tuple(self) -> None:
        clock = Clock(t("2026-03-02 09:00"), DAYS_20, [Pause(t("2026-03-03 09:00"))])
        assert isinstance(clock.pauses, tuple)
        assert clock.has_open_pause


# -- working days ---------------------------------------------------------------------------


class TestWorkingDayDeadline:
    def test_acceptance_day_is_not_counted(self) -> None:
        friday = Clock(t("2026-03-06 16:30"), Limit(1, "working_days"))
        assert friday.deadline(CAL).date == d("2026-03-09")
        saturday = Clock(t("2026-03-07 10:00"), Limit(1, "working_days"))
        assert saturday.deadline(CAL).date == d("2026-03-09")

    def test_without_pauses_it_is_the_calendar(self) -> None:
        clock = Clock(t("2026-02-10 09:30"), DAYS_20)
        assert clock.deadline(CAL) == CAL.add_working_days(d("2026-02-10"), 20)

    def test_supplement_pause_moves_the_deadline(self) -> None:
        # Counted: Feb 11, 12; excluded (Feb 12, Mar 2]: Feb 13, 14 (make-up), 24–28, Mar 2 = 8;
        # then 18 more from Mar 3 → Mar 26, eight working days after the unpaused Mar 16.
        clock = Clock(
            t("2026-02-10 09:30"),
            DAYS_20,
            [Pause(t("2026-02-12 10:00"), t("2026-03-02 09:00"), "补正")],
        )
        assert clock.deadline(CAL).date == d("2026-03-26")
        assert CAL.add_working_days(d("2026-02-10"), 20).date == d("2026-03-16")

    def test_pause_within_one_day_changes_nothing(self) -> None:
        clock = Clock(
            t("2026-03-02 09:00"),
            DAYS_20,
            [Pause(t("2026-03-04 09:00"), t("2026-03-04 16:00"), "听证")],
        )
        assert clock.deadline(CAL) == CAL.add_working_days(d("2026-03-02"), 20)

    def test_pause_over_a_weekend_only_changes_nothing(self) -> None:
        clock = Clock(
            t("2026-03-02 09:00"), DAYS_20, [Pause(t("2026-03-06 17:00"), t("2026-03-08 20:00"))]
        )
        assert clock.deadline(CAL) == CAL.add_working_days(d("2026-03-02"), 20)

    def test_pause_starting_on_the_deadline_day_or_later_does_not_move_it(self) -> None:
        plain = Clock(t("2026-03-02 09:00"), Limit(3, "working_days"))
        assert plain.deadline(CAL).date == d("2026-03-05")
        for start in ("2026-03-05 10:00", "2026-03-09 10:00"):
            late = Clock(plain.started, plain.limit, [Pause(t(start), t("2026-03-20 10:00"))])
            assert late.deadline(CAL).date == d("2026-03-05")
        eve = Clock(plain.started, plain.limit, [Pause(t("2026-03-04 10:00"), t("2026-03-06"))])
        assert eve.deadline(CAL).date == d("2026-03-09")  # Mar 5, 6 excluded; Mon Mar 9

    def test_overlapping_pauses_exclude_a_day_once(self) -> None:
        one = Clock(
            t("2026-03-02 09:00"), DAYS_20, [Pause(t("2026-03-03 09:00"), t("2026-03-13 09:00"))]
        )
        two = Clock(
            one.started,
            DAYS_20,
            [
                Pause(t("2026-03-03 09:00"), t("2026-03-10 09:00"), "补正"),
                Pause(t("2026-03-06 09:00"), t("2026-03-13 09:00"), "检测"),
            ],
        )
        assert one.deadline(CAL) == two.deadline(CAL)
        assert any("暂停（补正、检测）" in step for step in two.explain(CAL))

    def test_time_before_acceptance_is_clipped(self) -> None:
        clock = Clock(
            t("2026-03-04 09:00"),
            Limit(2, "working_days"),
            [Pause(t("2026-03-02 09:00"), t("2026-03-05 09:00"))],
        )
        # Only Mar 5 is excluded; counted Mar 6, 9.
        assert clock.deadline(CAL).date == d("2026-03-09")

    def test_pause_before_acceptance_changes_nothing(self) -> None:
        clock = Clock(
            t("2026-03-04 09:00"),
            Limit(2, "working_days"),
            [Pause(t("2026-03-02 09:00"), t("2026-03-03 09:00"))],
        )
        assert clock.deadline(CAL).date == d("2026-03-06")

    def test_crossing_into_an_unpublished_year_is_provisional(self) -> None:
        clock = Clock(t("2026-12-20 09:30"), Limit(40, "working_days"))
        due = clock.deadline(CAL)
        # 2027: 除夕 Feb 5 to 初三 Feb 8 are derived holidays.
        assert due.date == d("2027-02-17")
        assert due.provisional
        steps = clock.explain(CAL)
        assert any(s.startswith("2027 年的国务院节假日安排尚未录入") for s in steps)
        assert steps[-1].startswith("期限届满日：2027-02-17（星期三）（暂定）")

    def test_pause_that_moves_the_deadline_into_2027_makes_it_provisional(self) -> None:
        base = Clock(t("2026-11-02 09:00"), DAYS_20)
        assert not base.deadline(CAL).provisional
        paused = Clock(base.started, DAYS_20, [Pause(t("2026-11-20 09:00"), t("2026-12-28 09:00"))])
        assert paused.deadline(CAL).provisional


class TestOpenPause:
    def test_needs_now(self) -> None:
        clock = Clock(t("2026-03-02 09:00"), DAYS_20, [Pause(t("2026-03-04 10:00"))])
        with pytest.raises(ValueError, match="now"):
            clock.deadline(CAL)

    def test_deadline_moves_with_now_and_is_flagged(self) -> None:
        clock = Clock(t("2026-03-02 09:00"), DAYS_20, [Pause(t("2026-03-04 10:00"), None, "补正")])
        today = clock.deadline(CAL, now=t("2026-03-04 11:00"))
        later = clock.deadline(CAL, now=t("2026-03-11 11:00"))
        assert today.paused
        assert later.paused
        assert today.date == CAL.add_working_days(d("2026-03-02"), 20).date
        assert CAL.working_days_between(today.date, later.date) == 5
        steps = clock.explain(CAL, now=t("2026-03-11 11:00"))
        assert any("尚未结束" in s and "已顺延 5 个工作日" in s for s in steps)
        assert "（暂停中，尚未确定）" in steps[-1]

    def test_open_pause_after_the_limit_ran_out_is_not_a_pause(self) -> None:
        clock = Clock(
            t("2026-03-02 09:00"), Limit(1, "working_days"), [Pause(t("2026-03-05 09:00"))]
        )
        due = clock.deadline(CAL, now=t("2026-03-10 09:00"))
        assert due.date == d("2026-03-03")
        assert not due.paused
        assert clock.state(CAL, t("2026-03-10 09:00")) == "red"


class TestWorkingDayProgress:
    clock = Clock(
        t("2026-03-02 09:00"),
        Limit(10, "working_days"),
        [Pause(t("2026-03-04 15:00"), t("2026-03-06 10:00"), "补正")],
    )
    # Counted: Mar 3, 4, (5, 6 excluded), 9, 10, 11, 12, 13, 16, 17, 18 → deadline Mar 18.

    def test_deadline(self) -> None:
        assert self.clock.deadline(CAL).date == d("2026-03-18")

    @pytest.mark.parametrize(
        ("now", "used", "state"),
        [
            ("2026-03-02 10:00", 0, "running"),
            ("2026-03-04 14:00", 1, "running"),
            ("2026-03-04 16:00", 1, "paused"),
            ("2026-03-05 12:00", 2, "paused"),
            ("2026-03-06 11:00", 2, "running"),
            ("2026-03-16 09:00", 7, "running"),
            ("2026-03-17 09:00", 8, "yellow"),
            ("2026-03-18 17:59", 9, "yellow"),
            ("2026-03-19 00:00", 10, "red"),
            ("2026-03-21 00:00", 12, "red"),  # Saturday: Thu 19 and Fri 20 were late
        ],
    )
    def test_used_remaining_state(self, now: str, used: int, state: str) -> None:
        assert self.clock.used(CAL, t(now)) == used
        assert self.clock.remaining(CAL, t(now)) == 10 - used
        assert self.clock.state(CAL, t(now)) == state

    def test_yellow_ratio_is_a_parameter(self) -> None:
        assert self.clock.state(CAL, t("2026-03-12 09:00")) == "running"
        assert self.clock.state(CAL, t("2026-03-12 09:00"), yellow_ratio=Decimal("0.5")) == "yellow"

    def test_explain(self) -> None:
        assert self.clock.explain(CAL) == [
            "受理时间：2026-03-02 09:00（星期一）。"
            "受理当日不计入期限，自次日起算（《民法典》第二百零一条）。",
            "办理时限：10 个工作日。周末及法定节假日不计，调休上班日计入。",
            "暂停期间不计入期限（《行政许可法》第四十五条）：暂停开始当日照常计入，"
            "次日起至恢复当日的工作日不计入，恢复次日起继续计算。",
            "暂停（补正）：2026-03-04 至 2026-03-06，"
            "其间 2026-03-05 至 2026-03-06 的 2 个工作日不计入，期限顺延 2 个工作日。",
            "暂停共顺延 2 个工作日。",
            "期限届满日：2026-03-18（星期三），为第 10 个计入的工作日。",
        ]

    def test_explain_reads_in_the_active_language(self) -> None:
        # Built where it is shown: in English the same steps and figures. A pause reason that is
        # a msgid ("补正") is translated too.
        with translation.override("en"):
            steps = self.clock.explain(CAL)
        assert steps[0] == ("Accepted: 2026-03-02 09:00 (Monday). The day of acceptance does not count; "
                            "the time limit runs from the next day (Civil Code, art. 201).")
        assert steps[1].startswith("Time limit: 10 working days.")
        assert steps[3].startswith("Pause (Correction): 2026-03-04 to 2026-03-06;")
        assert steps[-1] == "Deadline: 2026-03-18 (Wednesday), counted working day 10."
        assert not [s for s in steps if re.search(r"[\u4e00-\u9fff]", s)]

    def test_explain_names_pauses_that_changed_nothing(self) -> None:
        clock = Clock(
            self.clock.started,
            self.clock.limit,
            [
                Pause(t("2026-03-03 09:00"), t("2026-03-03 11:00"), "听证"),
                Pause(t("2026-03-25 09:00"), t("2026-03-30 09:00"), "专家评审"),
            ],
        )
        steps = clock.explain(CAL)
        assert (
            "暂停（听证）：2026-03-03 09:00 至 2026-03-03 11:00，未跨越计入期限的日子，期限不变。"
            in steps
        )
        assert any(s.startswith("暂停（专家评审）") and "不顺延期限" in s for s in steps)


class TestGeneralAppeal:
    def test_seven_working_days_across_national_day(self) -> None:
        clock = Clock(t("2026-09-29 15:00"), Limit(7, "working_days"))
        # Sep 30, Oct 8, 9, 10 (make-up Saturday), 12, 13, 14.
        assert clock.deadline(CAL).date == d("2026-10-14")


# -- hours ----------------------------------------------------------------------------------


class TestHours:
    clock = Clock(
        t("2026-02-10 09:30"),
        URGENT,
        [Pause(t("2026-02-10 10:00"), t("2026-02-10 11:30"), "等待企业补充说明")],
    )

    def test_deadline_is_a_moment(self) -> None:
        due = self.clock.deadline(CAL)
        assert due.at == t("2026-02-10 13:00")
        assert due.date == d("2026-02-10")
        assert not due.provisional
        assert not due.paused

    @pytest.mark.parametrize(
        ("now", "used", "state"),
        [
            ("2026-02-10 09:00", "0", "running"),
            ("2026-02-10 09:45", "0.25", "running"),
            ("2026-02-10 10:30", "0.50", "paused"),
            ("2026-02-10 12:00", "1.00", "running"),
            ("2026-02-10 12:36", "1.60", "yellow"),
            ("2026-02-10 13:00", "2.00", "yellow"),
            ("2026-02-10 13:01", "2.01", "red"),
        ],
    )
    def test_used_remaining_state(self, now: str, used: str, state: str) -> None:
        assert self.clock.used(CAL, t(now)) == Decimal(used)
        assert self.clock.remaining(CAL, t(now)) == 2 - Decimal(used)
        assert self.clock.state(CAL, t(now)) == state

    def test_natural_hours_ignore_the_calendar_even_in_2027(self) -> None:
        utilities = Clock(t("2027-02-04 18:00"), Limit(24, "hours"))
        due = utilities.deadline(CAL)
        assert due.at == t("2027-02-05 18:00")  # 除夕 counts
        assert not due.provisional

    def test_open_pause(self) -> None:
        clock = Clock(t("2026-02-10 09:30"), URGENT, [Pause(t("2026-02-10 10:00"))])
        due = clock.deadline(CAL, now=t("2026-02-10 10:45"))
        assert due.at == t("2026-02-10 12:15")
        assert due.paused
        assert clock.state(CAL, t("2026-02-10 10:45")) == "paused"
        assert clock.used(CAL, t("2026-02-10 10:45")) == Decimal("0.50")

    def test_pause_after_the_deadline_does_not_rescue_it(self) -> None:
        inside = Clock(
            t("2026-02-10 09:30"), URGENT, [Pause(t("2026-02-10 11:29"), t("2026-02-10 15:00"))]
        )
        assert inside.deadline(CAL).at == t("2026-02-10 15:01")
        late = Clock(
            t("2026-02-10 09:30"), URGENT, [Pause(t("2026-02-10 11:30"), t("2026-02-10 15:00"))]
        )
        assert late.deadline(CAL).at == t("2026-02-10 11:30")
        assert late.state(CAL, t("2026-02-10 12:00")) == "red"
        assert late.used(CAL, t("2026-02-10 12:00")) == Decimal("2.50")

    def test_explain(self) -> None:
        assert self.clock.explain(CAL) == [
            "受理时间：2026-02-10 09:30。",
            "办理时限：2 小时，按自然时间连续计算（夜间及节假日计入），暂停期间不计。",
            "暂停（等待企业补充说明）：2026-02-10 10:00 至 2026-02-10 11:30，"
            "期限顺延 1 小时 30 分。",
            "期限届满时间：2026-02-10 13:00。",
        ]


# -- properties -----------------------------------------------------------------------------

ORIGIN = dt.datetime(2026, 1, 5, 9, 0)
moments = st.integers(min_value=0, max_value=600 * 24).map(lambda h: ORIGIN + dt.timedelta(hours=h))


@st.composite
def pauses(draw: st.DrawFn) -> Pause:
    start = draw(moments)
    length = draw(st.integers(min_value=0, max_value=60 * 24))
    return Pause(start, start + dt.timedelta(hours=length))


limits = st.one_of(
    st.builds(Limit, st.integers(min_value=1, max_value=60), st.just("working_days")),
    st.builds(Limit, st.integers(min_value=1, max_value=400), st.just("hours")),
)


def _key(clock: Clock) -> dt.datetime:
    due = clock.deadline(CAL)
    return due.at if due.at is not None else dt.datetime.combine(due.date, dt.time())


@given(started=moments, limit=limits, recorded=st.lists(pauses(), max_size=5))
def test_pauses_never_shorten_a_deadline(
    started: dt.datetime, limit: Limit, recorded: list[Pause]
) -> None:
    assert _key(Clock(started, limit, recorded)) >= _key(Clock(started, limit))


@given(started=moments, limit=limits, recorded=st.lists(pauses(), max_size=4), extra=pauses())
def test_adding_a_pause_never_makes_the_deadline_earlier(
    started: dt.datetime, limit: Limit, recorded: list[Pause], extra: Pause
) -> None:
    before = _key(Clock(started, limit, recorded))
    assert _key(Clock(started, limit, [*recorded, extra])) >= before


@given(started=moments, limit=limits, recorded=st.lists(pauses(), max_size=4))
def test_limit_is_used_up_exactly_at_the_deadline(
    started: dt.datetime, limit: Limit, recorded: list[Pause]
) -> None:
    clock = Clock(started, limit, recorded)
    due = clock.deadline(CAL)
    if due.at is not None:
        assert clock.used(CAL, due.at) == limit.amount
        assert clock.state(CAL, due.at) != "red"
        assert clock.state(CAL, due.at + dt.timedelta(seconds=1)) == "red"
    else:
        last_day = dt.datetime.combine(due.date, dt.time(23, 59))
        next_day = dt.datetime.combine(due.date + dt.timedelta(days=1), dt.time())
        assert clock.used(CAL, last_day) == limit.amount - 1
        assert clock.used(CAL, next_day) == limit.amount
        assert clock.state(CAL, last_day) != "red"
        assert clock.state(CAL, next_day) == "red"


@given(started=moments, limit=limits, recorded=st.lists(pauses(), max_size=4), now=moments)
def test_used_never_decreases(
    started: dt.datetime, limit: Limit, recorded: list[Pause], now: dt.datetime
) -> None:
    clock = Clock(started, limit, recorded)
    assert clock.used(CAL, now) <= clock.used(CAL, now + dt.timedelta(hours=7))
    assert clock.used(CAL, now) >= 0


@given(
    started=moments,
    limit=limits,
    pause_start=moments,
    now=moments,
    later=st.integers(min_value=0, max_value=30 * 24),
)
def test_an_open_pause_only_ever_pushes_the_deadline_later(
    started: dt.datetime, limit: Limit, pause_start: dt.datetime, now: dt.datetime, later: int
) -> None:
    clock = Clock(started, limit, [Pause(pause_start)])
    first = clock.deadline(CAL, now=now)
    second = clock.deadline(CAL, now=now + dt.timedelta(hours=later))
    assert (second.at or second.date) >= (first.at or first.date)
    # Closing the pause at `now` fixes the deadline where the open one showed it.
    closed = Clock(started, limit, [Pause(pause_start, max(now, pause_start))])
    assert closed.deadline(CAL).date == first.date
    assert closed.deadline(CAL).at == first.at


ratios = st.sampled_from([Decimal("0"), Decimal("0.1"), Decimal("0.2"), Decimal("0.25"), Decimal("0.5")])


@given(started=moments, limit=limits, recorded=st.lists(pauses(), max_size=4), now=moments, ratio=ratios)
def test_yellow_from_is_where_the_state_turns_yellow(
    started: dt.datetime, limit: Limit, recorded: list[Pause], now: dt.datetime, ratio: Decimal
) -> None:
    """The stored yellow moment agrees with `state` at every moment: a running clock (not
    paused, not red) is yellow exactly from `yellow_from` on."""
    clock = Clock(started, limit, recorded)
    state = clock.state(CAL, now, ratio)
    if state in ("running", "yellow") and now >= started:
        assert (state == "yellow") == (now >= clock.yellow_from(CAL, None, ratio))


@given(started=moments, limit=limits, recorded=st.lists(pauses(), max_size=4), now=moments, ratio=ratios)
def test_one_reading_gives_what_deadline_used_and_state_give(
    started: dt.datetime, limit: Limit, recorded: list[Pause], now: dt.datetime, ratio: Decimal
) -> None:
    """The lists read all three at once (one walk over the pauses): the same values."""
    clock = Clock(started, limit, recorded)
    reading = clock.reading(CAL, now, ratio)
    assert reading.due == clock.deadline(CAL, now)
    assert reading.used == clock.used(CAL, now)
    assert reading.state == clock.state(CAL, now, ratio)
