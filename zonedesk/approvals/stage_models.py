"""What the stage of an application holds beyond its items: the departments' 补正 requests and
the lead department's one notice per stage (一次性告知), joint work (联合审图, 联合验收), the
declared fields of the one form per stage and their history, and the history of deadlines a
calendar correction moved.

Kept beside models.py (registered from there) so each module stays readable."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zonedesk.organisation.models import ZoneOwned


class SupplementStatus(models.TextChoices):
    # A department's request waits for the lead department to put it into the stage's notice.
    COLLECTED = "collected", _("待牵头部门汇总告知")
    NOTIFIED = "notified", _("已告知，待申请人补正")
    ANSWERED = "answered", _("已补正")


class SupplementRequest(ZoneOwned):
    """One request for 补正: by the window (no item) or by a department for one item. It names
    the materials the applicant must upload again; the answer is refused without them."""

    application = models.ForeignKey(
        "approvals.Application", on_delete=models.CASCADE, related_name="supplement_requests"
    )
    application_item = models.ForeignKey(
        "approvals.ApplicationItem",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="supplement_requests",
    )
    department = models.ForeignKey(
        "organisation.Department", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("提出部门")
    )
    notice = models.ForeignKey(
        "approvals.StageNotice", null=True, blank=True, on_delete=models.PROTECT, related_name="requests"
    )
    material_types = models.ManyToManyField(
        "approvals.MaterialType", blank=True, related_name="+", verbose_name=_("须补正的材料")
    )
    reason = models.CharField(_("补正要求"), max_length=500)
    status = models.CharField(_("状态"), max_length=16, choices=SupplementStatus.choices)
    requested_at = models.DateTimeField(_("提出时间"))
    requested_by = models.CharField(_("提出人"), max_length=120)
    answered_at = models.DateTimeField(_("补正时间"), null=True, blank=True)
    answered_by = models.CharField(_("补正人"), max_length=120, blank=True)
    answer = models.CharField(_("补正说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("补正要求")
        verbose_name_plural = _("补正要求")
        ordering = ["requested_at", "id"]
        indexes = [models.Index(fields=["application", "status"], name="approvals_suppl_app_status")]


class StageNotice(ZoneOwned):
    """The lead department's one 一次性告知 of a stage: every department's collected request,
    sent to the applicant as one list (the clocks of the items concerned stop together)."""

    application = models.ForeignKey(
        "approvals.Application", on_delete=models.CASCADE, related_name="stage_notices"
    )
    department = models.ForeignKey(
        "organisation.Department", on_delete=models.PROTECT, verbose_name=_("牵头部门")
    )
    note = models.CharField(_("告知说明"), max_length=500, blank=True)
    issued_at = models.DateTimeField(_("告知时间"))
    issued_by = models.CharField(_("告知人"), max_length=120)
    answered_at = models.DateTimeField(_("补正完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("阶段一次性告知")
        verbose_name_plural = _("阶段一次性告知")
        ordering = ["issued_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(answered_at__isnull=True),
                name="stage_notice_one_open",
                violation_error_message=_("本阶段已有一份待补正的一次性告知"),
            )
        ]


class JointKind(models.TextChoices):
    DRAWINGS = "drawings", _("联合审图")
    ACCEPTANCE = "acceptance", _("联合验收")


# Which stage each kind of joint work belongs to (施工图 are reviewed before the construction
# permit in 工程建设许可/施工许可; 联合验收 is the 竣工验收 stage).
JOINT_STAGES = {JointKind.DRAWINGS: ("build", "construct"), JointKind.ACCEPTANCE: ("complete",)}


class JointOutcome(models.TextChoices):
    PASSED = "passed", _("通过")
    RECTIFY = "rectify", _("整改后通过")
    FAILED = "failed", _("不通过")


class JointReview(ZoneOwned):
    """联合审图 / 联合验收 organised by the lead department with the departments taking part."""

    application = models.ForeignKey(
        "approvals.Application", on_delete=models.CASCADE, related_name="joint_reviews"
    )
    kind = models.CharField(_("类别"), max_length=16, choices=JointKind.choices)
    held_on = models.DateField(_("日期"))
    departments = models.ManyToManyField(
        "organisation.Department", related_name="+", verbose_name=_("参加部门")
    )
    outcome = models.CharField(_("结论"), max_length=16, choices=JointOutcome.choices)
    conclusion = models.CharField(_("意见"), max_length=1000)
    recorded_at = models.DateTimeField(_("记录时间"))
    recorded_by = models.CharField(_("记录人"), max_length=120)

    class Meta:
        verbose_name = _("联合审图/验收")
        verbose_name_plural = _("联合审图/验收")
        ordering = ["held_on", "id"]


class FieldType(models.TextChoices):
    TEXT = "text", _("文本")
    NUMBER = "number", _("数值")
    DATE = "date", _("日期")
    CHOICE = "choice", _("选项")


class ItemField(ZoneOwned):
    """A data field an approval item needs (catalogue, copied with each version). The stage
    form asks the union of its items' fields, each key once."""

    item = models.ForeignKey("approvals.ApprovalItem", on_delete=models.CASCADE, related_name="fields")
    key = models.CharField(_("字段键"), max_length=40)
    label = models.CharField(_("字段名称"), max_length=100)
    type = models.CharField(_("类型"), max_length=8, choices=FieldType.choices, default=FieldType.TEXT)
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    required = models.BooleanField(_("必填"), default=True)
    pattern = models.CharField(_("格式（正则）"), max_length=200, blank=True)
    min_value = models.DecimalField(_("最小值"), max_digits=16, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(_("最大值"), max_digits=16, decimal_places=4, null=True, blank=True)
    choices = models.JSONField(_("可选值"), default=list, blank=True)
    # Where the value is prefilled from: enterprise.<attr>, project.<attr> or form.<key> of an
    # earlier stage (see rules.PREFILL_SOURCES).
    prefill = models.CharField(_("预填来源"), max_length=60, blank=True)
    sort = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("事项数据字段")
        verbose_name_plural = _("事项数据字段")
        ordering = ["item", "sort", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "key"],
                name="item_field_unique",
                violation_error_message=_("该事项已声明此字段"),
            )
        ]


class FormChange(ZoneOwned):
    """One change of a stage form's value; after acceptance only through an open 补正."""

    application = models.ForeignKey(
        "approvals.Application", on_delete=models.CASCADE, related_name="form_changes"
    )
    key = models.CharField(_("字段键"), max_length=40)
    before = models.JSONField(_("原值"), null=True, blank=True)
    after = models.JSONField(_("新值"), null=True, blank=True)
    changed_at = models.DateTimeField(_("修改时间"))
    changed_by = models.CharField(_("修改人"), max_length=120)
    supplement = models.ForeignKey(
        SupplementRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("申请表修改记录")
        verbose_name_plural = _("申请表修改记录")
        ordering = ["changed_at", "id"]


class DeadlineChange(ZoneOwned):
    """A stored deadline that a recompute moved (a holiday edit, the official schedule of a
    year entered): what it was, what it is, and why, so every place that shows the deadline
    can say it moved."""

    application = models.ForeignKey(
        "approvals.Application", on_delete=models.CASCADE, related_name="deadline_changes"
    )
    application_item = models.ForeignKey(
        "approvals.ApplicationItem",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deadline_changes",
    )
    field = models.CharField(_("期限"), max_length=20)  # due_date / tolerance_deadline
    before = models.DateField(_("原期限"), null=True)
    before_provisional = models.BooleanField(default=False)
    after = models.DateField(_("新期限"), null=True)
    after_provisional = models.BooleanField(default=False)
    changed_at = models.DateTimeField(_("重算时间"))
    reason = models.CharField(_("原因"), max_length=200)

    class Meta:
        verbose_name = _("期限重算记录")
        verbose_name_plural = _("期限重算记录")
        ordering = ["changed_at", "id"]
