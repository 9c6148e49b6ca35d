"""Operational rows of the deployment itself (not zone data)."""

from __future__ import annotations

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
