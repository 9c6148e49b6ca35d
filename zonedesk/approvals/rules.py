"""Approval rules over plain data: no ORM, no settings (tested without a database)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

# Messages go through gettext (Chinese first, English catalogue); nothing else of Django here.
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from zonedesk.workdays.calendar import Due, WorkCalendar

CREDIT_ORDER = ("AAA", "AA", "A", "B", "C", "D")


def grade_rank(grade: str) -> int:
    return CREDIT_ORDER.index(grade) if grade in CREDIT_ORDER else len(CREDIT_ORDER)


def _join(items: Iterable[str]) -> str:
    return pgettext("list separator", "、").join(items)


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
    suspended_until: dt.date | None = None,
) -> ToleranceCheck:
    """May the window accept with the missing secondary materials outstanding (容缺受理)?

    Every failed condition is listed, not only the first: the clerk tells the applicant
    everything at once.
    """
    reasons: list[str] = []
    if not grade:
        reasons.append(_("企业无有效信用等级"))
    elif grade_rank(grade) > grade_rank(threshold):
        reasons.append(
            _("企业信用等级 %(grade)s 低于绿色通道门槛 %(threshold)s")
            % {"grade": grade, "threshold": threshold}
        )
    if flags:
        reasons.append(_("企业在失信/异常名单中：%(lists)s") % {"lists": _join(flags)})
    if suspended_until is not None:
        reasons.append(
            _("容缺承诺未履行，绿色通道暂停至 %(d)s（信用修复后恢复）") % {"d": suspended_until.isoformat()}
        )
    if missing_required:
        reasons.append(_("缺少必要材料，不能容缺：%(materials)s") % {"materials": _join(missing_required)})
    if not missing_secondary:
        reasons.append(_("没有缺少的次要材料，无需容缺"))
    if not promise_signed:
        reasons.append(_("未签署信用承诺书"))
    return ToleranceCheck(not reasons, tuple(reasons))


def green_channel_eligible(
    *, grade: str, threshold: str, flags: Sequence[str], suspended_until: dt.date | None = None
) -> bool:
    """Green channel (and so the 信用承诺书 and 容缺): a grade at or above the threshold, on no
    dishonesty list, and no unrepaired 容缺 breach still suspending it."""
    return (
        bool(grade) and grade_rank(grade) <= grade_rank(threshold) and not flags and suspended_until is None
    )


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the last day of the month when it has no such day)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has a 28th


def tolerance_deadline(
    cal: WorkCalendar, accepted_on: dt.date, item_limits: Iterable[int], item_dues: Iterable[Due] = ()
) -> Due:
    """The 补齐 deadline: no longer than the shortest limit among the items concerned, and never
    after the deadline any of them runs to (a paused or corrected item clock can end earlier
    than its limit counted from acceptance)."""
    due = cal.add_working_days(accepted_on, min(item_limits))
    for other in item_dues:
        if other.date < due.date:
            due = other
    return due


# -- the one form per stage ---------------------------------------------------------------------

PREFILL_SOURCES = ("enterprise", "project", "parcel", "form")


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    type: str = "text"  # text / number / date / choice
    unit: str = ""
    required: bool = True
    pattern: str = ""
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    choices: tuple[str, ...] = ()
    prefill: str = ""
    items: tuple[str, ...] = ()  # the items (names) that use the field


def stage_fields(specs: Iterable[FieldSpec]) -> list[FieldSpec]:
    """The stage form: the union of its items' fields, each key asked once (required when any
    item requires it), in the order first declared."""
    out: dict[str, FieldSpec] = {}
    for spec in specs:
        seen = out.get(spec.key)
        if seen is None:
            out[spec.key] = spec
        else:
            out[spec.key] = replace(
                seen,
                required=seen.required or spec.required,
                items=tuple(dict.fromkeys(seen.items + spec.items)),
            )
    return list(out.values())


def clean_form(
    fields: Sequence[FieldSpec], data: Mapping[str, object]
) -> tuple[dict[str, object], dict[str, str]]:
    """Check a stage form against its declared fields: (clean values, errors by key). Every
    error names the field and the rule; values are kept as JSON-safe text."""
    clean: dict[str, object] = {}
    errors: dict[str, str] = {}
    for f in fields:
        raw = data.get(f.key)
        text = "" if raw is None else str(raw).strip()
        if not text:
            if f.required:
                errors[f.key] = _("「%(f)s」为必填项") % {"f": f.label}
            continue
        if f.type == "number":
            try:
                value = Decimal(text)
            except InvalidOperation:
                errors[f.key] = _("「%(f)s」应为数值") % {"f": f.label}
                continue
            if not value.is_finite():
                errors[f.key] = _("「%(f)s」应为数值") % {"f": f.label}
                continue
            if f.min_value is not None and value < f.min_value:
                errors[f.key] = _("「%(f)s」不能小于 %(v)s%(u)s") % {
                    "f": f.label,
                    "v": plain_number(f.min_value),
                    "u": f.unit,
                }
                continue
            if f.max_value is not None and value > f.max_value:
                errors[f.key] = _("「%(f)s」不能大于 %(v)s%(u)s") % {
                    "f": f.label,
                    "v": plain_number(f.max_value),
                    "u": f.unit,
                }
                continue
            clean[f.key] = str(value)
        elif f.type == "date":
            try:
                clean[f.key] = dt.date.fromisoformat(text).isoformat()
            except ValueError:
                errors[f.key] = _("「%(f)s」应为日期，格式如 2026-12-01") % {"f": f.label}
                continue
        elif f.type == "choice":
            if text not in f.choices:
                errors[f.key] = _("「%(f)s」应为以下之一：%(c)s") % {"f": f.label, "c": "、".join(f.choices)}
                continue
            clean[f.key] = text
        else:
            if len(text) > 500:
                errors[f.key] = _("「%(f)s」不能超过 500 字") % {"f": f.label}
                continue
            clean[f.key] = text
        if f.pattern and f.key not in errors and not re.fullmatch(f.pattern, text):
            errors[f.key] = _("「%(f)s」格式不符合要求") % {"f": f.label}
            clean.pop(f.key, None)
    return clean, errors


def prefill_value(
    source: str,
    enterprise: Mapping[str, object],
    project: Mapping[str, object],
    earlier: Mapping[str, object],
    parcel: Mapping[str, object] | None = None,
) -> object | None:
    """The value a field's ``prefill`` names (enterprise.<attr>, project.<attr>,
    parcel.<attr> of the land register, form.<key>)."""
    kind, _sep, name = source.partition(".")
    table = {"enterprise": enterprise, "project": project, "parcel": parcel or {}, "form": earlier}.get(kind)
    if table is None or not name:
        return None
    value = table.get(name)
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    return value


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


def parcel_facts(parcels: Sequence[Mapping[str, object]]) -> dict[str, object]:
    """What the land register knows of a project's site, for the stage form: one parcel as it
    is; several summed (areas) or listed (codes, locations, uses), in the project's order."""
    if not parcels:
        return {}

    def listed(key: str) -> str:
        return "、".join(dict.fromkeys(str(p[key]) for p in parcels if p.get(key)))

    return {
        "code": listed("code"),
        "location": listed("location"),
        "land_use": listed("land_use"),
        "area_m2": plain_number(sum((Decimal(str(p["area_m2"])) for p in parcels), Decimal(0))),
        "area_mu": plain_number(sum((Decimal(str(p["area_mu"])) for p in parcels), Decimal(0))),
        # The strictest upper bound of the plot ratio the land was sold with.
        "far_max": plain_number(min(Decimal(str(p["far_max"])) for p in parcels))
        if all(p.get("far_max") is not None for p in parcels)
        else None,
    }


def plain_number(value: Decimal) -> str:
    """12000.00 → "12000", 1.50 → "1.5" (never the exponent form of normalize())."""
    return format(value.normalize(), "f")
