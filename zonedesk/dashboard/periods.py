"""Reading a reporting period from text (pure but for gettext, so labels and messages come in the
reader's language): "2026", "2026-Q3", "2026-05", or two dates "2026-01-01..2026-06-30"."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from django.utils.translation import gettext as _

from zonedesk.core.figures import Period


class BadPeriod(ValueError):
    pass


def year_period(year: int) -> Period:
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), _("%(year)s年") % {"year": year})


def parse_period(text: str) -> Period:
    text = (text or "").strip()
    if m := re.fullmatch(r"(\d{4})", text):
        return year_period(int(m[1]))
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", text, re.IGNORECASE):
        year, q = int(m[1]), int(m[2])
        start = dt.date(year, 3 * q - 2, 1)
        end_month = 3 * q
        return Period(
            start,
            dt.date(year, end_month, calendar.monthrange(year, end_month)[1]),
            _("%(year)s年第%(q)s季度") % {"year": year, "q": q},
        )
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise BadPeriod(_("月份应为 01–12"))
        return Period(
            dt.date(year, month, 1),
            dt.date(year, month, calendar.monthrange(year, month)[1]),
            _("%(year)s年%(month)s月") % {"year": year, "month": month},
        )
    if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", text):
        try:
            start, end = dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2])
        except ValueError as exc:
            raise BadPeriod(_("不是有效的日历日期")) from exc
        if start > end:
            raise BadPeriod(_("起始日期不能晚于截止日期"))
        return Period(start, end, f"{start.isoformat()}—{end.isoformat()}")
    raise BadPeriod(_("期间格式应为 2026、2026-Q3、2026-05 或 2026-01-01..2026-06-30"))
