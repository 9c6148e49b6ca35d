"""The monthly 营商环境 reports kept for leaders (``dashboard.report``)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zonedesk.organisation.models import ZoneOwned


class MonthlyReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> MonthlyReportQuerySet:
        from zonedesk.dashboard.selectors import may_see_dashboard

        # Whoever sees the dashboard of a zone reads its reports; nobody else.
        if not may_see_dashboard(user):
            return self.none()
        return self.filter(zone_id__in=user.visible_zone_ids)


class MonthlyReport(ZoneOwned):
    year = models.PositiveIntegerField(_("年"))
    month = models.PositiveSmallIntegerField(_("月"))
    generated_at = models.DateTimeField(_("生成时间"))
    generated_by = models.CharField(_("生成人"), max_length=120)
    # The figures as computed when made: sections → rows of label, unit, month, ytd, formula.
    data = models.JSONField(_("数据"))
    version = models.PositiveIntegerField(default=1)

    objects = MonthlyReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("营商环境月报")
        verbose_name_plural = _("营商环境月报")
        ordering = ["-year", "-month", "zone_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "year", "month"],
                name="monthly_report_once",
                violation_error_message=_("该月的月报已生成"),
            ),
            models.CheckConstraint(condition=Q(month__gte=1) & Q(month__lte=12), name="monthly_report_month"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.month}月"
