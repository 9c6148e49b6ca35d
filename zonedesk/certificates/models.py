from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zonedesk.certificates import rules
from zonedesk.organisation.models import ZoneOwned
from zonedesk.organisation.roles import BUSINESS_STAFF_ROLES, Role


class CertificateCounter(ZoneOwned):
    """The last number issued in a zone and year; locked to allocate the next one."""

    year = models.PositiveIntegerField(_("年度"))
    last = models.PositiveIntegerField(_("最后序号"), default=0)

    class Meta:
        verbose_name = _("证照编号计数器")
        verbose_name_plural = _("证照编号计数器")
        constraints = [
            models.UniqueConstraint(fields=["zone", "year"], name="certificate_counter_unique",
                                    violation_error_message=_("该园区该年度的计数器已存在")),
        ]


class CertificateQuerySet(models.QuerySet):
    def visible_to(self, user) -> CertificateQuerySet:
        """The holder's own users, and the business staff of the zone."""
        if not user.is_authenticated:
            return self.none()
        roles = user.roles
        allowed = Q(pk__in=[])
        if Role.ENTERPRISE in roles and user.enterprise_id:
            allowed |= Q(holder_id=user.enterprise_id)
        if roles & BUSINESS_STAFF_ROLES:
            allowed |= Q(zone_id__in=user.visible_zone_ids)
        return self.filter(allowed, zone_id__in=user.visible_zone_ids)


class Certificate(ZoneOwned):
    number = models.CharField(_("证照编号"), max_length=32)
    # The public verification URL carries only this code: 128 random bits, unique everywhere
    # because the URL names no zone.
    verify_code = models.CharField(_("核验码"), max_length=43, unique=True)
    holder = models.ForeignKey("enterprises.Enterprise", on_delete=models.PROTECT,
                               related_name="certificates", verbose_name=_("持证企业"))
    # As printed: a later change of the enterprise's name does not rewrite an issued certificate.
    holder_name = models.CharField(_("持证单位"), max_length=200)
    holder_credit_code = models.CharField(_("统一社会信用代码"), max_length=18)
    kind = models.CharField(_("证照种类"), max_length=60)
    title = models.CharField(_("证照名称"), max_length=60)
    fields = models.JSONField(_("证照事项"), default=list)  # [[label, value], ...]
    source = models.CharField(_("来源"), max_length=200, blank=True)
    issued_at = models.DateTimeField(_("发证时间"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("签发人"))
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoke_reason = models.CharField(_("撤销原因"), max_length=300, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("撤销人"))
    pdf = models.ForeignKey("files.StoredFile", null=True, blank=True, on_delete=models.PROTECT,
                            related_name="+", verbose_name=_("证照文件"))

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("电子证照")
        verbose_name_plural = _("电子证照")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "number"], name="certificate_number_unique_in_zone",
                                    violation_error_message=_("本园区已有相同编号的证照")),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoke_reason=""),
                name="certificate_revoke_has_reason",
                violation_error_message=_("撤销证照须注明原因")),
        ]
        indexes = [models.Index(fields=["zone", "holder", "-issued_at"]),
                   models.Index(fields=["zone", "kind"])]

    def __str__(self) -> str:
        return f"{self.title} {self.number}"

    @property
    def pdf_url(self) -> str:
        return reverse("certificates:pdf", args=[self.pk])

    @property
    def verify_url(self) -> str:
        return reverse("certificates:verify", args=[self.verify_code])

    @property
    def public_verify_url(self) -> str:
        """Absolute, for the QR code: a phone that scans the paper is not on this site."""
        return public_url(self.verify_url)

    def status_on(self, day: dt.date | None = None) -> str:
        day = day or timezone.localdate()
        revoked_on = timezone.localdate(self.revoked_at) if self.revoked_at else None
        return rules.status_on(day, revoked_on=revoked_on, valid_until=self.valid_until)

    @property
    def status(self) -> str:
        return self.status_on()

    @property
    def status_label(self) -> str:
        # The labels are msgids (rules.py is pure): translated here, where they are shown.
        return gettext(rules.STATUS_LABELS[self.status])


def public_url(path: str) -> str:
    base = getattr(settings, "ZONEDESK_PUBLIC_BASE_URL", "") or "http://127.0.0.1:8000"
    return base.rstrip("/") + path
