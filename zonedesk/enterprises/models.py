from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zonedesk.core.i18n import EnglishNamed, english_active
from zonedesk.organisation.models import ZoneOwned
from zonedesk.organisation.roles import BUSINESS_STAFF_ROLES, Role


class Industry(EnglishNamed, models.Model):
    """GB/T 4754-2017 大类: national reference data, shared by every zone."""

    code = models.CharField(_("代码"), max_length=4, unique=True)
    section = models.CharField(_("门类"), max_length=1)
    name = models.CharField(_("名称"), max_length=100)

    class Meta:
        verbose_name = _("国民经济行业")
        verbose_name_plural = _("国民经济行业")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.section}{self.code} {self.local_name}"

    # The national classification's names are msgids (enterprises/industries.py): English comes
    # from the catalogue; a name_en a zone enters still wins, and a name the catalogue does not
    # know falls back to the Chinese one, marked as such.
    @property
    def local_name(self) -> str:
        if english_active() and not self.name_en:
            return gettext(self.name)
        return EnglishNamed.local_name.fget(self)  # type: ignore[attr-defined]

    def local_name_html(self) -> SafeString:
        if english_active() and not self.name_en and gettext(self.name) != self.name:
            return format_html("{}", gettext(self.name))
        return super().local_name_html()


class CreditGrade(models.TextChoices):
    """Ordered best first; the green-channel threshold compares positions in this order."""

    AAA = "AAA", "AAA"
    AA = "AA", "AA"
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D"

    @classmethod
    def rank(cls, grade: str) -> int:
        order = [c.value for c in cls]
        return order.index(grade) if grade in order else len(order)


class GrowthTier(models.TextChoices):
    NONE = "", _("未入库")
    TECH_SME = "tech_sme", _("科技型中小企业")
    HIGH_TECH = "high_tech", _("高新技术企业")
    EAGLET = "eaglet", _("雏鹰企业")
    GAZELLE = "gazelle", _("瞪羚企业")
    UNICORN = "unicorn", _("独角兽企业")


class FlagKind(models.TextChoices):
    SERIOUS_DISHONESTY = "serious_dishonesty", _("严重失信主体")
    JUDGMENT_DEFAULTER = "judgment_defaulter", _("失信被执行人")
    ABNORMAL_OPERATION = "abnormal_operation", _("经营异常名录")


class EnterpriseQuerySet(models.QuerySet):
    def visible_to(self, user) -> EnterpriseQuerySet:
        """The one scope rule: an enterprise user sees itself; zone staff see their zones."""
        if not user.is_authenticated:
            return self.none()
        roles = user.roles
        allowed = Q(pk__in=[])
        if Role.ENTERPRISE in roles and user.enterprise_id:
            allowed |= Q(pk=user.enterprise_id)
        if roles & BUSINESS_STAFF_ROLES:
            allowed |= Q(zone_id__in=user.visible_zone_ids)
        return self.filter(allowed, zone_id__in=user.visible_zone_ids)


class Enterprise(ZoneOwned):
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18)
    name = models.CharField(_("企业名称"), max_length=200)
    legal_representative = models.CharField(_("法定代表人"), max_length=50)
    industry = models.ForeignKey(Industry, on_delete=models.PROTECT, verbose_name=_("所属行业"))
    park = models.ForeignKey("parks.Park", null=True, blank=True, on_delete=models.PROTECT,
                             verbose_name=_("所在产业园"))
    address = models.CharField(_("地址"), max_length=200, blank=True)
    registered_on = models.DateField(_("成立日期"), null=True, blank=True)
    staff_size = models.PositiveIntegerField(_("从业人数"), null=True, blank=True)
    credit_grade = models.CharField(_("信用等级"), max_length=3, choices=CreditGrade.choices,
                                    blank=True)
    credit_source = models.CharField(_("信用等级来源"), max_length=100, blank=True)
    credit_valid_until = models.DateField(_("信用等级有效期至"), null=True, blank=True)
    growth_tier = models.CharField(_("成长层级"), max_length=16, choices=GrowthTier.choices,
                                   blank=True, default="")
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    # Incremented by every update; an edit based on an older version is refused.
    version = models.PositiveIntegerField(_("版本"), default=1)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "credit_code"], name="enterprise_credit_code_unique_in_zone",
                violation_error_message=_("该统一社会信用代码已登记"),
            )
        ]
        indexes = [models.Index(fields=["zone", "name"])]

    def __str__(self) -> str:
        return self.name

    def credit_grade_valid_on(self, day: dt.date) -> str:
        """The grade if still valid on ``day``; an expired grade counts as none."""
        if self.credit_grade and (self.credit_valid_until is None or self.credit_valid_until >= day):
            return self.credit_grade
        return ""


class EnterpriseFlag(ZoneOwned):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="flags",
                                   verbose_name=_("企业"))
    kind = models.CharField(_("名单类别"), max_length=32, choices=FlagKind.choices)
    listed_on = models.DateField(_("列入日期"))
    removed_on = models.DateField(_("移出日期"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=100, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("失信/异常名单记录")
        verbose_name_plural = _("失信/异常名单记录")
        ordering = ["-listed_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(removed_on__isnull=True) | Q(removed_on__gte=models.F("listed_on")),
                name="flag_removed_after_listed",
                violation_error_message=_("移出日期不能早于列入日期"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.listed_on}"

    def active_on(self, day: dt.date) -> bool:
        return self.listed_on <= day and (self.removed_on is None or self.removed_on > day)


class EnterpriseYearFigure(ZoneOwned):
    """One enterprise's figures for one year. Amounts in 万元 (Decimal)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="figures",
                                   verbose_name=_("企业"))
    year = models.PositiveIntegerField(_("年度"))
    revenue = models.DecimalField(_("营业收入（万元）"), max_digits=16, decimal_places=2, null=True,
                                  blank=True)
    tax = models.DecimalField(_("纳税额（万元）"), max_digits=16, decimal_places=2, null=True,
                              blank=True)
    rd_spending = models.DecimalField(_("研发投入（万元）"), max_digits=16, decimal_places=2,
                                      null=True, blank=True)
    staff = models.PositiveIntegerField(_("从业人数"), null=True, blank=True)
    tech_staff = models.PositiveIntegerField(_("科技人员数"), null=True, blank=True)

    class Meta:
        verbose_name = _("企业年度数据")
        verbose_name_plural = _("企业年度数据")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="figure_year_unique",
                                    violation_error_message=_("该企业该年度的数据已存在")),
            models.CheckConstraint(
                condition=Q(tech_staff__isnull=True) | Q(staff__isnull=True)
                | Q(tech_staff__lte=models.F("staff")),
                name="figure_tech_staff_le_staff",
                violation_error_message=_("科技人员数不能多于从业人数"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year}"
