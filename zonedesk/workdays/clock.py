"""One clock for every time limit: approval items (working days) and appeals (hours or days).

A clock starts at acceptance (受理), has a limit, and is stopped by recorded pauses — waiting for
补正, hearings, expert review, testing (行政许可法 art. 45). The pauses are kept as intervals, not
as a running total, so any deadline can be recomputed later, on a corrected calendar, and
explained step by step (`Clock.explain`).

Semantics, shared by every method:

* Working days are counted by whole days. The acceptance day is not counted (民法典 art. 201); the
  limit runs out at the end of the n-th counted working day, which is `Due.date`.
* A pause from p1 to p2 excludes the working days in (p1.date(), p2.date()]: the day it starts
  still counts, counting resumes the day after it ends. A pause within one day excludes nothing.
* Hour limits count natural hours (nights and holidays included) minus the paused time;
  `Due.at` is the exact moment.
* Overlapping pauses are merged, so a day or an hour is excluded once. Time before `started` is
  clipped off.
* A pause that starts once the limit is used up (for working days: on the deadline day or later)
  does not move the deadline and does not stop the overdue count: the case is already late.
* An open pause (`end is None`) is taken to end `now`; the deadline is then only a lower bound and
  is flagged `Due.paused`. Methods that may meet an open pause take `now` and refuse to guess
  without it.

Datetimes are used as given: pass them in the zone's local time (Asia/Shanghai), e.g. through
`django.utils.timezone.localtime`, so that `.date()` is the local calendar day.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import Any, Generic, Literal, TypeVar, get_args

from django.utils.translation import gettext, ngettext, pgettext

from zonedesk.workdays.calendar import CalendarRangeError, Due, WorkCalendar

__all__ = ["Clock", "ClockError", "Due", "Limit", "Pause", "State", "Unit", "calendar_error_text"]

Unit = Literal["working_days", "hours"]
State = Literal["running", "paused", "yellow", "red"]


@dataclass(frozen=True)
class Reading:
    """A clock read at one moment (`Clock.reading`)."""

    due: Due
    used: Decimal
    state: State

_HOUR = dt.timedelta(hours=1)
# Hours are reported to 1/100 h (36 s); comparisons use the exact durations.
_HOURS_QUANTUM = Decimal("0.01")



def _weekday(d: dt.date) -> str:
    # Looked up when the explanation is built, so that it reads in the language of the request.
    names = (pgettext("weekday", "星期一"), pgettext("weekday", "星期二"), pgettext("weekday", "星期三"),
             pgettext("weekday", "星期四"), pgettext("weekday", "星期五"), pgettext("weekday", "星期六"),
             pgettext("weekday", "星期日"))
    return names[d.weekday()]


class ClockError(ValueError):
    """Data a clock cannot run on (a limit below one, a pause that ends before it starts), with a
    stable ``code`` and its figures. The message is built with gettext when the error is raised,
    as ``enterprises.creditcode`` does, so it reads in the language of whoever sees it; never
    store it."""

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.code, self.params = code, params


def calendar_error_text(exc: CalendarRangeError) -> str:
    """The reader's sentence for a year the calendar cannot compute (``calendar.py`` is free of
    Django and raises only a code and figures)."""
    return gettext(
        "%(year)s 年的法定节假日无法推算（仅支持 %(first)s–%(last)s 年），请录入该年的官方放假安排"
    ) % {"year": exc.year, "first": exc.first, "last": exc.last}


@dataclass(frozen=True, slots=True)
class Limit:
    amount: int
    unit: Unit

    def __post_init__(self) -> None:
        if self.unit not in get_args(Unit):
            # The unit comes from code, never from a person: a bug, said for the log.
            raise ValueError(f"unknown limit unit {self.unit!r}")
        # A zero limit would be due before the clock could ever run; it is a data error.
        if self.amount < 1:
            message = gettext("时限必须为正整数（收到 %(n)s）") % {"n": self.amount}
            raise ClockError("limit_not_positive", message, amount=self.amount)

    def __str__(self) -> str:
        if self.unit == "working_days":
            return ngettext("%(n)s 个工作日", "%(n)s 个工作日", self.amount) % {"n": self.amount}
        return ngettext("%(n)s 小时", "%(n)s 小时", self.amount) % {"n": self.amount}


@dataclass(frozen=True, slots=True)
class Pause:
    start: dt.datetime
    end: dt.datetime | None = None
    reason: str = ""

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            message = gettext("暂停结束时间 %(end)s 早于开始时间 %(start)s") % {
                "end": _dt(self.end), "start": _dt(self.start)}
            raise ClockError("pause_ends_before_start", message, start=self.start, end=self.end)


_T = TypeVar("_T", dt.date, dt.datetime)


@dataclass(frozen=True)
class _Span(Generic[_T]):
    """Recorded pauses merged into one interval of excluded time: for working days the dates in
    (first, last], for hours the moments in [first, last)."""

    first: _T
    last: _T
    pauses: tuple[Pause, ...]

    @property
    def open(self) -> bool:
        return any(p.end is None for p in self.pauses)

    @property
    def label(self) -> str:
        # A reason the service wrote is one of its msgids (e.g. 等待申请人补正) and is shown in the
        # reader's language; a reason typed by a person has no entry and is shown as typed.
        reasons = list(dict.fromkeys(gettext(p.reason) for p in self.pauses if p.reason))
        if not reasons:
            return gettext("暂停")
        return gettext("暂停（%(reasons)s）") % {"reasons": gettext("、").join(reasons)}


def _merge(spans: list[tuple[_T, _T, Pause]]) -> list[_Span[_T]]:
    merged: list[_Span[_T]] = []
    for first, last, pause in sorted(spans, key=lambda s: s[0]):
        last = max(first, last)
        if merged and first <= merged[-1].last:
            prev = merged[-1]
            merged[-1] = _Span(prev.first, max(prev.last, last), (*prev.pauses, pause))
        else:
            merged.append(_Span(first, last, (pause,)))
    return merged


@dataclass(frozen=True)
class _DayRun:
    due: Due
    # Each effective span with the number of working days it added.
    stops: tuple[tuple[_Span[dt.date], int], ...]
    # Recorded but without effect: zero-length, or started once the limit was used up.
    ignored: tuple[_Span[dt.date], ...]


@dataclass(frozen=True)
class _HourRun:
    due: Due
    stops: tuple[_Span[dt.datetime], ...]
    ignored: tuple[_Span[dt.datetime], ...]


@dataclass(frozen=True, slots=True)
class Clock:
    started: dt.datetime
    limit: Limit
    pauses: Sequence[Pause] = field(default=())

    def __post_init__(self) -> None:
        # Callers pass lists built from querysets; a tuple keeps the clock a value.
        object.__setattr__(self, "pauses", tuple(self.pauses))

    @property
    def in_working_days(self) -> bool:
        return self.limit.unit == "working_days"

    @property
    def has_open_pause(self) -> bool:
        return any(p.end is None for p in self.pauses)

    def deadline(self, cal: WorkCalendar, now: dt.datetime | None = None) -> Due:
        """When the limit runs out, given the pauses recorded so far.

        Working days: `Due.date`, `Due.at` None, `Due.provisional` if any day after the
        acceptance day up to the deadline lies in a year without an official schedule. Hours:
        `Due.at` and its date, never provisional (natural hours need no calendar). `now` is needed
        only while a pause is open.
        """
        return self._run(cal, now).due

    def used(self, cal: WorkCalendar, now: dt.datetime) -> Decimal:
        """How much of the limit is consumed at `now`, in the limit's unit.

        Working days: the counted working days before today — today is still available, so
        `remaining` is 1 on the deadline day and 0 or less after it. Hours: the counted time up to
        `now`, rounded down to 0.01 h.
        """
        if self.in_working_days:
            return Decimal(self._used_days(cal, self._run_days(cal, now), now))
        used = self._used_time(self._run_hours(now), now)
        return _hours(used).quantize(_HOURS_QUANTUM, rounding=ROUND_DOWN)

    def remaining(self, cal: WorkCalendar, now: dt.datetime) -> Decimal:
        """`limit.amount - used`: negative once overdue, by the working days or hours late."""
        return Decimal(self.limit.amount) - self.used(cal, now)

    def state(
        self, cal: WorkCalendar, now: dt.datetime, yellow_ratio: Decimal = Decimal("0.2")
    ) -> State:
        """`red` once the deadline has passed; `paused` while an effective pause covers `now`;
        `yellow` when at most `yellow_ratio` of the limit is left; else `running`.

        A pause that started after the limit ran out stopped nothing, so it never shows as
        `paused`; neither does a pause started on the deadline day of a working-day clock.
        """
        threshold = self.limit.amount * yellow_ratio
        if self.in_working_days:
            day_run = self._run_days(cal, now)
            if now.date() > day_run.due.date:
                return "red"
            if _covers((s for s, _ in day_run.stops), now):
                return "paused"
            left = self.limit.amount - self._used_days(cal, day_run, now)
            return "yellow" if left <= threshold else "running"
        hour_run = self._run_hours(now)
        assert hour_run.due.at is not None
        if now > hour_run.due.at:
            return "red"
        if _covers(hour_run.stops, now):
            return "paused"
        left_time = self.limit.amount * _HOUR - self._used_time(hour_run, now)
        return "yellow" if _hours(left_time) <= threshold else "running"

    def reading(
        self, cal: WorkCalendar, now: dt.datetime, yellow_ratio: Decimal = Decimal("0.2")
    ) -> Reading:
        """`deadline`, `used` and `state` at `now` from one walk over the pauses: a list shows
        all three for every row, and each of them alone walks the calendar again."""
        if not self.in_working_days:
            return Reading(self.deadline(cal, now), self.used(cal, now), self.state(cal, now, yellow_ratio))
        run = self._run_days(cal, now)
        used = self._used_days(cal, run, now)
        state: State
        if now.date() > run.due.date:
            state = "red"
        elif _covers((s for s, _ in run.stops), now):
            state = "paused"
        else:
            left = self.limit.amount - used
            state = "yellow" if left <= self.limit.amount * yellow_ratio else "running"
        return Reading(run.due, Decimal(used), state)

    def yellow_from(
        self, cal: WorkCalendar, now: dt.datetime | None = None, yellow_ratio: Decimal = Decimal("0.2")
    ) -> dt.datetime:
        """The first moment at which `state` gives yellow when the clock is running, given the
        pauses recorded so far: what a sweep stores so that it can find the clocks turning
        yellow with an indexed range query instead of reading every clock.

        Working days: midnight starting the day after the ⌈limit − limit × ratio⌉-th counted
        working day (`used` counts the days before today). Hours: the deadline less
        `limit × ratio` hours.
        """
        threshold = self.limit.amount * yellow_ratio
        if self.in_working_days:
            k = min(math.ceil(self.limit.amount - threshold), self.limit.amount)
            if k <= 0:
                return dt.datetime.combine(self.started.date(), dt.time.min)
            kth = Clock(self.started, Limit(k, self.limit.unit), self.pauses).deadline(cal, now).date
            return dt.datetime.combine(kth + dt.timedelta(days=1), dt.time.min)
        at = self._run_hours(now).due.at
        assert at is not None
        # `state` compares exact durations; whole microseconds below the threshold are yellow.
        return max(self.started, at - dt.timedelta(microseconds=int(threshold * 3_600_000_000)))

    def explain(self, cal: WorkCalendar, now: dt.datetime | None = None) -> list[str]:
        """Plain-text steps from acceptance to deadline, for the case file and for anyone asking
        later why a deadline is what it is, in the active language (gettext): call it where the
        steps are shown, not where they would be stored."""
        if self.in_working_days:
            return self._explain_days(cal, self._run_days(cal, now))
        return self._explain_hours(self._run_hours(now))

    # -- computation -------------------------------------------------------------------------

    def _end(self, pause: Pause, now: dt.datetime | None) -> dt.datetime:
        if pause.end is not None:
            return pause.end
        if now is None:
            # A caller's bug (every page passes now): said for the log.
            raise ValueError("a pause is still open: computing the deadline needs now")
        return max(now, pause.start)

    def _run(self, cal: WorkCalendar, now: dt.datetime | None) -> _DayRun | _HourRun:
        return self._run_days(cal, now) if self.in_working_days else self._run_hours(now)

    def _run_days(self, cal: WorkCalendar, now: dt.datetime | None) -> _DayRun:
        start = self.started.date()
        spans = _merge(
            [(max(p.start.date(), start), self._end(p, now).date(), p) for p in self.pauses]
        )
        cursor, remaining = start, self.limit.amount
        stops: list[tuple[_Span[dt.date], int]] = []
        ignored: list[_Span[dt.date]] = []
        for span in spans:
            before = cal.working_days_between(cursor, span.first)
            # An open pause started today excludes nothing yet but will from tomorrow: it stays
            # effective so that the deadline is flagged as not fixed.
            if before >= remaining or (span.last == span.first and not span.open):
                ignored.append(span)
                continue
            remaining -= before
            stops.append((span, cal.working_days_between(span.first, span.last)))
            cursor = span.last
        end = cal.add_working_days(cursor, remaining).date
        due = Due(
            end,
            cal.provisional_between(start, end),
            paused=any(s.open for s, _ in stops),
        )
        return _DayRun(due, tuple(stops), tuple(ignored))

    def _run_hours(self, now: dt.datetime | None) -> _HourRun:
        spans = _merge([(max(p.start, self.started), self._end(p, now), p) for p in self.pauses])
        at = self.started + self.limit.amount * _HOUR
        stops: list[_Span[dt.datetime]] = []
        ignored: list[_Span[dt.datetime]] = []
        for span in spans:
            if span.first >= at or (span.last == span.first and not span.open):
                ignored.append(span)
                continue
            at += span.last - span.first
            stops.append(span)
        due = Due(at.date(), False, at=at, paused=any(s.open for s in stops))
        return _HourRun(due, tuple(stops), tuple(ignored))

    def _used_days(self, cal: WorkCalendar, run: _DayRun, now: dt.datetime) -> int:
        upto = now.date() - dt.timedelta(days=1)
        used = cal.working_days_between(self.started.date(), upto)
        for span, _ in run.stops:
            used -= cal.working_days_between(span.first, min(span.last, upto))
        return used

    def _used_time(self, run: _HourRun, now: dt.datetime) -> dt.timedelta:
        if now <= self.started:
            return dt.timedelta(0)
        used = now - self.started
        for span in run.stops:
            used -= max(min(span.last, now) - span.first, dt.timedelta(0))
        return used

    # -- explanation -------------------------------------------------------------------------

    def _explain_days(self, cal: WorkCalendar, run: _DayRun) -> list[str]:
        start = self.started.date()
        steps = [
            gettext("受理时间：%(at)s（%(weekday)s）。受理当日不计入期限，自次日起算（《民法典》第二百零一条）。")
            % {"at": _dt(self.started), "weekday": _weekday(start)},
            gettext("办理时限：%(limit)s。周末及法定节假日不计，调休上班日计入。") % {"limit": self.limit},
        ]
        if run.stops:
            steps.append(gettext(
                "暂停期间不计入期限（《行政许可法》第四十五条）：暂停开始当日照常计入，"
                "次日起至恢复当日的工作日不计入，恢复次日起继续计算。"
            ))
        for span, added in run.stops:
            if span.open:
                steps.append(ngettext(
                    "%(pause)s：自 %(first)s 起尚未结束，暂按截至 %(last)s 计算，已顺延 %(n)s 个工作日；"
                    "暂停结束前期限还会继续顺延。",
                    "%(pause)s：自 %(first)s 起尚未结束，暂按截至 %(last)s 计算，已顺延 %(n)s 个工作日；"
                    "暂停结束前期限还会继续顺延。",
                    added,
                ) % {"pause": span.label, "first": _d(span.first), "last": _d(span.last), "n": added})
            elif added == 0:
                steps.append(
                    gettext("%(pause)s：%(first)s 至 %(last)s，其间没有工作日，期限不变。")
                    % {"pause": span.label, "first": _d(span.first), "last": _d(span.last)}
                )
            else:
                steps.append(ngettext(
                    "%(pause)s：%(first)s 至 %(last)s，其间 %(from)s 至 %(to)s 的 %(n)s 个工作日不计入，"
                    "期限顺延 %(n)s 个工作日。",
                    "%(pause)s：%(first)s 至 %(last)s，其间 %(from)s 至 %(to)s 的 %(n)s 个工作日不计入，"
                    "期限顺延 %(n)s 个工作日。",
                    added,
                ) % {"pause": span.label, "first": _d(span.first), "last": _d(span.last),
                     "from": _d(span.first + dt.timedelta(days=1)), "to": _d(span.last), "n": added})
        for span in run.ignored:
            if span.last == span.first:
                steps.append(
                    gettext("%(pause)s：%(recorded)s，未跨越计入期限的日子，期限不变。")
                    % {"pause": span.label, "recorded": _recorded(span)}
                )
            else:
                steps.append(
                    gettext("%(pause)s：%(first)s 至 %(last)s，"
                            "开始于期限届满日（%(due)s）或之后，不顺延期限。")
                    % {"pause": span.label, "first": _d(span.first), "last": _d(span.last),
                       "due": _d(run.due.date)}
                )
        total = sum(added for _, added in run.stops)
        if total:
            steps.append(ngettext("暂停共顺延 %(n)s 个工作日。", "暂停共顺延 %(n)s 个工作日。", total)
                         % {"n": total})
        for year in cal.provisional_years_between(start, run.due.date):
            steps.append(gettext(
                "%(year)s 年的国务院节假日安排尚未录入：该年按周末及《全国年节及纪念日放假办法》"
                "规定的法定节假日推算（农历节日按农历换算，不含调休），期限为暂定，"
                "录入官方安排后重新计算。"
            ) % {"year": year})
        due, weekday, n = _d(run.due.date), _weekday(run.due.date), self.limit.amount
        # One whole sentence per combination of flags: a flag glued in does not translate.
        if run.due.provisional and run.due.paused:
            text = gettext("期限届满日：%(due)s（%(weekday)s）（暂定）（暂停中，尚未确定），"
                           "为第 %(n)s 个计入的工作日。")
        elif run.due.provisional:
            text = gettext("期限届满日：%(due)s（%(weekday)s）（暂定），为第 %(n)s 个计入的工作日。")
        elif run.due.paused:
            text = gettext("期限届满日：%(due)s（%(weekday)s）（暂停中，尚未确定），"
                           "为第 %(n)s 个计入的工作日。")
        else:
            text = gettext("期限届满日：%(due)s（%(weekday)s），为第 %(n)s 个计入的工作日。")
        steps.append(text % {"due": due, "weekday": weekday, "n": n})
        return steps

    def _explain_hours(self, run: _HourRun) -> list[str]:
        steps = [
            gettext("受理时间：%(at)s。") % {"at": _dt(self.started)},
            gettext("办理时限：%(limit)s，按自然时间连续计算（夜间及节假日计入），暂停期间不计。")
            % {"limit": self.limit},
        ]
        for span in run.stops:
            added = _duration(span.last - span.first)
            if span.open:
                steps.append(
                    gettext("%(pause)s：自 %(first)s 起尚未结束，暂按截至 %(last)s 计算，已顺延 %(added)s；"
                            "暂停结束前期限还会继续顺延。")
                    % {"pause": span.label, "first": _dt(span.first), "last": _dt(span.last), "added": added}
                )
            else:
                steps.append(
                    gettext("%(pause)s：%(first)s 至 %(last)s，期限顺延 %(added)s。")
                    % {"pause": span.label, "first": _dt(span.first), "last": _dt(span.last), "added": added}
                )
        for span in run.ignored:
            if span.last == span.first:
                steps.append(
                    gettext("%(pause)s：%(recorded)s，未占用计入期限的时间，期限不变。")
                    % {"pause": span.label, "recorded": _recorded(span)}
                )
            else:
                steps.append(
                    gettext("%(pause)s：%(first)s 至 %(last)s，开始时期限已届满，不顺延期限。")
                    % {"pause": span.label, "first": _dt(span.first), "last": _dt(span.last)}
                )
        assert run.due.at is not None
        if run.due.paused:
            steps.append(gettext("期限届满时间：%(at)s（暂停中，尚未确定）。") % {"at": _dt(run.due.at)})
        else:
            steps.append(gettext("期限届满时间：%(at)s。") % {"at": _dt(run.due.at)})
        return steps


def _covers(spans: Iterable[_Span[Any]], now: dt.datetime) -> bool:
    # Judged on the recorded pauses, not the day-granular span: an item paused at 15:00 is
    # expected to show as paused at 15:01.
    return any(p.start <= now and (p.end is None or now < p.end) for s in spans for p in s.pauses)


def _hours(td: dt.timedelta) -> Decimal:
    return Decimal(td // dt.timedelta(microseconds=1)) / Decimal(3_600_000_000)


def _recorded(span: _Span[Any]) -> str:
    first = min(p.start for p in span.pauses)
    ends = [p.end for p in span.pauses]
    if None in ends:
        return gettext("%(first)s 至 尚未结束") % {"first": _dt(first)}
    last = max(e for e in ends if e is not None)
    return gettext("%(first)s 至 %(last)s") % {"first": _dt(first), "last": _dt(last)}


def _d(d: dt.date) -> str:
    return d.isoformat()


def _dt(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%d %H:%M")


def _duration(td: dt.timedelta) -> str:
    minutes = int(td.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return gettext("%(h)s 小时 %(m)s 分") % {"h": hours, "m": minutes}
    if hours:
        return ngettext("%(n)s 小时", "%(n)s 小时", hours) % {"n": hours}
    return ngettext("%(n)s 分", "%(n)s 分", minutes) % {"n": minutes}
