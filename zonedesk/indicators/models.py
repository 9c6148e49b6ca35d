"""The per-zone, per-day summary behind the dashboard's 营商环境 headlines.

A headline is the median working days of the cases that ended in a period. Measuring every case
on the calendar at each request is linear in the cases (the dashboard measured up to 5,000 in
Python); this table keeps, per zone, indicator and final day, how many cases took each number
of working days — a histogram, written in the transaction that ends a case
(``indicators.services``). A period's median is then one grouped query over at most
days × distinct durations rows, whatever the number of cases. ``indicators_summary_check``
recomputes it from the cases and reports (``--fix``: repairs) drift.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zonedesk.organisation.models import ZoneOwned


class IndicatorDay(ZoneOwned):
    indicator = models.CharField(_("指标"), max_length=24)  # indicators.selectors.INDICATORS key
    day = models.DateField(_("办结日"))
    working_days = models.PositiveIntegerField(_("办理时间（工作日）"))
    cases = models.IntegerField(_("案例数"), default=0)

    class Meta:
        verbose_name = _("营商环境指标日汇总")
        verbose_name_plural = _("营商环境指标日汇总")
        constraints = [
            # Day before indicator: the dashboard reads every indicator of a zone's period as
            # one index range.
            models.UniqueConstraint(
                fields=["zone", "day", "indicator", "working_days"], name="indicators_day_bucket"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.day} {self.working_days}: {self.cases}"
