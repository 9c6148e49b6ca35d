from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zonedesk.organisation.roles import Role


class Result(models.TextChoices):
    OK = "ok", _("成功")
    DENIED = "denied", _("拒绝")
    FAILED = "failed", _("失败")


class AuditQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> AuditQuerySet:
        # Only the audit administrator reads the trail (三员分立); of their own zones.
        if not user.is_authenticated or Role.AUDIT_ADMIN not in user.roles:
            return self.none()
        return self.filter(models.Q(zone_id__in=user.visible_zone_ids) | models.Q(zone__isnull=True))


class AuditChain(models.Model):
    """One chain per zone (plus one for events without a zone); the row is the lock."""

    key = models.CharField(max_length=32, unique=True)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)
    # Records up to anchor_seq were pruned under the retention rule; verification starts
    # from anchor_hash instead of the genesis hash.
    anchor_seq = models.BigIntegerField(default=0)
    anchor_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("审计链")
        verbose_name_plural = _("审计链")


class AuditRecord(models.Model):
    chain = models.CharField(_("审计链"), max_length=32)
    seq = models.BigIntegerField(_("序号"))
    zone = models.ForeignKey("organisation.Zone", null=True, blank=True, on_delete=models.PROTECT,
                             verbose_name=_("园区"))
    at = models.DateTimeField(_("时间"), db_index=True)
    # DO_NOTHING, not SET_NULL: the hash covers actor_id, so deleting a user must not rewrite
    # the records that name them (the dangling id and actor_name stay as evidence).
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.DO_NOTHING, verbose_name=_("操作人"), db_constraint=False)
    actor_name = models.CharField(_("操作人姓名"), max_length=100)
    channel = models.CharField(_("渠道"), max_length=16)
    action = models.CharField(_("操作"), max_length=64, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=64, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    result = models.CharField(_("结果"), max_length=8, choices=Result.choices, default=Result.OK)
    message = models.CharField(_("说明"), max_length=500, blank=True)
    ip = models.CharField(_("客户端地址"), max_length=45, blank=True)
    # Which audit key (held outside the database) made this record's HMAC-SM3.
    key_id = models.CharField(_("密钥编号"), max_length=32, default="")
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-at", "-id"]
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq_unique")]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.chain}#{self.seq} {self.action}"

    @property
    def object_label(self) -> str:
        """The kind of object in the reader's language (the model's verbose name), or "" when
        ``object_type`` names no model. The record stores only the type code and a repr of data
        (a name, a number, a ``gettext_noop`` msgid), so the page translates and the stored row,
        which the hash chain covers, never depends on the writer's language."""
        app_label, _dot, model_name = self.object_type.partition(".")
        try:
            model = apps.get_model(app_label, model_name)
        except (LookupError, ValueError):
            return ""
        # Only a name the model declares (a msgid): Django's default is the English class name.
        return str(model._meta.original_attrs.get("verbose_name", ""))

    def content(self) -> dict[str, Any]:
        """What the MAC covers; every column except the hashes themselves and the row id."""
        return {
            "chain": self.chain,
            "seq": self.seq,
            "zone": self.zone_id,
            "at": self.at.isoformat(),
            "actor": self.actor_id,
            "actor_name": self.actor_name,
            "channel": self.channel,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "before": self.before,
            "after": self.after,
            "result": self.result,
            "message": self.message,
            "ip": self.ip,
            "key_id": self.key_id,
        }
