"""Working-day arithmetic over HTTP, mounted at /api/calendar/.

Query parameters are parsed here rather than by ninja's type coercion so that a bad date or a
negative count is answered in the user's language with the parameter named, in the API's
validation error shape.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from zonedesk.core.api import errors
from zonedesk.workdays.calendar import CalendarRangeError
from zonedesk.workdays.selectors import work_calendar

router = Router(tags=["calendar"])

# fromisoformat alone would also take week dates and the basic format (20260213).
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Ten years of working days; beyond that no clock in the product reaches.
MAX_DAYS = 2500


class AddWorkingDaysOut(Schema):
    start: dt.date
    days: int
    date: dt.date
    provisional: bool


class WorkingDaysBetweenOut(Schema):
    start: dt.date
    end: dt.date
    working_days: int
    provisional: bool


class _InvalidQueryError(Exception):
    def __init__(self, field: str, message: str, kind: str) -> None:
        super().__init__(message)
        self.field, self.message, self.kind = field, message, kind

    def response(self) -> Status[dict[str, Any]]:
        return Status(
            422,
            {"detail": [{"loc": ["query", self.field], "msg": self.message, "type": self.kind}]},
        )


def _date(field: str, raw: str | None) -> dt.date:
    if not raw:
        raise _InvalidQueryError(field, _("缺少日期参数 %(field)s") % {"field": field}, "missing")
    try:
        if not _ISO_DATE.fullmatch(raw):
            raise ValueError(raw)
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise _InvalidQueryError(
            field, _("日期无效：%(value)s，应为 YYYY-MM-DD") % {"value": raw}, "date_parsing"
        ) from None


def _count(field: str, raw: str | None) -> int:
    if raw is None or raw == "":
        raise _InvalidQueryError(
            field, _("缺少工作日数参数 %(field)s") % {"field": field}, "missing"
        )
    try:
        value = int(raw)
    except ValueError:
        raise _InvalidQueryError(
            field, _("工作日数必须是整数：%(value)s") % {"value": raw}, "int_parsing"
        ) from None
    if value < 0:
        raise _InvalidQueryError(field, _("工作日数不能为负数"), "greater_than_equal")
    if value > MAX_DAYS:
        raise _InvalidQueryError(
            field, _("工作日数不能超过 %(max)d") % {"max": MAX_DAYS}, "less_than_equal"
        )
    return value


def _out_of_range(field: str) -> _InvalidQueryError:
    return _InvalidQueryError(
        field, _("超出可计算的年份范围（官方安排或可按法定节假日推算的年份）"), "out_of_range"
    )


@router.get(
    "/add-working-days",
    response={200: AddWorkingDaysOut, **errors(401, 422)},
    summary="日期加上若干工作日",
    description=(
        "start 当日不计入（民法典第二百零一条）；days=0 时返回 start 或其后第一个工作日。"
        "provisional 为 true 表示计算经过尚未录入官方放假安排的年份，结果为暂定。"
    ),
)
def add_working_days(
    request: HttpRequest, start: str | None = None, days: str | None = None
) -> Any:
    try:
        start_date = _date("start", start)
        count = _count("days", days)
        try:
            due = work_calendar().add_working_days(start_date, count)
        except CalendarRangeError:
            raise _out_of_range("days") from None
    except _InvalidQueryError as exc:
        return exc.response()
    return {"start": start_date, "days": count, "date": due.date, "provisional": due.provisional}


@router.get(
    "/working-days-between",
    response={200: WorkingDaysBetweenOut, **errors(401, 422)},
    summary="两个日期之间的工作日数",
    description=(
        "计 (start, end] 内的工作日：start 当日不计，end 当日计入；end 不晚于 start 时为 0。"
    ),
)
def working_days_between(
    request: HttpRequest, start: str | None = None, end: str | None = None
) -> Any:
    try:
        a = _date("start", start)
        b = _date("end", end)
        cal = work_calendar()
        try:
            count = cal.working_days_between(a, b)
        except CalendarRangeError:
            raise _out_of_range("end") from None
    except _InvalidQueryError as exc:
        return exc.response()
    return {
        "start": a,
        "end": b,
        "working_days": count,
        "provisional": cal.provisional_between(a, b),
    }
