"""Pure rules of appeals and ratings: the state machine as a table, and the rates.

No Django here. Status values are the strings of ``models.Status``; the services look up a
move in ``TRANSITIONS`` and raise the coded error this module names when it is not allowed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# (action, from status) -> to status. One table: what the page offers, what the API accepts
# and what the service allows all read it.
TRANSITIONS: dict[tuple[str, str], str] = {
    ("accept", "submitted"): "accepted",
    ("reject", "submitted"): "rejected",
    ("dispatch", "accepted"): "dispatched",
    ("return", "dispatched"): "accepted",  # 退单: the department objects, back to the window
    ("sign", "dispatched"): "handling",
    ("request_info", "handling"): "waiting",  # the clock pauses
    ("supply_info", "waiting"): "handling",  # the clock resumes
    ("reply", "handling"): "replied",
    ("visit", "replied"): "visited",
    ("rate", "visited"): "closed",
    ("close", "visited"): "closed",  # the enterprise did not rate after the return visit
    ("reopen", "closed"): "handling",
}
# Merging a duplicate is allowed from any state in which the case is still being handled.
MERGEABLE = frozenset({"submitted", "accepted", "dispatched", "handling", "waiting"})
# The case is in someone's hands and its clock runs (or is paused): supervision and escalation
# apply, and it is "open" for the lists.
ACTIVE = frozenset({"accepted", "dispatched", "handling", "waiting"})
OPEN = frozenset({"submitted", *ACTIVE, "replied", "visited"})


def next_status(action: str, current: str) -> str | None:
    return TRANSITIONS.get((action, current))


def actions_from(current: str) -> list[str]:
    return [action for (action, src) in TRANSITIONS if src == current]


# -- rates -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseFact:
    """One appeal as the rates see it. ``due_on`` is its deadline (None before acceptance);
    ``closed_on`` the day it was closed (None while open, also after a reopen); ``on_time``
    whether it was answered within its limit."""

    id: int
    department_id: int | None
    category: str
    due_on: dt.date | None
    closed_on: dt.date | None
    on_time: bool | None
    merged: bool = False


@dataclass(frozen=True)
class RatingFact:
    id: int
    level: str
    rated_on: dt.date
    overturned: bool = False
    department_ids: tuple[int, ...] = ()
    category: str = ""


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int

    @property
    def percent(self) -> Decimal | None:
        """Percent to one decimal place, None when there is nothing to divide by (not 0%:
        a department with no due case has no closed rate)."""
        if not self.denominator:
            return None
        value = Decimal(self.numerator * 100) / Decimal(self.denominator)
        return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _within(day: dt.date | None, start: dt.date, end: dt.date) -> bool:
    return day is not None and start <= day <= end


def is_due(case: CaseFact, start: dt.date, end: dt.date, today: dt.date) -> bool:
    """应办结: a case counts in a period once its deadline has come within it (not after
    today), or when it was closed within it (early closure counts too). Merged duplicates are
    counted once, as the case they were merged into."""
    if case.merged:
        return False
    deadline_in = _within(case.due_on, start, min(end, today))
    return deadline_in or _within(case.closed_on, start, end)


def is_closed(case: CaseFact, start: dt.date, end: dt.date) -> bool:
    # Closed by the period's end; a reopened case has closed_on None again, so it is due
    # but not closed until it is closed a second time.
    return case.closed_on is not None and case.closed_on <= end


def closed_rate(cases: Iterable[CaseFact], start: dt.date, end: dt.date, today: dt.date) -> Rate:
    """办结率 = 办结数 ÷ 应办结数."""
    due = [c for c in cases if is_due(c, start, end, today)]
    return Rate(sum(1 for c in due if is_closed(c, start, end)), len(due))


def on_time_rate(cases: Iterable[CaseFact], start: dt.date, end: dt.date, today: dt.date) -> Rate:
    """按时办结率 = 按时办结数 ÷ 办结数."""
    closed = [c for c in cases if is_due(c, start, end, today) and is_closed(c, start, end)]
    return Rate(sum(1 for c in closed if c.on_time), len(closed))


def satisfaction_rate(ratings: Iterable[RatingFact], start: dt.date, end: dt.date,
                      satisfied_levels: Iterable[str]) -> Rate:
    """满意率 = 计入满意的评价数 ÷ 有效评价数; which levels count as satisfied is the zone's
    setting (reference: 非常满意, 满意, 基本满意). A rating overturned on review is not valid."""
    levels = frozenset(satisfied_levels)
    valid = [r for r in ratings if not r.overturned and _within(r.rated_on, start, end)]
    return Rate(sum(1 for r in valid if r.level in levels), len(valid))


@dataclass(frozen=True)
class RateRow:
    key: Hashable
    closed: Rate
    on_time: Rate
    satisfaction: Rate


def rates_by(cases: Sequence[CaseFact], ratings: Sequence[RatingFact],
             case_key: Callable[[CaseFact], Iterable[Hashable]],
             rating_key: Callable[[RatingFact], Iterable[Hashable]],
             start: dt.date, end: dt.date, today: dt.date,
             satisfied_levels: Iterable[str]) -> list[RateRow]:
    """The three rates per group (department, category...). A key function returns the groups
    a fact belongs to: a rating counts against every department that handled the case."""
    levels = tuple(satisfied_levels)
    case_groups: dict[Hashable, list[CaseFact]] = defaultdict(list)
    rating_groups: dict[Hashable, list[RatingFact]] = defaultdict(list)
    for c in cases:
        for k in case_key(c):
            case_groups[k].append(c)
    for r in ratings:
        for k in rating_key(r):
            rating_groups[k].append(r)
    keys = list(dict.fromkeys([*case_groups, *rating_groups]))
    return [RateRow(k, closed_rate(case_groups[k], start, end, today),
                    on_time_rate(case_groups[k], start, end, today),
                    satisfaction_rate(rating_groups[k], start, end, levels)) for k in keys]


def satisfaction_formula(level_labels: Sequence[str]) -> str:
    """The formula text shown next to 满意率, from the levels that count."""
    return f"（{' + '.join(level_labels)}）÷ 有效评价数"


# A contact phone: a mobile (13800000000), a landline with its area code (0421-6822000) or an
# international number; separators allowed, letters never. 7 digits is a local number without
# area code, 15 the longest E.164 number.
_PHONE_CHARS = frozenset("0123456789+-() ")


def phone_ok(phone: str) -> bool:
    digits = sum(c.isdigit() for c in phone)
    return set(phone) <= _PHONE_CHARS and 7 <= digits <= 15 and "+" not in phone[1:]
