"""Operational rows of the deployment itself (not zone data)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """One row per background worker, touched every few seconds while it runs: /healthz
    reports the deployment unhealthy when no worker has been seen recently."""

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    host = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started at"))
    seen_at = models.DateTimeField(_("last seen at"), db_index=True)

    class Meta:
        verbose_name = _("后台任务进程")
        verbose_name_plural = _("后台任务进程")

    def __str__(self) -> str:
        return f"{self.worker_id}@{self.host}"


class ImportBatch(models.Model):
    """An uploaded Excel file of one register (``kind``), checked row by row and held until its
    uploader confirms it (core/register_import.py). Nothing reaches the register before the
    confirmation; the checked rows are kept so the confirmation writes exactly what was shown."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("处理中")
        CHECKED = "checked", _("已校验，待确认")
        IMPORTED = "imported", _("已导入")
        DISCARDED = "discarded", _("已放弃")
        FAILED = "failed", _("校验失败")

    class Phase(models.TextChoices):
        CHECK = "check", _("校验")
        CONFIRM = "confirm", _("导入")

    zone = models.ForeignKey(
        "organisation.Zone", on_delete=models.PROTECT, related_name="+", verbose_name=_("园区")
    )
    kind = models.CharField(_("台账"), max_length=48)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("上传人")
    )
    # Indexed: the retention sweep deletes by age.
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True, db_index=True)
    file_name = models.CharField(_("文件名"), max_length=200)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.CHECKED)
    # What a QUEUED/RUNNING batch is waiting for: its check or its confirmation (large files
    # run in the background worker, core/register_import.py).
    phase = models.CharField(_("阶段"), max_length=8, choices=Phase.choices, default=Phase.CHECK)
    # When the worker last took the batch: a RUNNING batch whose worker died is taken again
    # by the imports sweep after a while.
    started_at = models.DateTimeField(_("开始处理时间"), null=True, blank=True)
    # [{"row": 2, "values": {column key: JSON value}, "action": "create"|"update"|"unchanged"}]
    rows = models.JSONField(default=list)
    report = models.JSONField(default=list)  # [{"row": 5, "column": "...", "reason": "..."}]
    total_rows = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("导入批次")
        verbose_name_plural = _("导入批次")
        indexes = [models.Index(fields=["created_by", "status"], name="core_import_owner_status")]

    def __str__(self) -> str:
        return self.file_name
