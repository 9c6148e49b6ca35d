"""`{% load workdays %}` — showing deadlines so that a provisional one can never pass for final."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from zonedesk.core.templatetags.zd_i18n import zh

register = template.Library()


@register.filter
def due_date(due: Any) -> SafeString | str:
    """Render a `Due` (or anything with `date` and `provisional`): the date, the time for an
    hour limit, and a 暂定 badge when the date rests on a year without an official schedule."""
    if due is None or due == "":
        return ""
    at: dt.datetime | None = getattr(due, "at", None)
    if at is not None:
        if timezone.is_aware(at):
            at = timezone.localtime(at)
        text = formats.date_format(at, "DATETIME_FORMAT")
    else:
        text = formats.date_format(due.date, "DATE_FORMAT")
    html = format_html('<time datetime="{}">{}</time>', (at or due.date).isoformat(), text)
    if getattr(due, "provisional", False):
        html += format_html(
            ' <span class="badge provisional" title="{}">{}</span>',
            _("该年官方放假安排尚未录入，按法定节假日推算；录入后期限将重新计算"),
            _("暂定"),
        )
    if getattr(due, "paused", False):
        html += format_html(
            ' <span class="badge paused" title="{}">{}</span>',
            _("暂停尚未结束，期限还会顺延"),
            _("暂停中"),
        )
    return html


# The names a calendar day is stored with: the law's names that ``calendar.statutory_holidays``
# derives and those the seed takes from chinesecalendar (``official.py``: 清明, 端午, 中秋 without
# 节, and "<holiday>调休上班" for a make-up workday). Stored in Chinese as the record; translated
# here. A name an administrator typed has no entry and shows as typed, marked Chinese.
HOLIDAYS = {
    "元旦": pgettext_lazy("holiday", "元旦"),
    "春节": pgettext_lazy("holiday", "春节"),
    "清明": pgettext_lazy("holiday", "清明节"),
    "清明节": pgettext_lazy("holiday", "清明节"),
    "劳动节": pgettext_lazy("holiday", "劳动节"),
    "端午": pgettext_lazy("holiday", "端午节"),
    "端午节": pgettext_lazy("holiday", "端午节"),
    "中秋": pgettext_lazy("holiday", "中秋节"),
    "中秋节": pgettext_lazy("holiday", "中秋节"),
    "国庆节": pgettext_lazy("holiday", "国庆节"),
    "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日": pgettext_lazy(
        "holiday", "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日"
    ),
}
_MAKE_UP = "调休上班"


@register.filter
def holiday_name(name: object) -> SafeString | str:
    """``{{ day.name|holiday_name }}``: a calendar day's stored name in the reader's language."""
    text = str(name or "")
    if text in HOLIDAYS:
        return str(HOLIDAYS[text])
    if text.endswith(_MAKE_UP) and text[: -len(_MAKE_UP)] in HOLIDAYS:
        return pgettext("holiday", "%(holiday)s调休上班") % {"holiday": HOLIDAYS[text[: -len(_MAKE_UP)]]}
    return zh(text)
