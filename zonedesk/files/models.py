from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zonedesk.organisation.models import ZoneOwned


class StoredFile(ZoneOwned):
    """An accepted upload. The bytes sit in the default storage (var/files, outside the web
    root) under a generated name; the original name is kept, sanitised, for display only.

    A StoredFile has no scope of its own: it is reached through the row that owns it (a
    material, a certificate), whose app checks visibility before calling ``file_response``.
    """

    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    name = models.CharField(_("文件名"), max_length=120)
    kind = models.CharField(_("类型"), max_length=8)
    content_type = models.CharField(_("内容类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    storage_name = models.CharField(_("存储名"), max_length=200, unique=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("上传人"))
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("文件")
        verbose_name_plural = _("文件")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(size__gt=0), name="storedfile_not_empty",
                                   violation_error_message=_("空文件")),
        ]

    def __str__(self) -> str:
        return self.name
