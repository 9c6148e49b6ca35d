"""党建 and social responsibility: party organisations in enterprises under the zone's
非公有制企业党委, 党员先锋岗, 帮扶 pairs, donations, jobs for people from poor households and
activities. Amounts: donations in 万元, wage increases in 元/月 (Decimal).

Names of party members and of the households helped are personal data: viewers see them masked,
the register's editors in full.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from zonedesk.organisation.models import ZoneOwned
from zonedesk.organisation.roles import Role

VIEWER_ROLES = frozenset(
    {Role.LEADER, Role.PROVINCIAL, Role.DEPARTMENT_HEAD, Role.INVESTMENT_OFFICER, Role.STEWARD}
)
EDITOR_ROLES = frozenset({Role.LEADER})


def mask(name: str) -> str:
    return (name[:1] + "*" * (len(name) - 1)) if name else ""


class OrgKind(models.TextChoices):
    COMMITTEE = "committee", _("党委")
    GENERAL = "general", _("党总支")
    BRANCH = "branch", _("党支部")
    JOINT = "joint", _("联合党支部")


class PartyOrg(ZoneOwned):
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="+", verbose_name=_("所在企业")
    )
    name = models.CharField(_("党组织名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=16, choices=OrgKind.choices)
    secretary = models.CharField(_("书记"), max_length=40)
    members = models.PositiveIntegerField(_("党员人数"))
    founded_on = models.DateField(_("成立日期"))

    class Meta:
        verbose_name = _("企业党组织")
        verbose_name_plural = _("企业党组织")
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "name"],
                name="party_org_unique",
                violation_error_message=_("本园区已有同名党组织"),
            )
        ]

    def __str__(self) -> str:
        return self.name


class VanguardPost(ZoneOwned):
    """党员先锋岗."""

    org = models.ForeignKey(
        PartyOrg, on_delete=models.PROTECT, related_name="posts", verbose_name=_("党组织")
    )
    name = models.CharField(_("岗位"), max_length=100)
    holder = models.CharField(_("党员"), max_length=40)
    awarded_on = models.DateField(_("设岗日期"))

    class Meta:
        verbose_name = _("党员先锋岗")
        verbose_name_plural = _("党员先锋岗")

    def __str__(self) -> str:
        return self.name


class AssistancePair(ZoneOwned):
    """帮扶对子: who (an enterprise's party member) helps whom (a household in a village)."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="+", verbose_name=_("企业")
    )
    helper = models.CharField(_("帮扶人"), max_length=40)
    helped = models.CharField(_("帮扶对象"), max_length=60)
    village = models.CharField(_("所在村"), max_length=60)
    started_on = models.DateField(_("结对日期"))
    note = models.CharField(_("帮扶内容"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("帮扶对子")
        verbose_name_plural = _("帮扶对子")


class Donation(ZoneOwned):
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="+", verbose_name=_("企业")
    )
    amount_wan = models.DecimalField(_("金额（万元）"), max_digits=12, decimal_places=2)
    purpose = models.CharField(_("用途"), max_length=200)
    village = models.CharField(_("受捐村"), max_length=60)
    donated_on = models.DateField(_("捐赠日期"), db_index=True)

    class Meta:
        verbose_name = _("捐赠")
        verbose_name_plural = _("捐赠")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_wan__gt=0),
                name="party_donation_amount",
                violation_error_message=_("捐赠金额须大于 0"),
            )
        ]


class JobRecord(ZoneOwned):
    """Jobs given to people from poor households, with their monthly wage increase range."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="+", verbose_name=_("企业")
    )
    people = models.PositiveIntegerField(_("吸纳脱贫家庭人员（人）"))
    wage_min = models.DecimalField(_("月增收下限（元）"), max_digits=10, decimal_places=2, default=Decimal(0))
    wage_max = models.DecimalField(_("月增收上限（元）"), max_digits=10, decimal_places=2, default=Decimal(0))
    recorded_on = models.DateField(_("统计日期"), db_index=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("吸纳就业")
        verbose_name_plural = _("吸纳就业")
        constraints = [
            models.CheckConstraint(
                condition=Q(people__gt=0), name="party_jobs_people", violation_error_message=_("人数须大于 0")
            ),
            models.CheckConstraint(
                condition=Q(wage_min__gte=0) & Q(wage_max__gte=F("wage_min")),
                name="party_jobs_wage_range",
                violation_error_message=_("月增收上限不能低于下限，且都不能为负数"),
            ),
        ]


class ActivityKind(models.TextChoices):
    VISIT = "visit", _("走访慰问")
    JOB_FAIR = "job_fair", _("招聘会（联合村党支部）")
    STUDY = "study", _("主题党日")
    OTHER = "other", _("其他")


class Activity(ZoneOwned):
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="+", verbose_name=_("企业")
    )
    kind = models.CharField(_("类别"), max_length=16, choices=ActivityKind.choices)
    title = models.CharField(_("活动"), max_length=120)
    partner = models.CharField(_("联合村党支部/对象"), max_length=100, blank=True)
    held_on = models.DateField(_("日期"), db_index=True)
    participants = models.PositiveIntegerField(_("参加人数"), default=0)

    class Meta:
        verbose_name = _("党建活动")
        verbose_name_plural = _("党建活动")
