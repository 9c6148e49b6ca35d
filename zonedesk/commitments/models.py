"""The zone's own promises to enterprises (有诺必践) and what it owes them (清理拖欠企业账款).

A commitment belongs to the zone and its responsible department, not to the official who
signed it: a handover of the responsible person is a row of its own and the commitment, its
due date and its history stay (新官理旧账). Due dates are stored, indexed columns; the
overdue sweep reads them with an indexed range query.

Arrears are kept in 元 (Decimal, two places); pages show 万元.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zonedesk.organisation.models import ZoneOwned
from zonedesk.organisation.roles import Role

# Roles that keep the registers (record, hand over, cancel, record payments).
REGISTRAR_ROLES = frozenset({Role.INVESTMENT_OFFICER, Role.LEADER})
# Roles that see every commitment and arrear of their zones.
ZONE_READERS = frozenset({Role.INVESTMENT_OFFICER, Role.LEADER, Role.PROVINCIAL, Role.WINDOW_CLERK})
DEPARTMENT_ROLES = frozenset({Role.REVIEWER, Role.DEPARTMENT_HEAD})


class SourceKind(models.TextChoices):
    AGREEMENT = "agreement", _("投资协议")
    POLICY = "policy", _("政策文件/承诺函")
    MINUTES = "minutes", _("会议纪要")
    OTHER = "other", _("其他")


class CommitmentKind(models.TextChoices):
    LAND = "land", _("土地交付")
    INFRASTRUCTURE = "infrastructure", _("道路、水电等配套到地块")
    SUBSIDY = "subsidy", _("奖补资金")
    RENT_FREE = "rent_free", _("租金减免")
    SERVICE = "service", _("审批服务")
    OTHER = "other", _("其他")


class CommitmentStatus(models.TextChoices):
    OPEN = "open", _("待兑现")
    FULFILLED = "fulfilled", _("已兑现")
    CANCELLED = "cancelled", _("已撤销")


def _scope(user, *, department_field: str) -> Q | None:
    """The rows a user sees: None when nothing."""
    if not getattr(user, "is_authenticated", False):
        return None
    roles = user.roles
    allowed = Q(pk__in=[])
    if Role.ENTERPRISE in roles and user.enterprise_id:
        allowed |= Q(enterprise_id=user.enterprise_id)
    if roles & ZONE_READERS:
        allowed |= Q(pk__isnull=False)
    if roles & DEPARTMENT_ROLES and user.department_id:
        allowed |= Q(**{department_field: user.department_id})
    return allowed


class CommitmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> CommitmentQuerySet:
        """Enterprise: its own; investment, leaders, window, province: their zones; department
        staff: their department's; a steward: those of the projects it looks after."""
        allowed = _scope(user, department_field="department_id")
        if allowed is None:
            return self.none()
        if Role.STEWARD in user.roles:
            allowed |= (
                Q(project__project_steward_id=user.pk)
                | Q(project__env_steward_id=user.pk)
                | Q(project__safety_steward_id=user.pk)
                | Q(project__assistant_id=user.pk)
            )
        return self.filter(allowed, zone_id__in=user.visible_zone_ids)


class Commitment(ZoneOwned):
    number = models.CharField(_("承诺编号"), max_length=20)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("企业"),
    )
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("招商项目"),
    )
    # The standard-land sale whose signing made this promise (land delivery, roads to the site).
    sale = models.ForeignKey(
        "land.ParcelSale",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="zone_commitments",
        verbose_name=_("土地出让"),
    )
    beneficiary = models.CharField(_("承诺对象"), max_length=120)
    title = models.CharField(_("承诺事项"), max_length=200)
    kind = models.CharField(_("承诺类别"), max_length=16, choices=CommitmentKind.choices)
    detail = models.TextField(_("承诺内容"), blank=True)
    source_kind = models.CharField(_("依据文件类别"), max_length=16, choices=SourceKind.choices)
    source_title = models.CharField(_("依据文件"), max_length=200)
    source_file = models.ForeignKey(
        "files.StoredFile",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("依据文件附件"),
    )
    promised_on = models.DateField(_("承诺日期"))
    due_on = models.DateField(_("兑现期限"))
    amount_yuan = models.DecimalField(
        _("涉及金额（元）"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    department = models.ForeignKey(
        "organisation.Department",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("责任部门"),
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("责任人"),
    )
    promised_by = models.CharField(_("承诺人（签署时）"), max_length=60, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=CommitmentStatus.choices, default=CommitmentStatus.OPEN
    )
    fulfilled_on = models.DateField(_("兑现日期"), null=True, blank=True)
    fulfilment_note = models.CharField(_("兑现情况"), max_length=500, blank=True)
    cancel_reason = models.CharField(_("撤销理由"), max_length=300, blank=True)
    # Set by the overdue sweep, in the same transaction that notifies: a commitment is
    # reported overdue once.
    overdue_at = models.DateTimeField(_("超期提醒时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("承诺事项")
        verbose_name_plural = _("承诺事项")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "number"],
                name="commitment_number_unique",
                violation_error_message=_("承诺编号已存在"),
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("promised_on")),
                name="commitment_due_after_promise",
                violation_error_message=_("兑现期限不能早于承诺日期"),
            ),
            models.CheckConstraint(
                condition=Q(amount_yuan__isnull=True) | Q(amount_yuan__gte=0),
                name="commitment_amount_not_negative",
                violation_error_message=_("金额不能为负数"),
            ),
            models.CheckConstraint(
                condition=~Q(status="fulfilled") | Q(fulfilled_on__isnull=False),
                name="commitment_fulfilled_has_date",
                violation_error_message=_("已兑现的承诺须有兑现日期"),
            ),
        ]
        indexes = [
            # The overdue sweep and the figures: open rows by due date.
            models.Index(fields=["status", "due_on"], name="commitment_status_due"),
            models.Index(fields=["zone", "due_on"], name="commitment_zone_due"),
            models.Index(fields=["department", "status", "due_on"], name="commitment_dept_due"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def is_overdue(self, today) -> bool:
        return self.status == CommitmentStatus.OPEN and self.due_on < today


class CommitmentEvidence(ZoneOwned):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("材料名称"), max_length=120)
    file = models.ForeignKey("files.StoredFile", on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("兑现佐证")
        verbose_name_plural = _("兑现佐证")
        ordering = ["created_at", "id"]


class Handover(ZoneOwned):
    """A change of the responsible person (append only): the commitment stays with the zone."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="handovers")
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("原责任人"),
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("新责任人"),
    )
    from_department = models.ForeignKey("organisation.Department", on_delete=models.PROTECT, related_name="+")
    to_department = models.ForeignKey("organisation.Department", on_delete=models.PROTECT, related_name="+")
    on = models.DateField(_("交接日期"))
    note = models.CharField(_("交接说明"), max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("责任交接")
        verbose_name_plural = _("责任交接")
        ordering = ["on", "id"]


# ---------------------------------------------------------------------------------------------
# Arrears


class ArrearKind(models.TextChoices):
    WORKS = "works", _("工程款")
    GOODS = "goods", _("货物和服务款")
    SUBSIDY = "subsidy", _("奖补资金")
    DEPOSIT = "deposit", _("保证金")
    OTHER = "other", _("其他")


class ArrearStatus(models.TextChoices):
    OUTSTANDING = "outstanding", _("未清偿")
    CLEARED = "cleared", _("已清偿")


class ConfirmState(models.TextChoices):
    PENDING = "pending", _("待企业确认")
    CONFIRMED = "confirmed", _("企业已确认")
    DISPUTED = "disputed", _("企业有异议")


class ArrearQuerySet(models.QuerySet):
    def visible_to(self, user) -> ArrearQuerySet:
        allowed = _scope(user, department_field="department_id")
        if allowed is None:
            return self.none()
        return self.filter(allowed, zone_id__in=user.visible_zone_ids)


class Arrear(ZoneOwned):
    number = models.CharField(_("账款编号"), max_length=20)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="+", verbose_name=_("债权企业")
    )
    department = models.ForeignKey(
        "organisation.Department",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("欠款单位（部门）"),
    )
    kind = models.CharField(_("账款类别"), max_length=16, choices=ArrearKind.choices)
    basis = models.CharField(_("形成依据（合同/文件）"), max_length=200)
    amount_yuan = models.DecimalField(_("应付金额（元）"), max_digits=16, decimal_places=2)
    paid_yuan = models.DecimalField(_("已付金额（元）"), max_digits=16, decimal_places=2, default=0)
    due_on = models.DateField(_("应付日期"))
    status = models.CharField(
        _("状态"), max_length=16, choices=ArrearStatus.choices, default=ArrearStatus.OUTSTANDING
    )
    cleared_on = models.DateField(_("清偿日期"), null=True, blank=True)
    confirm_state = models.CharField(
        _("企业确认"), max_length=16, choices=ConfirmState.choices, default=ConfirmState.PENDING
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    appeal = models.ForeignKey(
        "appeals.Appeal",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("异议诉求"),
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    objects = ArrearQuerySet.as_manager()

    class Meta:
        verbose_name = _("拖欠企业账款")
        verbose_name_plural = _("拖欠企业账款")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "number"],
                name="arrear_number_unique",
                violation_error_message=_("账款编号已存在"),
            ),
            models.CheckConstraint(
                condition=Q(amount_yuan__gt=0),
                name="arrear_amount_positive",
                violation_error_message=_("应付金额须大于 0"),
            ),
            models.CheckConstraint(
                condition=Q(paid_yuan__gte=0) & Q(paid_yuan__lte=models.F("amount_yuan")),
                name="arrear_paid_within_amount",
                violation_error_message=_("已付金额不能超过应付金额"),
            ),
        ]
        indexes = [
            models.Index(fields=["zone", "status", "due_on"], name="arrear_zone_status_due"),
            models.Index(fields=["department", "status", "due_on"], name="arrear_dept_due"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.enterprise_id}"

    @property
    def outstanding_yuan(self):
        return self.amount_yuan - self.paid_yuan


class ArrearPayment(ZoneOwned):
    arrear = models.ForeignKey(Arrear, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField(_("支付日期"))
    amount_yuan = models.DecimalField(_("支付金额（元）"), max_digits=16, decimal_places=2)
    voucher = models.CharField(_("凭证号"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("还款记录")
        verbose_name_plural = _("还款记录")
        ordering = ["paid_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_yuan__gt=0),
                name="arrear_payment_positive",
                violation_error_message=_("支付金额须大于 0"),
            )
        ]
        indexes = [models.Index(fields=["zone", "paid_on"], name="arrear_payment_zone_paid")]
