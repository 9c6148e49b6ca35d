"""产学研: partner institutions, cooperation agreements, alliances, experts and talents brought
in, 揭榜挂帅 challenges with milestones, and 带土移植 teams. Amounts in 万元 (Decimal).

Experts' personal data is minimised (a name and an optional phone): the list shows a masked
name to viewers and the full name and phone only to the editors of the register.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zonedesk.organisation.models import ZoneOwned
from zonedesk.organisation.roles import Role

VIEWER_ROLES = frozenset(
    {Role.LEADER, Role.PROVINCIAL, Role.INVESTMENT_OFFICER, Role.STEWARD, Role.DEPARTMENT_HEAD}
)
EDITOR_ROLES = frozenset({Role.LEADER, Role.INVESTMENT_OFFICER})


class InstitutionKind(models.TextChoices):
    UNIVERSITY = "university", _("高校")
    INSTITUTE = "institute", _("科研院所")
    OTHER = "other", _("其他创新平台")


class Institution(ZoneOwned):
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=16, choices=InstitutionKind.choices)
    city = models.CharField(_("所在地"), max_length=40, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("合作高校院所")
        verbose_name_plural = _("合作高校院所")
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "name"],
                name="research_institution_unique",
                violation_error_message=_("本园区已登记同名高校院所"),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Agreement(ZoneOwned):
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("高校院所")
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="+", verbose_name=_("合作企业")
    )
    subject = models.CharField(_("合作内容"), max_length=200)
    signed_on = models.DateField(_("签订日期"))
    end_on = models.DateField(_("到期日期"), null=True, blank=True)
    amount_wan = models.DecimalField(
        _("合同金额（万元）"), max_digits=12, decimal_places=2, default=Decimal(0)
    )

    class Meta:
        verbose_name = _("产学研合作协议")
        verbose_name_plural = _("产学研合作协议")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_wan__gte=0),
                name="research_agreement_amount",
                violation_error_message=_("合同金额不能为负数"),
            ),
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("signed_on")),
                name="research_agreement_dates",
                violation_error_message=_("到期日期不能早于签订日期"),
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class AllianceStatus(models.TextChoices):
    ACTIVE = "active", _("运行中")
    ENDED = "ended", _("已终止")


class Alliance(ZoneOwned):
    name = models.CharField(_("联盟名称"), max_length=100)
    lead_enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("牵头企业（盟主）"),
    )
    institutions = models.ManyToManyField(
        Institution, related_name="alliances", verbose_name=_("成员高校院所")
    )
    started_on = models.DateField(_("成立日期"))
    status = models.CharField(
        _("状态"), max_length=16, choices=AllianceStatus.choices, default=AllianceStatus.ACTIVE
    )

    class Meta:
        verbose_name = _("实质性产学研联盟")
        verbose_name_plural = _("实质性产学研联盟")
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "name"],
                name="research_alliance_unique",
                violation_error_message=_("本园区已有同名联盟"),
            )
        ]

    def __str__(self) -> str:
        return self.name


class ExpertLevel(models.TextChoices):
    ACADEMICIAN = "academician", _("院士")
    NATIONAL = "national", _("国家级领军人才")
    PROFESSOR = "professor", _("教授/研究员")
    ASSOCIATE = "associate", _("副教授/副研究员")
    ENGINEER = "engineer", _("高级工程师")
    DOCTOR = "doctor", _("博士")
    SKILLED = "skilled", _("高技能人才")


class Expert(ZoneOwned):
    name = models.CharField(_("姓名"), max_length=40)
    field = models.CharField(_("专业领域"), max_length=60)
    level = models.CharField(_("层次"), max_length=16, choices=ExpertLevel.choices)
    institution = models.ForeignKey(
        Institution,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="experts",
        verbose_name=_("所在高校院所"),
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("服务企业"),
    )
    since = models.DateField(_("引进日期"))
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("引进专家人才")
        verbose_name_plural = _("引进专家人才")
        indexes = [models.Index(fields=["zone", "since"], name="research_expert_since")]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_name(self) -> str:
        return (self.name[:1] + "*" * (len(self.name) - 1)) if self.name else ""


class ChallengeStatus(models.TextChoices):
    PUBLISHED = "published", _("发榜中")
    TAKEN = "taken", _("已揭榜攻关")
    ACCEPTED = "accepted", _("已验收")
    FAILED = "failed", _("验收未通过")


CHALLENGE_TRANSITIONS = {
    ChallengeStatus.PUBLISHED: frozenset({ChallengeStatus.TAKEN}),
    ChallengeStatus.TAKEN: frozenset({ChallengeStatus.ACCEPTED, ChallengeStatus.FAILED}),
    ChallengeStatus.ACCEPTED: frozenset(),
    ChallengeStatus.FAILED: frozenset(),
}


class Challenge(ZoneOwned):
    """揭榜挂帅: the 盟主 enterprise publishes a problem with a budget; a team takes it."""

    title = models.CharField(_("榜单名称"), max_length=120)
    lead_enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("发榜企业（盟主）"),
    )
    alliance = models.ForeignKey(
        Alliance,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="challenges",
        verbose_name=_("所属联盟"),
    )
    problem = models.TextField(_("技术难题"))
    budget_wan = models.DecimalField(_("榜额（万元）"), max_digits=12, decimal_places=2)
    published_on = models.DateField(_("发榜日期"))
    status = models.CharField(
        _("状态"), max_length=16, choices=ChallengeStatus.choices, default=ChallengeStatus.PUBLISHED
    )
    team = models.CharField(_("揭榜团队"), max_length=120, blank=True)
    team_institution = models.ForeignKey(
        Institution,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="challenges",
        verbose_name=_("团队所在单位"),
    )
    taken_on = models.DateField(_("揭榜日期"), null=True, blank=True)
    result = models.TextField(_("攻关成果"), blank=True)
    accepted_on = models.DateField(_("验收日期"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("揭榜挂帅榜单")
        verbose_name_plural = _("揭榜挂帅榜单")
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_wan__gt=0),
                name="research_challenge_budget",
                violation_error_message=_("榜额须大于 0"),
            )
        ]

    def __str__(self) -> str:
        return self.title


class Milestone(ZoneOwned):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("节点"), max_length=120)
    due_on = models.DateField(_("计划完成"), db_index=True)
    done_on = models.DateField(_("实际完成"), null=True, blank=True)

    class Meta:
        verbose_name = _("攻关节点")
        verbose_name_plural = _("攻关节点")
        ordering = ["due_on", "id"]


class Transplant(ZoneOwned):
    """带土移植: a team moved in with its project."""

    team = models.CharField(_("团队"), max_length=120)
    origin = models.CharField(_("来源单位"), max_length=120)
    project = models.CharField(_("带入项目"), max_length=200)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="+", verbose_name=_("落地企业")
    )
    moved_on = models.DateField(_("落地日期"))
    investment_wan = models.DecimalField(
        _("投资（万元）"), max_digits=12, decimal_places=2, default=Decimal(0)
    )
    members = models.PositiveIntegerField(_("团队人数"), default=1)

    class Meta:
        verbose_name = _("带土移植团队")
        verbose_name_plural = _("带土移植团队")
        constraints = [
            models.CheckConstraint(
                condition=Q(investment_wan__gte=0),
                name="research_transplant_amount",
                violation_error_message=_("投资额不能为负数"),
            )
        ]

    def __str__(self) -> str:
        return self.team
