"""Staff appraisal (考核): versioned KPI templates, periods, one sheet per person, scores,
objections, corrections and the 员额制/聘任制 decisions that cite an appraisal.

Appraisal results are sensitive: a sheet is visible to the person, the assessor chain (assessor,
department reviewer, the objection reviewer), the head of the person's department, the zone's
leaders and the group's HR department (for sheets of the group's departments). Nobody else.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zonedesk.appraisal import rules
from zonedesk.organisation.models import DepartmentKind, PostSystem, ZoneOwned
from zonedesk.organisation.roles import Role

GROUP_KINDS = (DepartmentKind.GROUP, DepartmentKind.HQ, DepartmentKind.SUBSIDIARY)


class PeriodKind(models.TextChoices):
    MONTH = "month", _("月度")
    QUARTER = "quarter", _("季度")
    YEAR = "year", _("年度")


class Source(models.TextChoices):
    APPROVALS_ON_TIME = rules.APPROVALS_ON_TIME, _("审批事项按时办结率（%）")
    APPROVALS_AVG_DAYS = rules.APPROVALS_AVG_DAYS, _("审批事项平均用时（工作日）")
    APPROVALS_SUPPLEMENT = rules.APPROVALS_SUPPLEMENT, _("审批事项补正率（%）")
    APPEALS_ON_TIME = rules.APPEALS_ON_TIME, _("诉求按时答复率（%）")
    RATINGS_SATISFIED = rules.RATINGS_SATISFIED, _("经办诉求满意率（%）")
    RATINGS_BAD = rules.RATINGS_BAD, _("经办诉求差评数（条）")
    PIPELINE_MOVES = rules.PIPELINE_MOVES, _("招商项目推进次数（次）")
    PIPELINE_SIGNED = rules.PIPELINE_SIGNED, _("推动签约项目投资额（万元）")
    POLICY_AWARDS = rules.POLICY_AWARDS, _("惠企政策兑现笔数（笔）")
    MANUAL = rules.MANUAL, _("人工评分（须附依据）")


class Grade(models.TextChoices):
    EXCELLENT = rules.EXCELLENT, _("优秀")
    PASS = rules.PASS, _("合格")
    BASIC = rules.BASIC, _("基本合格")
    FAIL = rules.FAIL, _("不合格")


class Flag(models.TextChoices):
    NONE = "", _("—")
    DEMOTE = rules.DEMOTE, _("降职降薪")
    DISMISS = rules.DISMISS, _("末位淘汰")


class TieRule(models.TextChoices):
    DERIVED = rules.TIE_DERIVED, _("系统数据得分高者在前")
    SELF_FIRST = rules.TIE_EARLIER, _("先完成自评者在前")
    SHARED = rules.TIE_SHARED, _("并列同名次（按较轻处理）")


class AppraisalSetting(ZoneOwned):
    """Which department is the group's HR department (it sees the group's appraisals)."""

    hr_department = models.ForeignKey(
        "organisation.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("集团人力资源部门"),
    )

    class Meta:
        verbose_name = _("考核设置")
        verbose_name_plural = _("考核设置")
        constraints = [models.UniqueConstraint(fields=["zone"], name="appraisal_setting_one_per_zone")]


def is_hr(user) -> bool:
    if not user.is_authenticated or not user.department_id:
        return False
    return AppraisalSetting.objects.filter(zone_id=user.zone_id, hr_department_id=user.department_id).exists()


def is_manager(user) -> bool:
    """Who opens periods, edits templates, publishes and finalises: leaders and group HR."""
    return user.is_authenticated and (user.has_role(Role.LEADER) or is_hr(user))


class TemplateQuerySet(models.QuerySet):
    def visible_to(self, user) -> TemplateQuerySet:
        """Templates are the rules, not results: every business staff member of the zone reads
        them (a person may know how they are assessed)."""
        if not user.is_authenticated or not user.is_business_staff or user.has_role(Role.PROVINCIAL):
            return self.none()
        return self.filter(zone_id__in=user.visible_zone_ids)


class KpiTemplate(ZoneOwned):
    name = models.CharField(_("模板名称"), max_length=100)
    applies_to = models.CharField(_("适用岗位/部门类别"), max_length=100)
    period_kind = models.CharField(_("考核周期"), max_length=8, choices=PeriodKind.choices)
    number = models.PositiveIntegerField(_("版本号"), default=1)
    is_current = models.BooleanField(_("现行版本"), default=True)
    excellent_at = models.DecimalField(_("优秀分数线"), max_digits=5, decimal_places=2, default=Decimal(90))
    pass_at = models.DecimalField(_("合格分数线"), max_digits=5, decimal_places=2, default=Decimal(70))
    basic_at = models.DecimalField(_("基本合格分数线"), max_digits=5, decimal_places=2, default=Decimal(60))
    note = models.CharField(_("修订说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("考核指标模板")
        verbose_name_plural = _("考核指标模板")
        ordering = ["zone", "name", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "name", "number"],
                name="kpi_template_version_unique",
                violation_error_message=_("该模板已有此版本号"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.number}"

    def thresholds(self) -> rules.Thresholds:
        return rules.Thresholds(self.excellent_at, self.pass_at, self.basic_at)


class KpiIndicator(ZoneOwned):
    """One indicator of one template version (never edited: a change is a new version)."""

    # zone: the template's (the distribution column), set on create.
    template = models.ForeignKey(KpiTemplate, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("指标编码"), max_length=32)
    name = models.CharField(_("指标名称"), max_length=100)
    source = models.CharField(_("数据来源"), max_length=32, choices=Source.choices)
    weight = models.DecimalField(_("权重（分）"), max_digits=5, decimal_places=2)
    full_at = models.DecimalField(_("满分值"), max_digits=12, decimal_places=2, default=Decimal(100))
    zero_at = models.DecimalField(_("零分值"), max_digits=12, decimal_places=2, default=Decimal(0))
    none_pct = models.DecimalField(
        _("无数据时得分比例（%）"), max_digits=5, decimal_places=2, default=Decimal(100)
    )
    is_veto = models.BooleanField(_("一票否决指标"), default=False)
    veto_at = models.DecimalField(_("否决阈值"), max_digits=12, decimal_places=2, null=True, blank=True)
    sort = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        ordering = ["template", "sort", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "code"],
                name="kpi_indicator_code_unique",
                violation_error_message=_("同一模板中指标编码不能重复"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_manual(self) -> bool:
        return self.source == Source.MANUAL

    def rule(self) -> rules.ScoreRule:
        return rules.ScoreRule(self.full_at, self.zero_at, self.none_pct, self.veto_at)


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("考核中")
    PUBLICISED = "publicised", _("公示中")
    FINAL = "final", _("已定档")


class PeriodQuerySet(models.QuerySet):
    def visible_to(self, user) -> PeriodQuerySet:
        if not user.is_authenticated or user.is_admin_role or user.is_enterprise_user:
            return self.none()
        if is_manager(user):
            return self.filter(zone_id__in=user.visible_zone_ids)
        sheets = AppraisalSheet.objects.visible_to(user).values("period_id")
        return self.filter(pk__in=sheets, zone_id__in=user.visible_zone_ids)


class AppraisalPeriod(ZoneOwned):
    name = models.CharField(_("考核名称"), max_length=100)
    template = models.ForeignKey(
        KpiTemplate, on_delete=models.PROTECT, related_name="periods", verbose_name=_("指标模板")
    )
    start = models.DateField(_("考核期起"))
    end = models.DateField(_("考核期止"))
    status = models.CharField(
        _("状态"), max_length=16, choices=PeriodStatus.choices, default=PeriodStatus.OPEN
    )
    objection_days = models.PositiveIntegerField(_("公示期（工作日）"), default=5)
    publicised_on = models.DateField(_("公示日期"), null=True, blank=True)
    objection_deadline = models.DateField(_("异议截止日期"), null=True, blank=True, db_index=True)
    finalised_at = models.DateTimeField(_("定档时间"), null=True, blank=True)
    demote_count = models.PositiveIntegerField(_("降职降薪名额（人）"), default=0)
    demote_pct = models.DecimalField(
        _("降职降薪比例（%）"), max_digits=5, decimal_places=2, default=Decimal(0)
    )
    dismiss_count = models.PositiveIntegerField(_("末位淘汰名额（人）"), default=0)
    tie_rule = models.CharField(
        _("并列处理规则"), max_length=16, choices=TieRule.choices, default=TieRule.DERIVED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("考核期")
        verbose_name_plural = _("考核期")
        ordering = ["-start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="appraisal_period_dates",
                violation_error_message=_("考核期止不能早于考核期起"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def ranking_rule(self) -> rules.RankingRule:
        return rules.RankingRule(self.demote_count, self.demote_pct, self.dismiss_count, self.tie_rule)


class SheetStatus(models.TextChoices):
    SELF = "self", _("待自评")
    ASSESSING = "assessing", _("待考核人评分")
    REVIEW = "review", _("待部门审核")
    DONE = "done", _("已审核")


class SheetQuerySet(models.QuerySet):
    def visible_to(self, user) -> SheetQuerySet:
        if not user.is_authenticated or user.is_admin_role or user.is_enterprise_user:
            return self.none()
        allowed = (
            Q(person_id=user.pk)
            | Q(assessor_id=user.pk)
            | Q(reviewer_id=user.pk)
            | Q(objections__reviewer_id=user.pk)
        )
        if user.has_role(Role.LEADER):
            allowed |= Q(pk__isnull=False)
        if user.has_role(Role.DEPARTMENT_HEAD) and user.department_id:
            allowed |= Q(department_id=user.department_id)
        if is_hr(user):
            allowed |= Q(department__kind__in=GROUP_KINDS)
        return self.filter(allowed, zone_id__in=user.visible_zone_ids).distinct()


class AppraisalSheet(ZoneOwned):
    period = models.ForeignKey(AppraisalPeriod, on_delete=models.CASCADE, related_name="sheets")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("被考核人")
    )
    department = models.ForeignKey(
        "organisation.Department", on_delete=models.PROTECT, related_name="+", verbose_name=_("部门")
    )
    post_name = models.CharField(_("岗位"), max_length=100, blank=True)
    post_system = models.CharField(_("用人方式"), max_length=16, choices=PostSystem.choices, blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("考核人")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("部门审核人")
    )
    rank_group = models.CharField(_("排序组"), max_length=100)
    status = models.CharField(_("状态"), max_length=16, choices=SheetStatus.choices, default=SheetStatus.SELF)
    self_summary = models.TextField(_("个人自评"), blank=True)
    self_at = models.DateTimeField(_("自评时间"), null=True, blank=True)
    self_order = models.PositiveIntegerField(_("自评顺序"), null=True, blank=True)
    derived_score = models.DecimalField(_("系统数据得分"), max_digits=6, decimal_places=2, default=Decimal(0))
    manual_score = models.DecimalField(_("人工评分"), max_digits=6, decimal_places=2, default=Decimal(0))
    total = models.DecimalField(_("总分"), max_digits=6, decimal_places=2, default=Decimal(0))
    vetoed = models.BooleanField(_("一票否决"), default=False)
    veto_reason = models.CharField(_("否决原因"), max_length=300, blank=True)
    grade = models.CharField(_("等次"), max_length=16, choices=Grade.choices, blank=True)
    place = models.PositiveIntegerField(_("名次"), null=True, blank=True)
    flag = models.CharField(_("排序结果"), max_length=16, choices=Flag.choices, blank=True)
    tie_note = models.CharField(_("并列说明"), max_length=300, blank=True)
    review_note = models.CharField(_("审核意见"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = SheetQuerySet.as_manager()

    class Meta:
        verbose_name = _("考核表")
        verbose_name_plural = _("考核表")
        ordering = ["period", "rank_group", "place", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "person"],
                name="appraisal_sheet_one_per_person",
                violation_error_message=_("该人员在本考核期已有考核表"),
            ),
        ]
        indexes = [models.Index(fields=["period", "rank_group", "place"], name="appraisal_sheet_rank")]

    def __str__(self) -> str:
        return f"{self.period.name} · {self.person.display_name}"


class Score(ZoneOwned):
    # zone: the sheet's (the distribution column), set on create.
    sheet = models.ForeignKey(AppraisalSheet, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(KpiIndicator, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("指标值"), max_digits=14, decimal_places=2, null=True, blank=True)
    numerator = models.PositiveIntegerField(null=True, blank=True)
    denominator = models.PositiveIntegerField(null=True, blank=True)
    points = models.DecimalField(_("得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    vetoed = models.BooleanField(_("否决"), default=False)
    evidence = models.CharField(_("依据"), max_length=300, blank=True)
    comment = models.CharField(_("评语"), max_length=300, blank=True)
    basis = models.CharField(_("计算过程"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("指标得分")
        verbose_name_plural = _("指标得分")
        ordering = ["sheet", "indicator__sort", "indicator_id"]
        constraints = [models.UniqueConstraint(fields=["sheet", "indicator"], name="appraisal_score_unique")]


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("复核中")
    UPHELD = "upheld", _("异议成立")
    REJECTED = "rejected", _("异议不成立")


class Objection(ZoneOwned):
    sheet = models.ForeignKey(AppraisalSheet, on_delete=models.CASCADE, related_name="objections")
    reason = models.TextField(_("异议理由"))
    raised_at = models.DateTimeField(_("提出时间"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("复核人")
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    decision_note = models.CharField(_("复核意见"), max_length=300, blank=True)
    decided_at = models.DateTimeField(_("复核时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("考核异议")
        verbose_name_plural = _("考核异议")
        ordering = ["-raised_at", "-id"]


class Correction(ZoneOwned):
    """A recorded change of a score after the sheet was reviewed (the only way to change it)."""

    sheet = models.ForeignKey(AppraisalSheet, on_delete=models.CASCADE, related_name="corrections")
    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="corrections")
    before_points = models.DecimalField(_("原得分"), max_digits=6, decimal_places=2, null=True)
    after_points = models.DecimalField(_("更正后得分"), max_digits=6, decimal_places=2)
    reason = models.CharField(_("更正理由"), max_length=300)
    objection = models.ForeignKey(
        Objection,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("依据的异议"),
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("考核更正")
        verbose_name_plural = _("考核更正")
        ordering = ["at", "id"]


class DecisionKind(models.TextChoices):
    RENEW = "renew", _("续聘")
    DISMISS = "dismiss", _("解聘")
    TRANSFER = "transfer", _("调岗")
    DEMOTE = "demote", _("降职降薪")


class EmploymentDecision(ZoneOwned):
    """员额制/聘任制 decision with the final appraisal as its evidence."""

    sheet = models.ForeignKey(
        AppraisalSheet, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("依据的考核")
    )
    kind = models.CharField(_("决定"), max_length=16, choices=DecisionKind.choices)
    post_system = models.CharField(_("用人方式"), max_length=16, choices=PostSystem.choices)
    effective_on = models.DateField(_("生效日期"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("聘用决定")
        verbose_name_plural = _("聘用决定")
        ordering = ["-effective_on", "-id"]
