"""The message centre: the inbox (站内信), the outbox of deliveries to other channels, and
each person's choices.

A message and its deliveries are written in the transaction of the event that causes them
(the outbox), so an event never commits without its messages nor the other way round. The
sender marks each delivery sent under a row lock; the unique keys stop doubles."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zonedesk.notifications.events import EVENT_CHOICES
from zonedesk.organisation.models import ZoneOwned


class Channel(models.TextChoices):
    IN_APP = "in_app", _("站内信")
    EMAIL = "email", _("电子邮件")
    SMS = "sms", _("短信/企业微信/钉钉")


class MessageQuerySet(models.QuerySet):
    def visible_to(self, user) -> MessageQuerySet:
        # A message is its recipient's alone: nobody else, whatever their role, reads it.
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)


class Message(ZoneOwned):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="messages", verbose_name=_("收件人"))
    event = models.CharField(_("事件"), max_length=40, choices=EVENT_CHOICES)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    object_key = models.CharField(_("对象"), max_length=80, blank=True)
    dedupe_key = models.CharField(max_length=200)
    urgent = models.BooleanField(_("紧急"), default=False)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("站内信")
        verbose_name_plural = _("站内信")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "dedupe_key"], name="message_once_per_state",
                                    violation_error_message=_("该消息已发送")),
        ]
        indexes = [
            # The inbox pages by id; the unread badge counts on the partial index.
            models.Index(fields=["recipient", "-id"], name="message_inbox"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="message_unread"),
            models.Index(fields=["created_at"], name="message_created"),
        ]

    def __str__(self) -> str:
        return self.title


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class DeliveryQuerySet(models.QuerySet):
    def visible_to(self, user) -> DeliveryQuerySet:
        from zonedesk.organisation.roles import Role

        # The delivery log names addresses: only the system administrator of the zone reads it.
        if not user.is_authenticated or not user.has_role(Role.SYSTEM_ADMIN):
            return self.none()
        return self.filter(zone_id__in=user.visible_zone_ids)


class Delivery(ZoneOwned):
    """One message to one outside channel: the outbox row and, once tried, the delivery log."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices)
    address = models.CharField(_("地址"), max_length=200)
    status = models.CharField(_("状态"), max_length=16, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次发送时间"))
    last_error = models.CharField(_("失败原因"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("发送记录")
        verbose_name_plural = _("发送记录")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["message", "channel"], name="delivery_once_per_channel",
                                    violation_error_message=_("该消息已在此渠道发送")),
        ]
        indexes = [
            # The sender's sweep: pending rows whose time has come, oldest first.
            models.Index(fields=["next_attempt_at"], condition=Q(status="pending"), name="delivery_due"),
            models.Index(fields=["zone", "-id"], name="delivery_log"),
        ]

    @property
    def idempotency_key(self) -> str:
        # The receiver (the gateway) keeps this key and drops a second POST carrying it.
        return f"zonedesk-delivery-{self.pk}"


class Preference(models.Model):
    """A person's choice for one event on one outside channel (in-app is always on)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notification_preferences")
    # The person's home zone (the distribution column); empty for a user of no zone.
    zone = models.ForeignKey("organisation.Zone", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("园区"))
    event = models.CharField(_("事件"), max_length=40, choices=EVENT_CHOICES)
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices)
    enabled = models.BooleanField(_("接收"), default=True)

    class Meta:
        verbose_name = _("通知偏好")
        verbose_name_plural = _("通知偏好")
        constraints = [
            models.UniqueConstraint(fields=["user", "event", "channel"], name="preference_unique"),
            models.CheckConstraint(condition=~Q(channel="in_app"), name="preference_not_in_app",
                                   violation_error_message=_("站内信总是接收，不能关闭")),
        ]


class QuietMode(models.TextChoices):
    DEFAULT = "default", _("使用园区默认时段")
    CUSTOM = "custom", _("自定义时段")
    OFF = "off", _("不设免打扰")


class UserNotifySettings(models.Model):
    """A person's choices that hold for every event: when non-urgent messages may not reach
    their phone (quiet hours), and the language of the messages they receive."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notify_settings")
    # The person's home zone (the distribution column); empty for a user of no zone.
    zone = models.ForeignKey("organisation.Zone", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("园区"))
    quiet_mode = models.CharField(_("免打扰"), max_length=8, choices=QuietMode.choices,
                                  default=QuietMode.DEFAULT)
    quiet_start = models.TimeField(_("免打扰开始"), null=True, blank=True)
    quiet_end = models.TimeField(_("免打扰结束"), null=True, blank=True)
    language = models.CharField(_("消息语言"), max_length=8, default="zh-hans",
                                choices=[("zh-hans", "简体中文"), ("en", "English")])
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("个人通知设置")
        verbose_name_plural = _("个人通知设置")
        constraints = [
            models.CheckConstraint(
                condition=~Q(quiet_mode="custom") | (Q(quiet_start__isnull=False) & Q(quiet_end__isnull=False)
                                                     & ~Q(quiet_start=models.F("quiet_end"))),
                name="notify_settings_custom_quiet",
                violation_error_message=_("自定义免打扰须填写不同的开始和结束时间")),
        ]
