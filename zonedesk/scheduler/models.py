"""The schedule table: what runs, how often, when next, and how the last run went."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledJob(models.Model):
    """One row per registered job (``jobs.job_registry``), created by the first tick. Global,
    not zone-owned: a sweep covers every zone of the deployment."""

    name = models.CharField(_("任务"), max_length=64, unique=True)
    enabled = models.BooleanField(_("启用"), default=True)
    every_seconds = models.PositiveIntegerField(_("间隔（秒）"))
    next_run_at = models.DateTimeField(_("下次运行"), db_index=True)
    running_since = models.DateTimeField(_("运行中（开始于）"), null=True, blank=True)
    last_started_at = models.DateTimeField(_("上次开始"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("上次结束"), null=True, blank=True)
    last_ok = models.BooleanField(_("上次成功"), null=True, blank=True)
    last_result = models.CharField(_("上次结果"), max_length=500, blank=True)
    last_duration_ms = models.PositiveIntegerField(_("上次耗时（毫秒）"), null=True, blank=True)
    runs = models.PositiveIntegerField(_("运行次数"), default=0)
    failures = models.PositiveIntegerField(_("失败次数"), default=0)

    class Meta:
        verbose_name = _("定时任务")
        verbose_name_plural = _("定时任务")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(every_seconds__gte=30), name="job_every_30s",
                                   violation_error_message=_("运行间隔不能少于 30 秒")),
        ]

    def __str__(self) -> str:
        return self.name


class JobRun(models.Model):
    """The history of runs (the table shows the last; this keeps the failures to look at)."""

    job = models.ForeignKey(ScheduledJob, on_delete=models.CASCADE, related_name="history")
    started_at = models.DateTimeField(_("开始"))
    duration_ms = models.PositiveIntegerField(_("耗时（毫秒）"))
    ok = models.BooleanField(_("成功"))
    result = models.CharField(_("结果"), max_length=500, blank=True)
    trigger = models.CharField(_("触发"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("任务运行记录")
        verbose_name_plural = _("任务运行记录")
        ordering = ["-id"]
        indexes = [models.Index(fields=["job", "-id"], name="job_run_history"),
                   models.Index(fields=["started_at"], name="job_run_started")]
