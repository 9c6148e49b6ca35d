"""Standard land (标准地): parcels, their control indicators, the sale with the investor's
commitments, and the 达产复核 (production review) that checks them.

Areas are Decimal in 亩 and ㎡ (1 亩 = 10000/15 ㎡); money in 万元; the review's deadline is a
stored, indexed date.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zonedesk.land import rules
from zonedesk.organisation.models import ZoneOwned
from zonedesk.organisation.roles import Role

# Who sees the zone's land register.
LAND_READ_ROLES = frozenset(
    {Role.INVESTMENT_OFFICER, Role.PARK_OPERATOR, Role.LEADER, Role.PROVINCIAL, Role.STEWARD}
)
# The investment officer and the park operator (运营方) keep the land register (issue 10).
LAND_EDIT_ROLES = frozenset({Role.INVESTMENT_OFFICER, Role.PARK_OPERATOR})


class ParcelStatus(models.TextChoices):
    RESERVE = rules.RESERVE, _("储备")
    ANNOUNCED = rules.ANNOUNCED, _("出让公告")
    SOLD = rules.SOLD, _("已出让")
    SUPPLIED = rules.SUPPLIED, _("已供地/开工")
    PRODUCING = rules.PRODUCING, _("达产")
    REVIEWED = rules.REVIEWED, _("已复核")


class LandUse(models.TextChoices):
    INDUSTRIAL = "industrial", _("工业用地")
    WAREHOUSE = "warehouse", _("物流仓储用地")
    COMMERCIAL = "commercial", _("商业服务业用地")
    OTHER = "other", _("其他")


class Consequence(models.TextChoices):
    NONE = "none", _("无（复核通过）")
    RECTIFY = "rectify", _("限期整改")
    RECTIFY_PENALTY = "rectify_penalty", _("限期整改并支付违约金")
    RECLAIM = "reclaim", _("收回土地")


class LandSetting(ZoneOwned):
    """The zone's land parameters (business parameters live in the database)."""

    review_after_months = models.PositiveIntegerField(_("达产后几个月复核"), default=6)
    review_warn_days = models.PositiveIntegerField(_("复核到期提前提醒（天）"), default=30)

    class Meta:
        verbose_name = _("标准地参数")
        verbose_name_plural = _("标准地参数")
        constraints = [models.UniqueConstraint(fields=["zone"], name="land_setting_one_per_zone")]


class IndicatorDefault(ZoneOwned):
    """Default control indicators per industry (a parcel copies them and may deviate)."""

    industry = models.ForeignKey("enterprises.Industry", on_delete=models.PROTECT, verbose_name=_("行业"))
    investment_intensity = models.DecimalField(
        _("固定资产投资强度（万元/亩）"), max_digits=10, decimal_places=2
    )
    far_min = models.DecimalField(_("容积率下限"), max_digits=5, decimal_places=2)
    far_max = models.DecimalField(_("容积率上限"), max_digits=5, decimal_places=2)
    tax_per_mu = models.DecimalField(_("亩均税收（万元/亩/年）"), max_digits=10, decimal_places=2)
    energy_per_output = models.DecimalField(_("单位能耗（吨标煤/万元）"), max_digits=8, decimal_places=4)
    environment = models.CharField(_("环境标准"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("行业默认控制指标")
        verbose_name_plural = _("行业默认控制指标")
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "industry"],
                name="land_default_unique",
                violation_error_message=_("该行业已有默认指标"),
            ),
            models.CheckConstraint(
                condition=Q(far_max__gte=models.F("far_min")),
                name="land_default_far_range",
                violation_error_message=_("容积率上限不能小于下限"),
            ),
        ]

    def __str__(self) -> str:
        return str(self.industry)

    def values(self) -> dict:
        return {k: getattr(self, k) for k in rules.BY_KEY}


class ParcelQuerySet(models.QuerySet):
    def visible_to(self, user) -> ParcelQuerySet:
        """Land staff and leaders see their zones' parcels; an enterprise user sees the parcels
        sold to its enterprise; nobody else sees any."""
        if not user.is_authenticated:
            return self.none()
        roles = user.roles
        allowed = Q(pk__in=[])
        if roles & LAND_READ_ROLES:
            allowed |= Q(pk__isnull=False)
        if Role.ENTERPRISE in roles and user.enterprise_id:
            allowed |= Q(sale__enterprise_id=user.enterprise_id)
        return self.filter(allowed, zone_id__in=user.visible_zone_ids)


class Parcel(ZoneOwned):
    code = models.CharField(_("地块编号"), max_length=40)
    location = models.CharField(_("位置"), max_length=200, blank=True)
    area_mu = models.DecimalField(_("面积（亩）"), max_digits=12, decimal_places=4)
    area_m2 = models.DecimalField(_("面积（平方米）"), max_digits=14, decimal_places=2)
    land_use = models.CharField(_("用途"), max_length=16, choices=LandUse.choices, default=LandUse.INDUSTRIAL)
    industry = models.ForeignKey(
        "enterprises.Industry", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("准入行业")
    )
    park = models.ForeignKey(
        "parks.Park",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parcels",
        verbose_name=_("产业园"),
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=ParcelStatus.choices, default=ParcelStatus.RESERVE
    )
    boundary = models.JSONField(_("边界（GeoJSON）"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    objects = ParcelQuerySet.as_manager()

    class Meta:
        verbose_name = _("地块")
        verbose_name_plural = _("地块")
        ordering = ["zone", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "code"],
                name="land_parcel_code_unique",
                violation_error_message=_("本园区已有该地块编号"),
            ),
            models.CheckConstraint(
                condition=Q(area_mu__gt=0) & Q(area_m2__gt=0),
                name="land_parcel_area_positive",
                violation_error_message=_("面积须大于 0"),
            ),
        ]
        indexes = [models.Index(fields=["zone", "status"])]

    def __str__(self) -> str:
        return self.code


class ParcelIndicators(ZoneOwned):
    """The control indicators set when a parcel is offered (copied from the industry default)."""

    parcel = models.OneToOneField(Parcel, on_delete=models.CASCADE, related_name="indicators")
    investment_intensity = models.DecimalField(
        _("固定资产投资强度（万元/亩）"), max_digits=10, decimal_places=2
    )
    far_min = models.DecimalField(_("容积率下限"), max_digits=5, decimal_places=2)
    far_max = models.DecimalField(_("容积率上限"), max_digits=5, decimal_places=2)
    tax_per_mu = models.DecimalField(_("亩均税收（万元/亩/年）"), max_digits=10, decimal_places=2)
    energy_per_output = models.DecimalField(_("单位能耗（吨标煤/万元）"), max_digits=8, decimal_places=4)
    environment = models.CharField(_("环境标准"), max_length=200, blank=True)
    extras = models.JSONField(_("附加指标"), default=list, blank=True)
    deviation_reason = models.CharField(_("与行业默认值不同的理由"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("控制指标")
        verbose_name_plural = _("控制指标")

    def values(self) -> dict:
        return {k: getattr(self, k) for k in rules.BY_KEY}


class ParcelSale(ZoneOwned):
    """The sale (出让) and the investment agreement's commitments and clauses."""

    parcel = models.OneToOneField(Parcel, on_delete=models.PROTECT, related_name="sale")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="parcel_sales",
        verbose_name=_("竞得企业"),
    )
    sold_on = models.DateField(_("出让日期"))
    price_wan = models.DecimalField(_("出让价款（万元）"), max_digits=14, decimal_places=2)
    agreement = models.ForeignKey(
        "files.StoredFile",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("投资协议"),
    )
    production_due_on = models.DateField(_("协议约定达产日期"))
    investment_intensity = models.DecimalField(_("承诺投资强度（万元/亩）"), max_digits=10, decimal_places=2)
    far_min = models.DecimalField(_("承诺容积率下限"), max_digits=5, decimal_places=2)
    far_max = models.DecimalField(_("承诺容积率上限"), max_digits=5, decimal_places=2)
    tax_per_mu = models.DecimalField(_("承诺亩均税收（万元/亩/年）"), max_digits=10, decimal_places=2)
    energy_per_output = models.DecimalField(_("承诺单位能耗（吨标煤/万元）"), max_digits=8, decimal_places=4)
    extras = models.JSONField(_("附加承诺"), default=list, blank=True)
    rectify_months = models.PositiveIntegerField(_("整改期限（月）"), default=12)
    penalty_rate = models.DecimalField(
        _("违约金比例（税收差额的倍数）"), max_digits=5, decimal_places=2, default=1
    )
    reclaim_below = models.DecimalField(
        _("投资强度低于承诺的该比例时收回"), max_digits=4, decimal_places=2, default="0.50"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("出让与承诺")
        verbose_name_plural = _("出让与承诺")
        constraints = [
            models.CheckConstraint(
                condition=Q(price_wan__gt=0),
                name="land_sale_price_positive",
                violation_error_message=_("出让价款须大于 0"),
            ),
        ]
        indexes = [models.Index(fields=["zone", "sold_on"])]

    def values(self) -> dict:
        return {k: getattr(self, k) for k in rules.BY_KEY}

    def clauses(self) -> rules.Clauses:
        return rules.Clauses(self.rectify_months, self.penalty_rate, self.reclaim_below)


class ReviewQuerySet(models.QuerySet):
    def visible_to(self, user) -> ReviewQuerySet:
        return self.filter(parcel__in=Parcel.objects.visible_to(user))


class ProductionReview(ZoneOwned):
    """One 达产复核 of a sold parcel: due on a stored date; decided once with the figures used."""

    class Status(models.TextChoices):
        DUE = "due", _("待复核")
        PASSED = "passed", _("复核通过")
        FAILED = "failed", _("复核未通过")

    parcel = models.ForeignKey(Parcel, on_delete=models.PROTECT, related_name="reviews")
    sale = models.ForeignKey(ParcelSale, on_delete=models.PROTECT, related_name="reviews")
    due_on = models.DateField(_("复核到期日"))
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.DUE)
    investment_wan = models.DecimalField(
        _("固定资产投资（万元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    tax_wan = models.DecimalField(
        _("年度税收（万元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    tax_year = models.PositiveIntegerField(_("税收年度"), null=True, blank=True)
    energy_tce = models.DecimalField(
        _("年综合能耗（吨标煤）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    output_wan = models.DecimalField(
        _("年产值（万元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    floor_area_m2 = models.DecimalField(
        _("总建筑面积（平方米）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    extras_actual = models.JSONField(_("附加指标实际值"), default=dict, blank=True)
    evidence = models.ForeignKey(
        "files.StoredFile",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("证明材料"),
    )
    result = models.JSONField(_("复核结果"), default=dict, blank=True)
    consequence = models.CharField(_("处理"), max_length=16, choices=Consequence.choices, blank=True)
    rectify_until = models.DateField(_("整改期限"), null=True, blank=True)
    penalty_wan = models.DecimalField(
        _("违约金（万元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    decided_on = models.DateField(_("复核日期"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("复核意见"), max_length=500, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("达产复核")
        verbose_name_plural = _("达产复核")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["zone", "status", "due_on"])]
