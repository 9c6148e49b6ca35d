"""The investment pipeline (招商引资): projects, their moves, stewards and documents.

Amounts are stored in 万元 (Decimal); the pages and the API show 亿元 from 1亿 up.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zonedesk.core.i18n import EnglishNamed
from zonedesk.organisation.models import ZoneOwned
from zonedesk.organisation.roles import Role
from zonedesk.projects import rules

# Who sees the whole pipeline of their zones; a steward sees the projects they look after.
PIPELINE_ROLES = frozenset({Role.INVESTMENT_OFFICER, Role.LEADER, Role.PROVINCIAL})


class Stage(models.TextChoices):
    RESERVE = rules.RESERVE, _("储备")
    NEGOTIATING = rules.NEGOTIATING, _("在谈")
    SIGNED = rules.SIGNED, _("签约")
    BUILDING = rules.BUILDING, _("开工建设")
    PRODUCTION = rules.PRODUCTION, _("投产")


class LeadSource(models.TextChoices):
    QINGDAO = "qingdao", _("青岛驻点招商")
    SHENZHEN = "shenzhen", _("深圳驻点招商")
    BUSINESS = "business", _("以商招商")
    CLUSTER = "cluster", _("产业园集群招商")
    CHAIN = "chain", _("产业链招商")
    REFERRAL = "referral", _("商会/中介推介")
    LOCAL = "local", _("本地企业增资扩产")
    OTHER = "other", _("其他")


class StewardRole(models.TextChoices):
    PROJECT = "project_steward", _("项目管家")
    ENVIRONMENT = "env_steward", _("环保管家")
    SAFETY = "safety_steward", _("安全管家")
    ASSISTANT = "assistant", _("项目助手")


class DocumentKind(models.TextChoices):
    AGREEMENT = rules.DOC_AGREEMENT, _("投资协议（合同）")
    PERMIT = rules.DOC_PERMIT, _("施工许可证或开工报告")
    PRODUCTION = rules.DOC_PRODUCTION, _("竣工验收或投产报告")
    OTHER = rules.DOC_OTHER, _("其他材料")


class IndustryChain(EnglishNamed, ZoneOwned):
    """The zone's industry chains (reference data the zone edits in the admin)."""

    name = models.CharField(_("名称"), max_length=60)
    sort = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("产业链")
        verbose_name_plural = _("产业链")
        ordering = ["zone", "sort", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "name"],
                name="chain_name_unique_in_zone",
                violation_error_message=_("本园区已有同名产业链"),
            )
        ]

    def __str__(self) -> str:
        return self.local_name


class StageSetting(ZoneOwned):
    """Aging thresholds of one stage in one zone, in working days (*configurable*)."""

    stage = models.CharField(_("阶段"), max_length=16, choices=Stage.choices)
    yellow_days = models.PositiveIntegerField(_("黄色预警（工作日）"))
    red_days = models.PositiveIntegerField(_("红色预警（工作日）"))

    class Meta:
        verbose_name = _("阶段停留预警")
        verbose_name_plural = _("阶段停留预警")
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "stage"],
                name="stage_setting_unique",
                violation_error_message=_("该阶段已设置"),
            ),
            models.CheckConstraint(
                condition=Q(red_days__gt=models.F("yellow_days")),
                name="stage_setting_red_after_yellow",
                violation_error_message=_("红色预警天数应大于黄色预警天数"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.yellow_days}/{self.red_days}"


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user) -> ProjectQuerySet:
        """Investment, leaders and the province see their zones' pipeline; a steward sees the
        projects they are one of the stewards of; nobody else sees any."""
        if not user.is_authenticated:
            return self.none()
        roles = user.roles
        allowed = Q(pk__in=[])
        if roles & PIPELINE_ROLES:
            allowed |= Q(pk__isnull=False)
        if Role.STEWARD in roles:
            allowed |= (
                Q(project_steward_id=user.pk)
                | Q(env_steward_id=user.pk)
                | Q(safety_steward_id=user.pk)
                | Q(assistant_id=user.pk)
            )
        return self.filter(allowed, zone_id__in=user.visible_zone_ids)


class Project(ZoneOwned):
    name = models.CharField(_("项目名称"), max_length=120)
    investor_name = models.CharField(_("投资方"), max_length=120, blank=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("项目单位"),
    )
    chain = models.ForeignKey(
        IndustryChain,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("产业链"),
    )
    total_investment = models.DecimalField(_("总投资（万元）"), max_digits=14, decimal_places=2)
    yearly_investment = models.DecimalField(
        _("年度计划投资（万元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    stage = models.CharField(_("阶段"), max_length=16, choices=Stage.choices, default=Stage.RESERVE)
    entered_on = models.DateField(_("入库日期"))
    negotiating_on = models.DateField(_("在谈日期"), null=True, blank=True)
    signed_on = models.DateField(_("签约日期"), null=True, blank=True)
    started_on = models.DateField(_("开工日期"), null=True, blank=True)
    production_on = models.DateField(_("投产日期"), null=True, blank=True)
    partial_use = models.BooleanField(_("部分投用"), default=False)
    partial_use_on = models.DateField(_("部分投用日期"), null=True, blank=True)
    expected_completion = models.DateField(_("计划完工日期"), null=True, blank=True)
    is_key = models.BooleanField(_("重点项目"), default=False)
    # Standard factories and incubators built by the zone's own platform company (政府投资):
    # the company is a department of the zone, not an enterprise of the register.
    self_built = models.BooleanField(_("园区平台公司自建"), default=False)
    lead_source = models.CharField(_("招商渠道"), max_length=16, choices=LeadSource.choices, blank=True)
    park = models.ForeignKey(
        "parks.Park", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("产业园")
    )
    parcel = models.CharField(_("地块"), max_length=120, blank=True)
    # The parcel of the land register the code names (a code without a parcel stays in ``parcel``).
    parcel_ref = models.ForeignKey("land.Parcel", null=True, blank=True, editable=False,
                                   on_delete=models.PROTECT, related_name="pipeline_projects",
                                   verbose_name=_("地块（地块库）"))
    expected_output = models.DecimalField(
        _("预计年产值（万元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    expected_tax = models.DecimalField(
        _("预计年税收（万元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    expected_jobs = models.PositiveIntegerField(_("预计带动就业（人）"), null=True, blank=True)
    project_code = models.CharField(_("投资项目代码"), max_length=24, blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chain_projects",
        verbose_name=_("补链延链所属项目"),
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    project_steward = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("项目管家"),
    )
    env_steward = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("环保管家"),
    )
    safety_steward = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("安全管家"),
    )
    assistant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("项目助手"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("招商项目")
        verbose_name_plural = _("招商项目")
        ordering = ["-is_key", "-total_investment", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "project_code"],
                condition=~Q(project_code=""),
                name="pipeline_project_code_unique",
                violation_error_message=_("该投资项目代码已登记"),
            ),
            models.UniqueConstraint(
                fields=["zone", "name"],
                name="pipeline_project_name_unique",
                violation_error_message=_("本园区已有同名项目"),
            ),
            models.CheckConstraint(
                condition=Q(total_investment__gte=0),
                name="pipeline_project_total_not_negative",
                violation_error_message=_("总投资不能为负数"),
            ),
            models.CheckConstraint(
                condition=Q(yearly_investment__isnull=True)
                | Q(yearly_investment__lte=models.F("total_investment")),
                name="pipeline_project_yearly_le_total",
                violation_error_message=_("年度计划投资不能大于总投资"),
            ),
        ]
        indexes = [
            models.Index(fields=["zone", "stage"]),
            models.Index(fields=["zone", "started_on"]),
            models.Index(fields=["zone", "signed_on"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def stage_since(self):
        return getattr(self, rules.STAGE_DATE[self.stage])

    @property
    def total_text(self) -> str:
        return rules.amount_text(self.total_investment)

    @property
    def yearly_text(self) -> str:
        return rules.amount_text(self.yearly_investment)

    def steward(self, role: str):
        return getattr(self, role)


class StageMove(ZoneOwned):
    """One move of the lifecycle: the record behind the stage dates (append only)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="moves")
    from_stage = models.CharField(_("原阶段"), max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("新阶段"), max_length=16, choices=Stage.choices)
    moved_on = models.DateField(_("日期"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(_("操作人"), max_length=100)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("阶段变更")
        verbose_name_plural = _("阶段变更")
        ordering = ["moved_on", "id"]


class StewardAssignment(ZoneOwned):
    """Who held one steward role of a project, from when to when (append only; the open row
    is the current holder)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(_("职责"), max_length=16, choices=StewardRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="steward_assignments",
        verbose_name=_("人员"),
    )
    start_on = models.DateField(_("起始日期"))
    end_on = models.DateField(_("结束日期"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("管家分配")
        verbose_name_plural = _("管家分配")
        ordering = ["role", "start_on", "id"]


class ProjectDocument(ZoneOwned):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("材料类别"), max_length=16, choices=DocumentKind.choices)
    title = models.CharField(_("标题"), max_length=120)
    file = models.ForeignKey("files.StoredFile", on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("项目材料")
        verbose_name_plural = _("项目材料")
        ordering = ["created_at", "id"]
