"""一件事一次办: packages of items of several departments that an enterprise applies for with
one form, one checklist of materials and one acceptance, handled in parallel on the same
working-day clock, item state machine and material library as construction approval.

Why these tables beside ``Application``/``ApplicationItem`` instead of more rows in them: the
construction application is keyed by a construction project and a stage (its scope, material
reuse per project and certificates all read ``application.project``), and an enterprise's life
event has neither. The case and its items therefore have rows of their own, and everything
that makes up the engine is shared: the catalogue version (packages are part of it and are
copied with it), the approval items themselves where a package reuses them (utility hook-ups,
completion acceptance), ``ItemState``/``ITEM_TRANSITIONS``, the clock (``clocks.clock_for``,
``read_clock``), the stored due date (``services.packages._refresh_case_item_due``), who may act
(``_require_window``,
``_require_reviewer``, ``ports.acting_for``) and the material library (``MaterialRecord``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zonedesk.approvals.models import (
    ITEM_TRANSITIONS,
    ApprovalItem,
    CatalogueVersion,
    ItemState,
    MaterialRecord,
    MaterialStatus,
    MaterialType,
    Requirement,
)
from zonedesk.organisation.models import ZoneOwned
from zonedesk.organisation.roles import ZONE_WIDE_ROLES, Role


class ServicePackage(ZoneOwned):
    """One 一件事 of one catalogue version (copy-on-write with the version)."""

    version = models.ForeignKey(CatalogueVersion, on_delete=models.PROTECT, related_name="packages")
    code = models.CharField(_("编码"), max_length=40)
    name = models.CharField(_("一件事名称"), max_length=100)
    description = models.CharField(_("说明"), max_length=300, blank=True)
    limit_days = models.PositiveIntegerField(_("整体承诺时限（工作日）"))
    sort = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("一件事")
        verbose_name_plural = _("一件事")
        ordering = ["version", "sort", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"],
                name="package_unique_in_version",
                violation_error_message=_("本版本已有该一件事编码"),
            ),
            models.CheckConstraint(
                condition=Q(limit_days__gte=1),
                name="package_limit_positive",
                violation_error_message=_("整体承诺时限须至少 1 个工作日"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PackageItem(ZoneOwned):
    """An item of a package: a catalogue approval item reused as it is, or a service item of
    its own (registration, seal, invoice...) with its department, limits and materials."""

    package = models.ForeignKey(ServicePackage, on_delete=models.CASCADE, related_name="items")
    approval_item = models.ForeignKey(
        ApprovalItem,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("复用的审批事项"),
    )
    code = models.CharField(_("事项编码"), max_length=40)
    name = models.CharField(_("事项名称"), max_length=100)
    department = models.ForeignKey(
        "organisation.Department", on_delete=models.PROTECT, verbose_name=_("办理部门")
    )
    promised_days = models.PositiveIntegerField(_("承诺时限（工作日）"))
    sort = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("一件事事项")
        verbose_name_plural = _("一件事事项")
        ordering = ["package", "sort", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["package", "code"],
                name="package_item_unique",
                violation_error_message=_("该一件事已有此事项编码"),
            ),
            models.CheckConstraint(
                condition=Q(promised_days__gte=1),
                name="package_item_limit_positive",
                violation_error_message=_("承诺时限须至少 1 个工作日"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PackageItemMaterial(ZoneOwned):
    """Materials of a service item of its own (a reused approval item brings its own)."""

    package_item = models.ForeignKey(PackageItem, on_delete=models.CASCADE, related_name="materials")
    material_type = models.ForeignKey(MaterialType, on_delete=models.PROTECT)
    requirement = models.CharField(max_length=16, choices=Requirement.choices, default=Requirement.REQUIRED)

    class Meta:
        verbose_name = _("一件事事项材料")
        verbose_name_plural = _("一件事事项材料")
        constraints = [
            models.UniqueConstraint(
                fields=["package_item", "material_type"],
                name="package_item_material_unique",
                violation_error_message=_("该事项已列出此材料"),
            )
        ]


class CaseStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待受理")
    IN_REVIEW = "in_review", _("并联办理中")
    COMPLETED = "completed", _("已办结")
    REFUSED = "refused", _("不予受理")


CASE_TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.SUBMITTED: frozenset({CaseStatus.IN_REVIEW, CaseStatus.REFUSED}),
    CaseStatus.IN_REVIEW: frozenset({CaseStatus.COMPLETED}),
    CaseStatus.COMPLETED: frozenset(),
    CaseStatus.REFUSED: frozenset(),
}


class PackageCaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> PackageCaseQuerySet:
        """Enterprise: its own; window, leaders, province: their zones; department staff:
        cases with an item of their department; a steward: its authorising enterprises'."""
        if not getattr(user, "is_authenticated", False) or user.is_admin_role:
            return self.none()
        roles = user.roles
        allowed = Q(pk__in=[])
        if Role.ENTERPRISE in roles and user.enterprise_id:
            allowed |= Q(enterprise_id=user.enterprise_id)
        if roles & ZONE_WIDE_ROLES:
            allowed |= Q(pk__isnull=False)
        if user.department_id and roles & {Role.REVIEWER, Role.DEPARTMENT_HEAD}:
            allowed |= Q(
                pk__in=PackageCaseItem.objects.filter(department_id=user.department_id).values("case_id")
            )
        if Role.STEWARD in roles:
            from zonedesk.approvals.models import steward_enterprise_ids

            allowed |= Q(enterprise_id__in=steward_enterprise_ids(user))
        return self.filter(allowed, zone_id__in=user.visible_zone_ids)


class PackageCase(ZoneOwned):
    number = models.CharField(_("办件编号"), max_length=20)
    package = models.ForeignKey(
        ServicePackage, on_delete=models.PROTECT, related_name="cases", verbose_name=_("一件事")
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="+", verbose_name=_("申请企业")
    )
    construction_project = models.ForeignKey(
        "approvals.ConstructionProject",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("工程建设项目"),
    )
    form = models.JSONField(_("申请表"), default=dict)
    status = models.CharField(
        _("状态"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("提交时间"))
    submitted_by = models.CharField(_("提交人"), max_length=120)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    accepted_by = models.CharField(_("受理人"), max_length=120, blank=True)
    completed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    refuse_reason = models.CharField(_("不予受理理由"), max_length=500, blank=True)
    # 最多跑一次: in-person visits the enterprise needed (0: 不见面), kept equal to the rows of
    # CaseVisit by the service that adds them, so the dashboard's rate is one aggregate.
    visit_count = models.PositiveIntegerField(_("到现场次数"), default=0)
    version = models.PositiveIntegerField(_("版本"), default=1)

    objects = PackageCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("一件事办件")
        verbose_name_plural = _("一件事办件")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "number"],
                name="package_case_number_unique",
                violation_error_message=_("办件编号已存在"),
            ),
        ]
        indexes = [
            models.Index(fields=["zone", "status", "completed_at"], name="package_case_done"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.package.name}"


class PackageCaseItem(ZoneOwned):
    """One department's part of a case, on the approval clock (started, limit, pauses)."""

    case = models.ForeignKey(PackageCase, on_delete=models.CASCADE, related_name="items")
    package_item = models.ForeignKey(PackageItem, on_delete=models.PROTECT, verbose_name=_("事项"))
    department = models.ForeignKey(
        "organisation.Department", on_delete=models.PROTECT, verbose_name=_("办理部门")
    )
    state = models.CharField(_("状态"), max_length=16, choices=ItemState.choices, default=ItemState.PENDING)
    limit_days = models.PositiveIntegerField(_("承诺时限（工作日）"))
    started_at = models.DateTimeField(_("起算时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    decided_by = models.CharField(_("决定人"), max_length=120, blank=True)
    reason = models.CharField(_("理由/补正要求"), max_length=500, blank=True)
    due_date = models.DateField(_("办理期限"), null=True, blank=True)

    class Meta:
        verbose_name = _("一件事办件事项")
        verbose_name_plural = _("一件事办件事项")
        ordering = ["case", "package_item__sort"]
        indexes = [
            models.Index(fields=["department", "state", "due_date", "id"], name="package_item_inbox"),
        ]

    def __str__(self) -> str:
        return self.package_item.name

    def can(self, target: str) -> bool:
        return target in ITEM_TRANSITIONS[self.state]


class PackageCasePause(ZoneOwned):
    """A stop of a case item's clock for 补正 (read by the same clock as approval items)."""

    case_item = models.ForeignKey(PackageCaseItem, on_delete=models.CASCADE, related_name="pauses")
    start = models.DateTimeField(_("开始"))
    end = models.DateTimeField(_("结束"), null=True, blank=True)
    reason = models.CharField(_("原因"), max_length=200)

    class Meta:
        verbose_name = _("一件事计时暂停")
        verbose_name_plural = _("一件事计时暂停")
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(
                fields=["case_item"],
                condition=Q(end__isnull=True),
                name="package_pause_one_open",
                violation_error_message=_("该事项已有未结束的暂停"),
            ),
        ]


class PackageCaseMaterial(ZoneOwned):
    """The case's one checklist: the union of its items' materials, each met once."""

    case = models.ForeignKey(PackageCase, on_delete=models.CASCADE, related_name="materials")
    material_type = models.ForeignKey(MaterialType, on_delete=models.PROTECT)
    requirement = models.CharField(max_length=16, choices=Requirement.choices)
    status = models.CharField(max_length=16, choices=MaterialStatus.choices, default=MaterialStatus.MISSING)
    record = models.ForeignKey(MaterialRecord, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("一件事材料")
        verbose_name_plural = _("一件事材料")
        ordering = ["case", "material_type__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "material_type"],
                name="package_case_material_unique",
                violation_error_message=_("该材料已在清单中"),
            )
        ]


class CaseVisit(ZoneOwned):
    """One time the enterprise had to come in person (最多跑一次), with the reason."""

    case = models.ForeignKey(PackageCase, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("到现场日期"))
    reason = models.CharField(_("到现场原因"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("到现场记录")
        verbose_name_plural = _("到现场记录")
        ordering = ["visited_on", "id"]
