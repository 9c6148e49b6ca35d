"""Approval rules over plain data: no ORM, no settings (tested without a database)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from zonedesk.workdays.calendar import Due, WorkCalendar

CREDIT_ORDER = ("AAA", "AA", "A", "B", "C", "D")


def grade_rank(grade: str) -> int:
    return CREDIT_ORDER.index(grade) if grade in CREDIT_ORDER else len(CREDIT_ORDER)


@dataclass(frozen=True)
class ToleranceCheck:
    allowed: bool
    reasons: tuple[str, ...]  # why not, each a sentence for the window clerk


def tolerance_check(
    *,
    grade: str,
    threshold: str,
    flags: Sequence[str],
    missing_required: Sequence[str],
    missing_secondary: Sequence[str],
    promise_signed: bool,
) -> ToleranceCheck:
    """May the window accept with the missing secondary materials outstanding (容缺受理)?

    Every failed condition is listed, not only the first: the clerk tells the applicant
    everything at once.
    """
    reasons: list[str] = []
    if not grade:
        reasons.append("企业无有效信用等级")
    elif grade_rank(grade) > grade_rank(threshold):
        reasons.append(f"企业信用等级 {grade} 低于绿色通道门槛 {threshold}")
    if flags:
        reasons.append(f"企业在失信/异常名单中：{'、'.join(flags)}")
    if missing_required:
        reasons.append(f"缺少必要材料，不能容缺：{'、'.join(missing_required)}")
    if not missing_secondary:
        reasons.append("没有缺少的次要材料，无需容缺")
    if not promise_signed:
        reasons.append("未签署信用承诺书")
    return ToleranceCheck(not reasons, tuple(reasons))


def green_channel_eligible(*, grade: str, threshold: str, flags: Sequence[str]) -> bool:
    return bool(grade) and grade_rank(grade) <= grade_rank(threshold) and not flags


def tolerance_deadline(cal: WorkCalendar, accepted_on: dt.date, item_limits: Iterable[int]) -> Due:
    """The 补齐 deadline: no longer than the shortest limit among the items concerned."""
    return cal.add_working_days(accepted_on, min(item_limits))


def assessment_covers(
    parcels: Iterable[str], covered: Iterable[str], valid_from: dt.date, valid_until: dt.date, on: dt.date
) -> bool:
    """A project site is covered when every one of its parcels lies in the assessed area."""
    site = {p.strip() for p in parcels if p.strip()}
    return bool(site) and site <= {c.strip() for c in covered} and valid_from <= on <= valid_until


def next_stage(filed: Mapping[str, str | None], order: Sequence[str]) -> str | None:
    """The stage a project can apply for now: the first with no live application whose previous
    stage is completed (`filed` maps a stage to its live application's status, or None). None
    when every stage is filed or waiting on the one before."""
    for i, stage in enumerate(order):
        if filed.get(stage) is None and (i == 0 or filed.get(order[i - 1]) == "completed"):
            return stage
    return None


def warning_state(*, remaining: int, limit: int, yellow_ratio, overdue: bool, paused: bool) -> str:
    if overdue:
        return "red"
    if paused:
        return "paused"
    return "yellow" if remaining <= limit * yellow_ratio else "running"


# -- schedule forecast --------------------------------------------------------------------------


@dataclass(frozen=True)
class ForecastItem:
    limit_days: int
    # Known deadline of an item already running (its clock, pauses included); None: not started.
    due: dt.date | None = None
    done_on: dt.date | None = None  # decided or waived


@dataclass(frozen=True)
class ForecastStage:
    stage: str
    items: tuple[ForecastItem, ...]
    started_on: dt.date | None = None  # acceptance day, once accepted
    done_on: dt.date | None = None


@dataclass(frozen=True)
class StageForecast:
    stage: str
    start: dt.date
    end: Due
    done: bool


def forecast(cal: WorkCalendar, stages: Sequence[ForecastStage], today: dt.date) -> list[StageForecast]:
    """Expected completion of each stage: items in parallel within a stage (the stage ends with
    its slowest item), stages in sequence (the next one starts when the previous ends).

    A finished stage keeps its real end; a running item keeps its clock's deadline; an item
    not started counts its promised limit from the stage start. A stage that has not started
    starts at the later of the previous stage's end and today.
    """
    out: list[StageForecast] = []
    cursor = today
    for st in stages:
        if st.done_on is not None:
            start = st.started_on or st.done_on
            out.append(StageForecast(st.stage, start, Due(st.done_on, False), True))
            cursor = max(cursor, st.done_on)
            continue
        start = st.started_on or cursor
        ends: list[Due] = []
        for item in st.items:
            if item.done_on is not None:
                ends.append(Due(item.done_on, False))
            elif item.due is not None:
                ends.append(Due(item.due, cal.provisional_between(start, item.due)))
            else:
                ends.append(cal.add_working_days(start, item.limit_days))
        if not ends:
            end = Due(start, False)
        else:
            latest = max(e.date for e in ends)
            end = Due(latest, any(e.provisional for e in ends) or cal.provisional_between(start, latest))
        end = Due(max(end.date, today) if st.started_on is None else end.date, end.provisional)
        out.append(StageForecast(st.stage, start, end, False))
        cursor = end.date
    return out
