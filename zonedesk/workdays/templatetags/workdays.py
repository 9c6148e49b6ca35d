"""`{% load workdays %}` — showing deadlines so that a provisional one can never pass for final."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

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
