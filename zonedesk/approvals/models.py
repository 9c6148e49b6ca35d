"""Engineering-project approval (工程建设项目审批): the zone's versioned catalogue, projects,
applications (one per project and stage), their items, pauses, materials and credit events.

The catalogue is copy-on-write: an application points at the `CatalogueVersion` it started
with, and editing the catalogue creates a new version, so a running application never sees
its limits or materials change under it (loonflow#67, Viewflow#74).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from zonedesk.core.i18n import EnglishNamed
from zonedesk.organisation.models import ZoneOwned
from zonedesk.organisation.roles import ZONE_WIDE_ROLES, Role


class Stage(models.TextChoices):
    """The four stages of the national reform (国办发〔2019〕11号), run in this order."""

    LAND = "land", _("立项用地规划许可")
    BUILD = "build", _("工程建设许可")
    CONSTRUCT = "construct", _("施工许可")
    COMPLETE = "complete", _("竣工验收")

    @classmethod
    def order(cls, stage: str) -> int:
        return [s.value for s in cls].index(stage)


class Requirement(models.TextChoices):
    REQUIRED = "required", _("必要材料")
    # Only these may be missing at a 容缺 acceptance.
    SECONDARY = "secondary", _("次要材料（可容缺）")


class AssessmentKind(models.TextChoices):
    MINERALS = "minerals", _("压覆重要矿产资源评估")
    ENVIRONMENT = "environment", _("环境影响评价")
    SOIL = "soil", _("水土保持方案")
    WATER = "water", _("水资源论证")
    SEISMIC = "seismic", _("地震安全性评价")
    RELICS = "relics", _("文物考古调查勘探")
    CLIMATE = "climate", _("气候可行性论证")
    GEOHAZARD = "geohazard", _("地质灾害危险性评估")
    STABILITY = "stability", _("社会稳定风险评估")


class UtilityKind(models.TextChoices):
    """The four hook-ups of 获得用水/用电/用气/用热 (营商环境 indicators read items by these)."""

    WATER = "water", _("供水")
    POWER = "power", _("供电")
    GAS = "gas", _("供气")
    HEAT = "heat", _("供热")


class ApprovalSetting(ZoneOwned):
    """The zone's business parameters for approvals (DOMAIN.md: *configurable*)."""

    credit_threshold = models.CharField(_("绿色通道信用等级门槛"), max_length=3, default="A")
    yellow_ratio = models.DecimalField(
        _("黄色预警剩余比例"), max_digits=3, decimal_places=2, default=Decimal("0.20")
    )
    # The consequence of a missed 容缺 deadline (reference: 12 months without the green channel,
    # or until a recorded 信用修复).
    breach_suspend_months = models.PositiveIntegerField(_("容缺失信暂停绿色通道（月）"), default=12)
    # How long an applicant has to answer an item's 补正 request, counted on the working-day
    # calendar from the day the request reaches the applicant (the start day not counted).
    supplement_days = models.PositiveIntegerField(_("补正期限（工作日）"), default=10)

    class Meta:
        verbose_name = _("审批参数")
        verbose_name_plural = _("审批参数")
        constraints = [
            models.UniqueConstraint(
                fields=["zone"],
                name="approval_setting_one_per_zone",
                violation_error_message=_("每个园区只有一组审批参数"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.zone} 审批参数"


class CatalogueVersion(ZoneOwned):
    number = models.PositiveIntegerField(_("版本号"))
    is_current = models.BooleanField(_("现行版本"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    note = models.CharField(_("修订说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("事项目录版本")
        verbose_name_plural = _("事项目录版本")
        ordering = ["zone", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "number"],
                name="catalogue_version_unique",
                violation_error_message=_("该版本号已存在"),
            ),
            models.UniqueConstraint(
                fields=["zone"],
                condition=Q(is_current=True),
                name="catalogue_one_current_per_zone",
                violation_error_message=_("每个园区只能有一个现行目录版本"),
            ),
        ]

    def __str__(self) -> str:
        return _("%(zone)s 目录 v%(number)s") % {"zone": self.zone.local_short_name, "number": self.number}


class MaterialType(EnglishNamed, ZoneOwned):
    """A kind of document the enterprise keeps in its material library (not versioned: a
    licence issued under version 1 is still reusable under version 2)."""

    code = models.CharField(_("编码"), max_length=40)
    name = models.CharField(_("材料名称"), max_length=100)
    months_valid = models.PositiveIntegerField(_("有效期（月，空为长期）"), null=True, blank=True)
    # A site plan or a permit belongs to one project; a business licence serves them all.
    per_project = models.BooleanField(_("仅限本项目复用"), default=True)

    class Meta:
        verbose_name = _("材料类型")
        verbose_name_plural = _("材料类型")
        ordering = ["zone", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "code"],
                name="material_type_unique",
                violation_error_message=_("本园区已有该材料编码"),
            )
        ]

    def __str__(self) -> str:
        return self.local_name


class ProjectCategory(EnglishNamed, ZoneOwned):
    version = models.ForeignKey(CatalogueVersion, on_delete=models.PROTECT, related_name="categories")
    code = models.CharField(_("编码"), max_length=40)
    name = models.CharField(_("项目类别"), max_length=100)
    limit_days = models.PositiveIntegerField(_("全流程时限（工作日）"))

    class Meta:
        verbose_name = _("项目类别")
        verbose_name_plural = _("项目类别")
        ordering = ["version", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"],
                name="category_unique_in_version",
                violation_error_message=_("本版本已有该类别编码"),
            ),
            models.CheckConstraint(
                condition=Q(limit_days__gte=1),
                name="category_limit_positive",
                violation_error_message=_("全流程时限须至少 1 个工作日"),
            ),
        ]

    def __str__(self) -> str:
        return _("%(name)s（%(days)s 个工作日）") % {"name": self.local_name, "days": self.limit_days}


class StageLead(ZoneOwned):
    """The lead department of a stage (牵头部门): it sees the whole stage of every project."""

    version = models.ForeignKey(CatalogueVersion, on_delete=models.PROTECT, related_name="leads")
    stage = models.CharField(_("阶段"), max_length=16, choices=Stage.choices)
    department = models.ForeignKey(
        "organisation.Department", on_delete=models.PROTECT, verbose_name=_("牵头部门")
    )

    class Meta:
        verbose_name = _("阶段牵头部门")
        verbose_name_plural = _("阶段牵头部门")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "stage"],
                name="stage_lead_unique",
                violation_error_message=_("每个阶段只有一个牵头部门"),
            )
        ]


class ApprovalItem(EnglishNamed, ZoneOwned):
    version = models.ForeignKey(CatalogueVersion, on_delete=models.PROTECT, related_name="items")
    code = models.CharField(_("事项编码"), max_length=40)
    name = models.CharField(_("事项名称"), max_length=100)
    stage = models.CharField(_("阶段"), max_length=16, choices=Stage.choices)
    department = models.ForeignKey(
        "organisation.Department", on_delete=models.PROTECT, verbose_name=_("办理部门")
    )
    statutory_days = models.PositiveIntegerField(_("法定时限（工作日）"))
    promised_days = models.PositiveIntegerField(_("承诺时限（工作日）"))
    is_utility = models.BooleanField(_("市政公用报装（供水/供电/供气/供热）"), default=False)
    utility_kind = models.CharField(_("报装类别"), max_length=8, choices=UtilityKind.choices, blank=True)
    # What the applicant pays for the item (fees and the technical services it requires, e.g. an
    # assessment report); *configurable* reference data, read by the 营商环境 cost indicator.
    fee_yuan = models.DecimalField(_("办理费用（元）"), max_digits=12, decimal_places=2, default=Decimal("0"))
    waivable_by = models.CharField(
        _("可由区域评估替代"), max_length=16, choices=AssessmentKind.choices, blank=True
    )
    certificate_title = models.CharField(_("准予后核发的证照"), max_length=100, blank=True)
    certificate_material = models.ForeignKey(
        MaterialType,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("证照进入材料库的类型"),
    )
    sort = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("审批事项")
        verbose_name_plural = _("审批事项")
        ordering = ["version", "sort", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"],
                name="item_unique_in_version",
                violation_error_message=_("本版本已有该事项编码"),
            ),
            models.CheckConstraint(
                condition=Q(promised_days__gte=1) & Q(promised_days__lte=models.F("statutory_days")),
                name="item_promised_within_statutory",
                violation_error_message=_("承诺时限须至少 1 个工作日且不超过法定时限"),
            ),
            models.CheckConstraint(
                condition=Q(is_utility=False) | Q(stage="build"),
                name="item_utility_in_build_stage",
                violation_error_message=_("市政公用报装事项应在工程建设许可阶段办理"),
            ),
            models.CheckConstraint(
                condition=Q(utility_kind="") | Q(is_utility=True),
                name="item_utility_kind_only_for_utility",
                violation_error_message=_("只有市政公用报装事项才有报装类别"),
            ),
            models.CheckConstraint(
                condition=Q(fee_yuan__gte=0),
                name="item_fee_nonnegative",
                violation_error_message=_("办理费用不能为负数"),
            ),
        ]

    def __str__(self) -> str:
        return _("%(name)s（%(stage)s）") % {"name": self.local_name, "stage": self.get_stage_display()}


class ItemMaterial(ZoneOwned):
    item = models.ForeignKey(ApprovalItem, on_delete=models.CASCADE, related_name="materials")
    material_type = models.ForeignKey(MaterialType, on_delete=models.PROTECT, verbose_name=_("材料"))
    requirement = models.CharField(
        _("要求"), max_length=16, choices=Requirement.choices, default=Requirement.REQUIRED
    )

    class Meta:
        verbose_name = _("事项所需材料")
        verbose_name_plural = _("事项所需材料")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "material_type"],
                name="item_material_unique",
                violation_error_message=_("该事项已列出此材料"),
            )
        ]


class RegionalAssessment(ZoneOwned):
    kind = models.CharField(_("评估类别"), max_length=16, choices=AssessmentKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    parcels = models.JSONField(_("覆盖地块"), default=list, help_text=_("地块编号列表"))
    # The parcels of the land register the codes name (codes without a parcel stay in ``parcels``).
    parcel_refs = models.ManyToManyField("land.Parcel", blank=True, editable=False,
                                         related_name="assessments",
                                         verbose_name=_("覆盖地块（地块库）"))
    valid_from = models.DateField(_("有效期自"))
    valid_until = models.DateField(_("有效期至"))
    cost_wan = models.DecimalField(_("单个项目节省费用（万元）"), max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = _("区域评估")
        verbose_name_plural = _("区域评估")
        ordering = ["zone", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")),
                name="assessment_valid_range",
                violation_error_message=_("有效期止不能早于有效期起"),
            ),
            models.CheckConstraint(
                condition=Q(cost_wan__gte=0),
                name="assessment_cost_nonnegative",
                violation_error_message=_("费用不能为负数"),
            ),
        ]

    def __str__(self) -> str:
        return self.title


# -- projects and applications ------------------------------------------------------------------


def _enterprise_scope(user) -> Q | None:
    """Q over `enterprise_id` for what the user may see as (or for) an enterprise."""
    q = Q(pk__in=[])
    if Role.ENTERPRISE in user.roles and user.enterprise_id:
        q |= Q(enterprise_id=user.enterprise_id)
    return q


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user) -> ProjectQuerySet:
        if not user.is_authenticated or user.is_admin_role:
            return self.none()
        zones = user.visible_zone_ids
        roles = user.roles
        allowed = _enterprise_scope(user)
        if roles & ZONE_WIDE_ROLES:
            allowed |= Q(zone_id__in=zones)
        if Role.STEWARD in roles:
            allowed |= Q(enterprise_id__in=steward_enterprise_ids(user))
        if user.department_id and roles & {Role.REVIEWER, Role.DEPARTMENT_HEAD}:
            # Correlated EXISTS over the project's own applications and items (indexed by
            # project and by application), not `pk IN (every project with an item of the
            # department)`: at a million applications that set is 612,000 items, which the
            # planner materialised for every decision's one-row lock (2–4 s a step, 0.1 flows/s).
            allowed |= Q(Exists(ApplicationItem.objects.filter(
                application__project_id=OuterRef("pk"), department_id=user.department_id)))
            # The lead department of a stage sees that stage of every project, hence the project.
            allowed |= Q(Exists(Application.objects.filter(
                project_id=OuterRef("pk"), version__leads__department_id=user.department_id,
                version__leads__stage=models.F("stage"))))
        return self.filter(allowed, zone_id__in=zones)


def steward_enterprise_ids(user):
    """Enterprises that authorised this steward (in force today)."""
    from django.utils import timezone

    from zonedesk.agency.models import AgentAuthorisation

    return (
        AgentAuthorisation.objects.in_force(timezone.localdate()).filter(agent=user).values("enterprise_id")
    )


class ConstructionProject(ZoneOwned):
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        related_name="construction_projects",
        verbose_name=_("建设单位"),
    )
    name = models.CharField(_("项目名称"), max_length=200)
    code = models.CharField(_("投资项目代码"), max_length=24)
    category = models.ForeignKey(ProjectCategory, on_delete=models.PROTECT, verbose_name=_("项目类别"))
    parcels = models.JSONField(_("建设地块"), default=list)
    parcel_refs = models.ManyToManyField("land.Parcel", blank=True, editable=False,
                                         related_name="construction_projects",
                                         verbose_name=_("建设地块（地块库）"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    saved_cost_wan = models.DecimalField(
        _("区域评估节省费用（万元）"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    # One project from 储备 to 投产: the pipeline's investment project this construction project
    # is (at most one each way); set by `project_create_from_pipeline` or `project_link_pipeline`.
    pipeline_project = models.OneToOneField(
        "projects.Project",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="construction_project",
        verbose_name=_("招商项目"),
    )

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("工程建设项目")
        verbose_name_plural = _("工程建设项目")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "code"],
                name="project_code_unique_in_zone",
                violation_error_message=_("该投资项目代码已登记"),
            )
        ]

    def __str__(self) -> str:
        return self.name


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待受理")
    WINDOW_SUPPLEMENT = "window_supplement", _("待补正（受理前）")
    IN_REVIEW = "in_review", _("审查中")
    # Every item decided; a stage with a lead department (牵头部门) completes only when the lead
    # has recorded the combined result.
    LEAD_SUMMARY = "lead_summary", _("待牵头部门汇总")
    COMPLETED = "completed", _("已办结")
    REFUSED = "refused", _("不予受理")
    TERMINATED = "terminated", _("终止办理")


APPLICATION_TRANSITIONS: dict[str, frozenset[str]] = {
    ApplicationStatus.SUBMITTED: frozenset(
        {ApplicationStatus.IN_REVIEW, ApplicationStatus.REFUSED, ApplicationStatus.WINDOW_SUPPLEMENT}
    ),
    ApplicationStatus.WINDOW_SUPPLEMENT: frozenset({ApplicationStatus.SUBMITTED, ApplicationStatus.REFUSED}),
    ApplicationStatus.IN_REVIEW: frozenset(
        {ApplicationStatus.COMPLETED, ApplicationStatus.LEAD_SUMMARY, ApplicationStatus.TERMINATED}
    ),
    ApplicationStatus.LEAD_SUMMARY: frozenset({ApplicationStatus.COMPLETED, ApplicationStatus.TERMINATED}),
    ApplicationStatus.COMPLETED: frozenset(),
    ApplicationStatus.REFUSED: frozenset(),
    ApplicationStatus.TERMINATED: frozenset(),
}


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user) -> ApplicationQuerySet:
        return self.filter(project__in=ConstructionProject.objects.visible_to(user))


class Application(ZoneOwned):
    project = models.ForeignKey(ConstructionProject, on_delete=models.PROTECT, related_name="applications")
    stage = models.CharField(_("阶段"), max_length=16, choices=Stage.choices)
    version = models.ForeignKey(CatalogueVersion, on_delete=models.PROTECT, verbose_name=_("目录版本"))
    status = models.CharField(
        _("状态"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    simulated = models.BooleanField(_("模拟审批（土地出让前）"), default=False)
    green_channel = models.BooleanField(_("信用绿色通道"), default=False)
    form = models.JSONField(_("申请表"), default=dict)
    submitted_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    submitted_by = models.CharField(_("提交人"), max_length=120)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    completed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    window_notice = models.JSONField(_("一次性告知"), default=list, blank=True)
    refuse_reason = models.CharField(_("不予受理理由"), max_length=500, blank=True)
    # 容缺受理
    tolerance = models.BooleanField(_("容缺受理"), default=False)
    tolerance_deadline = models.DateField(_("容缺补齐期限"), null=True, blank=True)
    tolerance_provisional = models.BooleanField(default=False)
    promise_signed_at = models.DateTimeField(_("信用承诺书签署时间"), null=True, blank=True)
    promise_signed_by = models.CharField(_("承诺人"), max_length=120, blank=True)
    terminated_reason = models.CharField(_("终止理由"), max_length=300, blank=True)
    saved_cost_wan = models.DecimalField(
        _("区域评估节省（万元）"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    # Working days the stage took (its slowest item), stored when it completes.
    used_days = models.PositiveIntegerField(_("阶段用时（工作日）"), null=True, blank=True)
    # On a completed 竣工验收 only: the sum of the project's completed stages' days, stored when
    # it completes (and again when a calendar correction moves a stage's days), so the
    # dashboard's 已办结项目平均用时 is one index-only range over the period's completions instead
    # of a join with every completed stage of those projects (369 ms at a million applications).
    project_days = models.PositiveIntegerField(_("项目累计用时（工作日）"), null=True, blank=True)
    # The lead department's combined result of the stage (牵头部门办结意见).
    lead_result = models.CharField(_("牵头部门办结意见"), max_length=1000, blank=True)
    lead_closed_at = models.DateTimeField(_("牵头部门办结时间"), null=True, blank=True)
    lead_closed_by = models.CharField(_("牵头部门办结人"), max_length=120, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("审批申请")
        verbose_name_plural = _("审批申请")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            # Refused or terminated applications may be filed again; at most one live one.
            models.UniqueConstraint(
                fields=["project", "stage"],
                condition=~Q(status__in=["refused", "terminated"]),
                name="application_one_live_per_stage",
                violation_error_message=_("该项目本阶段已有申请"),
            ),
        ]
        indexes = [
            models.Index(fields=["zone", "status"]),
            models.Index(fields=["status", "tolerance_deadline"]),
            # The dashboard's 区域评估节省 figures: the few applications a regional assessment
            # saved money on, by submission date (a sequential scan of every application before).
            models.Index(fields=["zone", "submitted_at"], name="approvals_app_saved",
                         condition=Q(saved_cost_wan__gt=0)),
            # The dashboard's 在审批项目 (distinct projects of the live applications): an
            # index-only scan of the zone's live rows, not a heap visit per application.
            # (The statuses are selectors.LIVE_STATUSES, in its order.)
            models.Index(fields=["zone", "project"], name="approvals_app_live", condition=Q(
                status__in=["submitted", "window_supplement", "in_review", "lead_summary"])),
            # The dashboard's 已办结项目平均用时: the projects whose 竣工验收 completed in the
            # period with their stored total days, index-only by completion time.
            models.Index(fields=["zone", "completed_at"], name="approvals_app_done",
                         include=["project", "project_days"],
                         condition=Q(stage="complete", status="completed")),
            models.Index(fields=["project"], name="approvals_app_used", include=["used_days"],
                         condition=Q(status="completed")),
        ]

    def __str__(self) -> str:
        return f"{self.project.name} · {self.get_stage_display()}"


class ItemState(models.TextChoices):
    PENDING = "pending", _("待受理")
    WAIVED = "waived", _("区域评估免办")
    IN_REVIEW = "in_review", _("审查中")
    SUPPLEMENT = "supplement", _("待补正")
    APPROVED = "approved", _("准予许可")
    REFUSED = "refused", _("不予许可")
    TERMINATED = "terminated", _("终止办理")


ITEM_TRANSITIONS: dict[str, frozenset[str]] = {
    ItemState.PENDING: frozenset({ItemState.IN_REVIEW, ItemState.TERMINATED}),
    ItemState.WAIVED: frozenset(),
    ItemState.IN_REVIEW: frozenset(
        {ItemState.APPROVED, ItemState.REFUSED, ItemState.SUPPLEMENT, ItemState.TERMINATED}
    ),
    ItemState.SUPPLEMENT: frozenset({ItemState.IN_REVIEW, ItemState.TERMINATED}),
    ItemState.APPROVED: frozenset(),
    ItemState.REFUSED: frozenset(),
    ItemState.TERMINATED: frozenset(),
}
OPEN_ITEM_STATES = frozenset({ItemState.PENDING, ItemState.IN_REVIEW, ItemState.SUPPLEMENT})
# States whose clock runs (or is paused) and that the red sweep examines; a tuple, so the
# query and the partial index spell the same IN list.
SWEPT_STATES = ("in_review", "supplement")


class ApplicationItemQuerySet(models.QuerySet):
    def visible_to(self, user) -> ApplicationItemQuerySet:
        return self.filter(application__project__in=ConstructionProject.objects.visible_to(user))


class ApplicationItem(ZoneOwned):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="items")
    item = models.ForeignKey(ApprovalItem, on_delete=models.PROTECT, verbose_name=_("事项"))
    department = models.ForeignKey(
        "organisation.Department", on_delete=models.PROTECT, verbose_name=_("办理部门")
    )
    state = models.CharField(_("状态"), max_length=16, choices=ItemState.choices, default=ItemState.PENDING)
    limit_days = models.PositiveIntegerField(_("承诺时限（工作日）"))
    started_at = models.DateTimeField(_("起算时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    decided_by = models.CharField(_("决定人"), max_length=120, blank=True)
    reason = models.CharField(_("理由/补正要求"), max_length=500, blank=True)
    waived_by = models.ForeignKey(
        RegionalAssessment, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("替代的区域评估")
    )
    saved_cost_wan = models.DecimalField(
        _("节省费用（万元）"), max_digits=10, decimal_places=2, default=Decimal("0")
    )
    certificate = models.ForeignKey(
        "certificates.Certificate",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("证照"),
    )
    # Copied from the application, and the deadline kept current by every service that moves
    # the clock, so every inbox orders and pages on indexed columns of its own row. While a
    # pause is open the stored date is the lower bound the clock gives at that moment.
    green_channel = models.BooleanField(default=False)
    due_date = models.DateField(_("办理期限"), null=True, blank=True)
    # The deadline runs through a year whose official schedule is not entered yet (暂定).
    due_provisional = models.BooleanField(_("期限暂定"), default=False)
    # The rest of the stored clock (approvals/clocks.py `stored_clock`), kept by the same
    # services: figures and sweeps read these columns and never run the clock per row.
    due_paused = models.BooleanField(_("期限因暂停未定"), default=False)
    yellow_on = models.DateField(_("黄色预警起始日"), null=True, blank=True)
    decided_on_time = models.BooleanField(_("按时办结"), null=True, blank=True)
    used_days = models.PositiveIntegerField(_("已用工作日（办结时）"), null=True, blank=True)
    # The last warning the sweep gave for the clock's current state: "", yellow, red.
    clock_warned = models.CharField(_("已预警"), max_length=8, blank=True, default="")
    # Derived by the database from the state, so no writer can forget it.
    in_inbox = models.GeneratedField(
        expression=models.Case(
            models.When(state__in=["in_review", "supplement"], then=models.Value(True)),
            default=models.Value(False),
        ),
        output_field=models.BooleanField(),
        db_persist=True,
    )

    objects = ApplicationItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("申请事项")
        verbose_name_plural = _("申请事项")
        ordering = ["application", "item__sort"]
        indexes = [
            # The review inbox in its order; equality on the two leading columns lets SQLite and
            # PostgreSQL alike walk it for ORDER BY … LIMIT and for the count.
            models.Index(
                fields=["department", "in_inbox", "-green_channel", "due_date", "id"],
                name="approvals_item_inbox",
            ),
            models.Index(fields=["application", "state"], name="approvals_item_app_state"),
            # The warning sweeps walk only what is still to warn: a marked row leaves the index.
            models.Index(
                fields=["due_date", "id"],
                name="approvals_item_red_sweep",
                condition=Q(state__in=SWEPT_STATES, due_paused=False) & ~Q(clock_warned="red"),
            ),
            models.Index(
                fields=["yellow_on", "id"],
                name="approvals_item_yellow_sweep",
                condition=Q(state="in_review", clock_warned=""),
            ),
            # A calendar correction recomputes only the open clocks whose span covers a
            # changed date: a range on the stored deadline of the open clocks.
            models.Index(
                fields=["due_date", "id"],
                name="approvals_item_open_clock",
                condition=Q(decided_at__isnull=True, started_at__isnull=False),
            ),
            models.Index(
                fields=["zone", "decided_at"],
                name="approvals_item_decided",
                condition=Q(decided_at__isnull=False),
            ),
            # The dashboard's "overdue in review" count: an index-only range over the zone's
            # items in review (57 ms → 12 ms over 300,000 item clocks, a sequential scan before).
            models.Index(
                fields=["zone", "due_date"],
                name="approvals_item_overdue",
                condition=Q(state="in_review"),
            ),
        ]

    def __str__(self) -> str:
        return self.item.name

    def can(self, target: str) -> bool:
        return target in ITEM_TRANSITIONS[self.state]


class Pause(ZoneOwned):
    """A stop of an item's clock (行政许可法 art. 45); the clock reads these intervals."""

    application_item = models.ForeignKey(ApplicationItem, on_delete=models.CASCADE, related_name="pauses")
    start = models.DateTimeField(_("开始"))
    end = models.DateTimeField(_("结束"), null=True, blank=True)
    reason = models.CharField(_("原因"), max_length=200)
    # A 补正 pause's deadline for the applicant (ApprovalSetting.supplement_days working days
    # after the request), stored when the request goes out and printed on its 补正告知书;
    # indexed for the lists and sweeps that look for overdue 补正.
    due_on = models.DateField(_("补正期限"), null=True, blank=True, db_index=True)
    # The deadline runs through a year whose official schedule is not entered yet (暂定).
    due_provisional = models.BooleanField(_("补正期限暂定"), default=False)
    # Set by the overdue-补正 sweep when it has told the applicant and the department that the
    # deadline passed unanswered; a marked pause leaves the sweep's range (told once).
    overdue_warned = models.BooleanField(_("已提醒补正逾期"), default=False)

    class Meta:
        verbose_name = _("计时暂停")
        verbose_name_plural = _("计时暂停")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="pause_end_after_start",
                violation_error_message=_("暂停结束不能早于开始"),
            ),
            models.UniqueConstraint(
                fields=["application_item"],
                condition=Q(end__isnull=True),
                name="pause_one_open_per_item",
                violation_error_message=_("该事项已有未结束的暂停"),
            ),
        ]
        indexes = [
            # The overdue-补正 sweep's range: open 补正 pauses not yet told, by deadline.
            models.Index(
                fields=["due_on", "id"],
                name="approvals_supplement_overdue",
                condition=Q(end__isnull=True, overdue_warned=False, due_on__isnull=False),
            ),
        ]


class MaterialRecordQuerySet(models.QuerySet):
    def visible_to(self, user) -> MaterialRecordQuerySet:
        from zonedesk.enterprises.models import Enterprise

        return self.filter(enterprise__in=Enterprise.objects.visible_to(user))


class MaterialRecord(ZoneOwned):
    """One document in an enterprise's material library (materials submitted once)."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="material_records"
    )
    material_type = models.ForeignKey(MaterialType, on_delete=models.PROTECT, verbose_name=_("材料"))
    project = models.ForeignKey(
        "ConstructionProject",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("所属项目"),
    )
    stored_file = models.ForeignKey(
        "files.StoredFile",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("文件"),
    )
    certificate = models.ForeignKey(
        "certificates.Certificate",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("证照"),
    )
    file_name = models.CharField(_("文件名"), max_length=200, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    created_at = models.DateTimeField(_("入库时间"), auto_now_add=True)
    created_by = models.CharField(_("提交人"), max_length=120)
    # Versions: a 补正 upload replaces the record it corrects, which stays for the reviewer.
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("上一版本")
    )
    version = models.PositiveIntegerField(_("版本"), default=1)
    supplement = models.ForeignKey(
        "approvals.SupplementRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
        verbose_name=_("所答补正要求"),
    )

    objects = MaterialRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("材料库记录")
        verbose_name_plural = _("材料库记录")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["enterprise", "material_type"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(stored_file__isnull=False) | Q(certificate__isnull=False),
                name="material_record_has_content",
                violation_error_message=_("材料库记录须有文件或证照"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.material_type.name} {self.file_name}"


class MaterialStatus(models.TextChoices):
    PROVIDED = "provided", _("已提交")
    REUSED = "reused", _("复用")
    MISSING = "missing", _("缺")
    TOLERATED = "tolerated", _("容缺待补")


class ApplicationMaterial(ZoneOwned):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="materials")
    material_type = models.ForeignKey(MaterialType, on_delete=models.PROTECT)
    requirement = models.CharField(max_length=16, choices=Requirement.choices)
    status = models.CharField(max_length=16, choices=MaterialStatus.choices, default=MaterialStatus.MISSING)
    record = models.ForeignKey(MaterialRecord, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["application", "material_type__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "material_type"],
                name="application_material_unique",
                violation_error_message=_("该材料已在清单中"),
            )
        ]


class CreditEvent(ZoneOwned):
    """A breach recorded against the enterprise's credit (e.g. a missed 容缺 deadline)."""

    class Kind(models.TextChoices):
        TOLERANCE_BREACH = "tolerance_breach", _("容缺受理承诺未履行")

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="approval_credit_events"
    )
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="credit_events")
    kind = models.CharField(_("类别"), max_length=32, choices=Kind.choices)
    occurred_on = models.DateField(_("发生日期"))
    note = models.CharField(_("说明"), max_length=300)
    # The zone's configured consequence: no green channel (nor 容缺) until this day, or until
    # a recorded 信用修复, whichever comes first.
    suspended_until = models.DateField(_("绿色通道暂停至"), null=True, blank=True)
    repaired_on = models.DateField(_("信用修复日期"), null=True, blank=True)
    repaired_by = models.CharField(_("信用修复登记人"), max_length=120, blank=True)
    repair_note = models.CharField(_("信用修复说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("信用事件")
        verbose_name_plural = _("信用事件")
        indexes = [models.Index(fields=["enterprise", "suspended_until"], name="approvals_credit_suspended")]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind"],
                name="credit_event_once",
                violation_error_message=_("该申请已记录此信用事件"),
            )
        ]


# 一件事一次办 (packages of items on this engine) live in their own module, registered here.
from zonedesk.approvals.package_models import (  # noqa: E402, F401
    CaseVisit,
    PackageCase,
    PackageCaseItem,
    PackageCaseMaterial,
    PackageCasePause,
    PackageItem,
    PackageItemMaterial,
    ServicePackage,
)
from zonedesk.approvals.stage_models import (  # noqa: E402, F401
    DeadlineChange,
    FormChange,
    ItemField,
    JointReview,
    StageNotice,
    SupplementRequest,
)
from zonedesk.approvals.summary_models import ItemDecisionDay  # noqa: E402, F401
