"""办件编号: the case number every application gets at submission (zone code, year,
sequence), and the query code printed on its 受理通知书 for the public progress page.

Kept here rather than on the owning rows so every capability numbers its cases the same way
(applications now; appeals register their existing SQ numbers), and so the public lookup
reads one indexed table."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zonedesk.organisation.models import ZoneOwned


class CaseKind(models.TextChoices):
    APPLICATION = "application", _("审批申请")
    APPEAL = "appeal", _("企业诉求")


class CaseSequence(ZoneOwned):
    """The last number given per zone, kind and year; locked to take the next one, so two
    submissions never get the same number and a rollback is the only gap."""

    kind = models.CharField(max_length=16, choices=CaseKind.choices)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("办件编号序列")
        verbose_name_plural = _("办件编号序列")
        constraints = [
            models.UniqueConstraint(fields=["zone", "kind", "year"], name="case_sequence_unique"),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=9999),
                                   name="case_sequence_year"),
        ]


class CaseNumber(ZoneOwned):
    kind = models.CharField(_("类型"), max_length=16, choices=CaseKind.choices)
    object_id = models.PositiveBigIntegerField(_("对象"))
    number = models.CharField(_("办件编号"), max_length=32)
    query_code = models.CharField(_("查询码"), max_length=12)
    created_at = models.DateTimeField(_("编号时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("办件编号")
        verbose_name_plural = _("办件编号")
        constraints = [
            models.UniqueConstraint(fields=["zone", "number"], name="case_number_unique_in_zone",
                                    violation_error_message=_("该办件编号已被使用")),
            models.UniqueConstraint(fields=["kind", "object_id"], name="case_number_one_per_object",
                                    violation_error_message=_("该办件已有编号")),
        ]
        # The public lookup asks by number alone (the number carries the zone code).
        indexes = [models.Index(fields=["number"], name="case_number_lookup")]

    def __str__(self) -> str:
        return self.number


class NoticeTextQuerySet(models.QuerySet):
    def visible_to(self, user) -> NoticeTextQuerySet:
        from zonedesk.organisation.roles import Role

        # The wording is configuration of the zone, kept by its system administrator (the one
        # administrator who configures; 三员分立 keeps security and audit administrators out).
        if not user.is_authenticated or not user.has_role(Role.SYSTEM_ADMIN):
            return self.none()
        return self.filter(zone_id__in=user.visible_zone_ids)


class NoticeText(ZoneOwned):
    """One version of one of the zone's texts (``casefiles.texts``) in one language. Versions
    are never changed or deleted: the highest is in force, and going back to an older wording
    writes it again as a new version, so every printed notice's wording can be traced."""

    key = models.CharField(_("文本"), max_length=60)
    language = models.CharField(_("语言"), max_length=8, choices=[("zh-hans", "简体中文"), ("en", "English")])
    version = models.PositiveIntegerField(_("版本"))
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    closing = models.TextField(_("结尾"), blank=True)
    note = models.CharField(_("修改说明"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("保存时间"), auto_now_add=True)
    created_by = models.CharField(_("保存人"), max_length=120)

    objects = NoticeTextQuerySet.as_manager()

    class Meta:
        verbose_name = _("告知书与消息文字")
        verbose_name_plural = _("告知书与消息文字")
        ordering = ["key", "language", "-version"]
        constraints = [
            # Two editors saving on the same base: the second gets this row's conflict.
            models.UniqueConstraint(fields=["zone", "key", "language", "version"], name="notice_text_version",
                                    violation_error_message=_("该版本已被他人保存")),
            models.CheckConstraint(condition=Q(version__gte=1), name="notice_text_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.language} v{self.version}"
