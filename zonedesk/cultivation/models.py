"""The cultivation register: facts entered beyond the registry's yearly figures, tier
certificates, and the computed tier of each enterprise per year with its trace."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zonedesk.organisation.models import ZoneOwned
from zonedesk.organisation.roles import BUSINESS_STAFF_ROLES, Role
from zonedesk.rules_engine.facts import FACTS, MANUAL

TIER_CHOICES = [
    ("", _("未入库")),
    ("tech_sme", _("科技型中小企业")),
    ("high_tech", _("高新技术企业")),
    ("eaglet", _("雏鹰企业")),
    ("gazelle", _("瞪羚企业")),
    ("unicorn", _("独角兽企业")),
]
TIER_RANK = {key: i for i, (key, _label) in enumerate(TIER_CHOICES)}
FACT_CHOICES = [(f.key, _(f.label)) for f in FACTS.values() if f.origin == MANUAL]


class ScopedQuerySet(models.QuerySet):
    """Enterprise users see their own enterprise's rows; business staff their zones'."""

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        roles = user.roles
        allowed = Q(pk__in=[])
        if Role.ENTERPRISE in roles and user.enterprise_id:
            allowed |= Q(enterprise_id=user.enterprise_id)
        if roles & BUSINESS_STAFF_ROLES:
            allowed |= Q(zone_id__in=user.visible_zone_ids)
        return self.filter(allowed, zone_id__in=user.visible_zone_ids)


class EnterpriseFact(ZoneOwned):
    """A figure the rules need that the registry does not keep (资产总额, 高新技术产品收入,
    知识产权, the expert score...). year 0 = not tied to a year (a flag)."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.CASCADE,
        related_name="cultivation_facts",
        verbose_name=_("企业"),
    )
    key = models.CharField(_("事实"), max_length=40, choices=FACT_CHOICES)
    year = models.PositiveIntegerField(_("年度"), default=0)
    number = models.DecimalField(_("数值"), max_digits=18, decimal_places=4, null=True, blank=True)
    flag = models.BooleanField(_("是/否"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=100)
    recorded_by = models.ForeignKey("organisation.User", on_delete=models.PROTECT, null=True)
    recorded_at = models.DateTimeField(_("登记时间"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("培育事实")
        verbose_name_plural = _("培育事实")
        ordering = ["key", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "key", "year"],
                name="cultivation_fact_unique",
                violation_error_message=_("该企业该年度的这项数据已存在"),
            ),
            models.CheckConstraint(
                condition=Q(number__isnull=False) | Q(flag__isnull=False),
                name="cultivation_fact_has_value",
                violation_error_message=_("须填写数值或是/否"),
            ),
        ]

    @property
    def value(self):
        return self.flag if self.flag is not None else self.number


class TierCertificate(ZoneOwned):
    """A certified tier (e.g. 高新技术企业证书 GR2025210001 valid three years): overrides the
    computed tier while valid."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.CASCADE,
        related_name="tier_certificates",
        verbose_name=_("企业"),
    )
    tier = models.CharField(_("层级"), max_length=16, choices=TIER_CHOICES[1:])
    number = models.CharField(_("证书编号"), max_length=60)
    issuer = models.CharField(_("认定机构"), max_length=100)
    issued_on = models.DateField(_("发证日期"))
    valid_until = models.DateField(_("有效期至"))
    recorded_by = models.ForeignKey("organisation.User", on_delete=models.PROTECT, null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("资质证书")
        verbose_name_plural = _("资质证书")
        ordering = ["-issued_on"]
        indexes = [models.Index(fields=["zone", "tier", "issued_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "tier", "number"],
                name="tier_certificate_number_unique",
                violation_error_message=_("该证书编号已登记"),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("issued_on")),
                name="tier_certificate_valid_after_issue",
                violation_error_message=_("有效期至不能早于发证日期"),
            ),
        ]


class TierAssessment(ZoneOwned):
    """The tier computed for one enterprise from one year's figures, with the trace of every
    rule of the ladder, and how far it is from the next tier."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.CASCADE,
        related_name="tier_assessments",
        verbose_name=_("企业"),
    )
    year = models.PositiveIntegerField(_("数据年度"))
    computed_tier = models.CharField(_("计算层级"), max_length=16, choices=TIER_CHOICES, blank=True)
    tier = models.CharField(_("层级"), max_length=16, choices=TIER_CHOICES, blank=True)
    rank = models.PositiveSmallIntegerField(_("层级序号"), default=0)
    certified = models.BooleanField(_("以证书认定"), default=False)
    next_tier = models.CharField(_("下一层级"), max_length=16, choices=TIER_CHOICES, blank=True)
    distance = models.PositiveSmallIntegerField(_("距下一层级差几项"), default=0)
    missing = models.JSONField(_("差距"), default=list)
    traces = models.JSONField(_("评价过程"), default=dict)
    rule_versions = models.JSONField(default=dict)
    computed_at = models.DateTimeField(_("计算时间"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("层级评价")
        verbose_name_plural = _("层级评价")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="tier_assessment_unique"),
        ]
        indexes = [
            models.Index(fields=["zone", "year", "tier"]),
            models.Index(fields=["zone", "year", "distance"]),
        ]


class TierRule(ZoneOwned):
    """A zone's version of one tier's rule; without a row the shipped rule (version 0) holds."""

    tier = models.CharField(_("层级"), max_length=16, choices=TIER_CHOICES[1:])
    number = models.PositiveIntegerField(_("版本"))
    rule = models.JSONField(_("规则"))
    note = models.CharField(_("修订说明"), max_length=200, blank=True)
    created_by = models.ForeignKey("organisation.User", on_delete=models.PROTECT, null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("层级规则版本")
        verbose_name_plural = _("层级规则版本")
        constraints = [
            models.UniqueConstraint(fields=["zone", "tier", "number"], name="tier_rule_version_unique")
        ]
