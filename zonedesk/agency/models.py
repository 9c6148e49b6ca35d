"""Agent handling (领办/帮办/代办): an enterprise's written authorisation for a steward."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zonedesk.organisation.models import ZoneOwned
from zonedesk.organisation.roles import Role


class AgentMode(models.TextChoices):
    LEAD = "lead", _("领办")
    HELP = "help", _("帮办")
    ACT = "act", _("代办")


class AgentAction(models.TextChoices):
    APPROVALS_APPLY = "approvals.apply", _("申报审批事项")
    APPROVALS_SUPPLEMENT = "approvals.supplement", _("补正材料")
    APPROVALS_SIGN_PROMISE = "approvals.sign_promise", _("签署信用承诺书")
    APPROVALS_RATE = "approvals.rate", _("评价审批服务")
    APPEALS_RAISE = "appeals.raise", _("提出诉求")
    APPEALS_RATE = "appeals.rate", _("评价诉求办理")


# 好差评 is the enterprise's own judgement of the zone's service: a steward is zone staff, so
# rating the zone's service for the enterprise would be the zone grading itself. These stay
# choices (older authorisations name them) but are never granted or honoured.
NOT_DELEGABLE = frozenset({AgentAction.APPROVALS_RATE, AgentAction.APPEALS_RATE})
DELEGABLE_CHOICES = [(v, label) for v, label in AgentAction.choices if v not in NOT_DELEGABLE]


class AuthorisationQuerySet(models.QuerySet):
    def visible_to(self, user) -> AuthorisationQuerySet:
        """The enterprise sees the authorisations it granted, the agent those granted to them,
        zone-wide staff all of their zones'."""
        if not user.is_authenticated:
            return self.none()
        allowed = Q(agent_id=user.pk)
        if Role.ENTERPRISE in user.roles and user.enterprise_id:
            allowed |= Q(enterprise_id=user.enterprise_id)
        if user.sees_whole_zone:
            allowed |= Q(pk__isnull=False)
        return self.filter(allowed, zone_id__in=user.visible_zone_ids)

    def in_force(self, day: dt.date) -> AuthorisationQuerySet:
        return self.filter(revoked_at__isnull=True, valid_from__lte=day, valid_until__gte=day)


class AgentAuthorisation(ZoneOwned):
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.PROTECT,
                                   related_name="authorisations", verbose_name=_("授权企业"))
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="authorisations_held", verbose_name=_("被授权管家"))
    mode = models.CharField(_("方式"), max_length=8, choices=AgentMode.choices)
    actions = models.JSONField(_("授权事项"), default=list)
    valid_from = models.DateField(_("生效日期"))
    valid_until = models.DateField(_("截止日期"))
    note = models.CharField(_("授权书说明"), max_length=300, blank=True)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("授权人"))
    granted_at = models.DateTimeField(_("授权时间"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    objects = AuthorisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("领办代办授权")
        verbose_name_plural = _("领办代办授权")
        ordering = ["-granted_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_until__gte=models.F("valid_from")),
                                   name="authorisation_dates_ordered",
                                   violation_error_message=_("截止日期不能早于生效日期")),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} → {self.agent}（{self.get_mode_display()}）"

    def covers(self, action: str, day: dt.date) -> bool:
        return (self.revoked_at is None and self.valid_from <= day <= self.valid_until
                and action in self.actions)

    @property
    def action_labels(self) -> list[str]:
        labels = dict(AgentAction.choices)
        return [str(labels.get(a, a)) for a in self.actions]
