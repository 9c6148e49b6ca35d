"""The national holiday schedule as the zone keeps it: global, not zone-owned.

The tables hold only exceptions to the weekend rule plus, per year, whether the State Council's
schedule has been entered. Everything that counts days reads them through
`selectors.work_calendar()`, never directly.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zonedesk.workdays.calendar import DERIVABLE_YEARS

# Years outside this range cannot be derived when not official (see calendar.py); refusing to
# store them keeps the admin from entering a year the clocks would fail on.
YEAR_VALIDATORS = [
    MinValueValidator(DERIVABLE_YEARS.start),
    MaxValueValidator(DERIVABLE_YEARS.stop - 1),
]


class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField(_("年份"), unique=True, validators=YEAR_VALIDATORS)
    official = models.BooleanField(
        _("已录入官方安排"),
        default=False,
        help_text=_(
            "勾选后该年只按周末和本表的节假日、调休计算；未勾选时按法定节假日推算，期限标为暂定。"
        ),
    )
    note = models.CharField(
        _("说明"), max_length=200, blank=True, help_text=_("例如发文字号：国办发明电〔2025〕7号")
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("日历年度")
        verbose_name_plural = _("日历年度")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class DaySource(models.TextChoices):
    CHINESECALENDAR = "chinesecalendar", _("chinesecalendar 数据包")
    ADMIN = "admin", _("管理员录入")


class CalendarDay(models.Model):
    """A day that differs from the weekend rule: a holiday on a weekday or a 调休 workday on a
    weekend. A row that agrees with the weekend rule (a holiday on a Sunday) is harmless and
    kept, because the official schedule lists it."""

    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(_("上班"))
    name = models.CharField(
        _("名称"), max_length=50, blank=True, help_text=_("例如：春节、春节调休上班")
    )
    source = models.CharField(
        _("来源"), max_length=20, choices=DaySource.choices, default=DaySource.ADMIN
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["date"]

    def __str__(self) -> str:
        kind = _("上班") if self.is_working_day else _("休息")
        return f"{self.date.isoformat()} {self.name or kind}"
