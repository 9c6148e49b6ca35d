"""Policies (惠企政策): documents, clauses with versioned eligibility rules and benefit
formulas, stored match results, and awards with their disbursement (兑现)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zonedesk.cultivation.models import ScopedQuerySet
from zonedesk.organisation.models import Zone, ZoneOwned
from zonedesk.organisation.roles import BUSINESS_STAFF_ROLES


class Mode(models.TextChoices):
    AUTO = "auto", _("免申即享")
    APPLY = "apply", _("申报")


class PolicyQuerySet(models.QuerySet):
    """Policies are public within the zone: staff and the zone's enterprise users read them."""

    def visible_to(self, user):
        if not user.is_authenticated or not (user.roles & BUSINESS_STAFF_ROLES or user.enterprise_id):
            return self.none()
        return self.filter(zone_id__in=user.visible_zone_ids)


class Policy(ZoneOwned):
    title = models.CharField(_("政策文件"), max_length=200)
    number = models.CharField(_("文号"), max_length=100, blank=True)
    issuer = models.CharField(_("发文机关"), max_length=100)
    valid_from = models.DateField(_("施行日期"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    summary = models.TextField(_("摘要"), blank=True)
    demo = models.BooleanField(
        _("演示参数"), default=False, help_text=_("条款的门槛与金额为演示用，非正式文件数值")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PolicyQuerySet.as_manager()

    class Meta:
        verbose_name = _("政策文件")
        verbose_name_plural = _("政策文件")
        ordering = ["-valid_from", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "title"],
                name="policy_title_unique_in_zone",
                violation_error_message=_("该政策文件已登记"),
            )
        ]

    def __str__(self) -> str:
        return self.title


class Clause(ZoneOwned):
    policy = models.ForeignKey(
        Policy, on_delete=models.CASCADE, related_name="clauses", verbose_name=_("政策")
    )
    code = models.CharField(_("条款"), max_length=20)
    title = models.CharField(_("条款名称"), max_length=200)
    text = models.TextField(_("条款原文"), blank=True)
    mode = models.CharField(_("兑现方式"), max_length=8, choices=Mode.choices)
    cap = models.DecimalField(_("封顶（万元）"), max_digits=14, decimal_places=4, null=True, blank=True)
    rule_version = models.PositiveIntegerField(_("规则版本"), default=1)
    version = models.PositiveIntegerField(_("版本"), default=1)

    objects = PolicyQuerySet.as_manager()

    class Meta:
        verbose_name = _("政策条款")
        verbose_name_plural = _("政策条款")
        ordering = ["policy", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "code"],
                name="clause_code_unique",
                violation_error_message=_("该条款编号已存在"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.policy.title} {self.code} {self.title}"


class ClauseRule(ZoneOwned):
    """One version of a clause's eligibility rule and benefit formula; never edited, only
    superseded, so a decision can always be explained by the version it used."""

    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="rules")
    number = models.PositiveIntegerField(_("版本"))
    rule = models.JSONField(_("资格规则"))
    benefit = models.JSONField(_("兑现公式"))
    note = models.CharField(_("修订说明"), max_length=200, blank=True)
    created_by = models.ForeignKey("organisation.User", on_delete=models.PROTECT, null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("条款规则版本")
        verbose_name_plural = _("条款规则版本")
        ordering = ["clause", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["clause", "number"], name="clause_rule_version_unique")
        ]


class Outcome(models.TextChoices):
    PASSED = "passed", _("符合")
    UNKNOWN = "unknown", _("待补数据")
    FAILED = "failed", _("不符合")


class Match(ZoneOwned):
    """The stored result of one enterprise × clause under one rule version. Stored for the
    qualifying, the unknown and the nearly qualifying (one condition short; ``matching.NEAR``).

    No trace is stored per result: it is made again on reading from the facts frozen in the
    enterprise's ``MatchState`` (``matching.explain_matches``). A zone match writes millions of
    these rows, so the table carries only the indexes its reads use — the unique pair (which
    also serves the enterprise's foreign key) and clause × outcome × distance (the clause's
    lists, counts and foreign key); every further index was a B-tree updated per row. (The zone's
    own index is left out too: every row of a zone match has the same zone, and the reads reach
    a zone's results through its clauses.) The foreign keys are not database constraints: the
    rows are derived, recomputed from the facts, and Django's own cascade removes them with
    their enterprise or clause; as constraints they cost a trigger call per key per row, 40 % of
    PostgreSQL's work in a zone match (measured on 2,000 enterprises × 50 clauses)."""

    zone = models.ForeignKey(
        Zone, on_delete=models.PROTECT, verbose_name=_("园区"), db_index=False, db_constraint=False
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.CASCADE,
        related_name="policy_matches",
        db_index=False,
        db_constraint=False,
    )
    clause = models.ForeignKey(
        Clause, on_delete=models.CASCADE, related_name="matches", db_index=False, db_constraint=False
    )
    rule_version = models.PositiveIntegerField()
    outcome = models.CharField(max_length=8, choices=Outcome.choices)
    distance = models.PositiveSmallIntegerField(default=0)
    benefit = models.DecimalField(max_digits=14, decimal_places=4, null=True)
    benefit_text = models.CharField(max_length=300, blank=True)
    computed_at = models.DateTimeField()  # when the result was computed (shown on the pages)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enterprise", "clause"], name="match_unique")]
        indexes = [models.Index(fields=["clause", "outcome", "distance"])]


class MatchState(ZoneOwned):
    """What an enterprise's stored results were computed from: a digest of its facts and of the
    zone's clauses in force (versions and dated parameters on the day). A re-match that finds
    the same digest skips the enterprise — no evaluation, no write — so re-matching a zone costs
    reading its facts plus the work for what changed."""

    enterprise = models.OneToOneField(
        "enterprises.Enterprise", on_delete=models.CASCADE, related_name="match_state"
    )
    # 16 hex digits of the frozen facts' hash, then 16 of the clauses' (versions, parameters)
    digest = models.CharField(max_length=32)
    checked_at = models.DateTimeField()  # when a re-match last confirmed the results
    # What every stored result of the enterprise was evaluated on: its facts
    # (rules_engine.frozen) and the day (dated parameters). Null: results from before facts
    # were frozen, shown without a trace until the next re-match redoes them.
    facts = models.JSONField(default=dict)
    evaluated_on = models.DateField(null=True)

    objects = ScopedQuerySet.as_manager()


class AwardStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("已确认（待审批）")
    APPROVED = "approved", _("已审批（待拨付）")
    PAID = "paid", _("已兑现")
    CANCELLED = "cancelled", _("已撤销")


AWARD_TRANSITIONS = {
    "approve": ({AwardStatus.CONFIRMED}, AwardStatus.APPROVED),
    "pay": ({AwardStatus.APPROVED}, AwardStatus.PAID),
    "cancel": ({AwardStatus.CONFIRMED, AwardStatus.APPROVED}, AwardStatus.CANCELLED),
}


class Award(ZoneOwned):
    """A benefit granted to an enterprise under one clause for one period, with the trace of
    the decision frozen as it was; then approval and payment (兑现)."""

    clause = models.ForeignKey(Clause, on_delete=models.PROTECT, related_name="awards")
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.PROTECT, related_name="awards")
    period = models.PositiveIntegerField(_("年度"))
    mode = models.CharField(_("兑现方式"), max_length=8, choices=Mode.choices)
    amount = models.DecimalField(_("金额（万元）"), max_digits=14, decimal_places=4)
    basis = models.CharField(_("计算依据"), max_length=300, blank=True)
    rule_version = models.PositiveIntegerField(_("规则版本"))
    trace = models.JSONField(_("资格判定过程（冻结）"), default=list)
    status = models.CharField(
        _("状态"), max_length=10, choices=AwardStatus.choices, default=AwardStatus.CONFIRMED
    )
    confirmed_by = models.ForeignKey("organisation.User", on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(_("确认时间"))
    approved_by = models.ForeignKey(
        "organisation.User", on_delete=models.PROTECT, null=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("审批时间"), null=True)
    paid_on = models.DateField(_("拨付日期"), null=True, db_index=True)
    payment_ref = models.CharField(_("拨付凭证号"), max_length=60, blank=True)
    cancel_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("兑现记录")
        verbose_name_plural = _("兑现记录")
        ordering = ["-confirmed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["clause", "enterprise", "period"],
                condition=~Q(status="cancelled"),
                name="award_once_per_clause_and_period",
                violation_error_message=_("该企业本年度已获得该条款的兑现，不能重复"),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="award_amount_not_negative",
                violation_error_message=_("金额不能为负"),
            ),
            models.CheckConstraint(
                condition=~Q(status="paid") | (Q(paid_on__isnull=False) & ~Q(payment_ref="")),
                name="award_paid_has_date_and_ref",
                violation_error_message=_("已兑现须有拨付日期和凭证号"),
            ),
        ]
        indexes = [models.Index(fields=["zone", "period", "status"])]


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已申报（待审核）")
    SUPPLEMENT = "supplement", _("待补正")
    ACCEPTED = "accepted", _("审核通过")
    REFUSED = "refused", _("不予支持")


REVIEW_WORKING_DAYS = 15  # the reference review limit of a 申报 clause (working days)


class PolicyApplication(ZoneOwned):
    """申报: the enterprise applies under a clause for a period, citing materials from its
    material library; staff accept (→ an award with the trace frozen), ask for 补正 (the review
    clock stops) or refuse with a reason. The review deadline is a stored, indexed column."""

    clause = models.ForeignKey(Clause, on_delete=models.PROTECT, related_name="applications")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="policy_applications"
    )
    period = models.PositiveIntegerField(_("年度"))
    status = models.CharField(
        _("状态"), max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    statement = models.TextField(_("申报说明"), blank=True)
    materials = models.ManyToManyField("approvals.MaterialRecord", blank=True, verbose_name=_("申报材料"))
    outcome_at_submission = models.CharField(max_length=8, blank=True)
    submitted_by = models.ForeignKey("organisation.User", on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("申报时间"))
    due_on = models.DateField(_("审核期限"), db_index=True)
    due_provisional = models.BooleanField(default=False)
    pauses = models.JSONField(default=list)  # [{"start": iso, "end": iso | null, "reason": str}]
    reason = models.CharField(_("补正或不予支持的理由"), max_length=300, blank=True)
    decided_by = models.ForeignKey("organisation.User", on_delete=models.PROTECT, null=True, related_name="+")
    decided_at = models.DateTimeField(null=True)
    award = models.OneToOneField(Award, on_delete=models.PROTECT, null=True, related_name="application")
    version = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("政策申报")
        verbose_name_plural = _("政策申报")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["clause", "enterprise", "period"],
                condition=~Q(status="refused"),
                name="application_once_per_clause_and_period",
                violation_error_message=_("该企业本年度已申报该条款"),
            ),
        ]
        indexes = [models.Index(fields=["zone", "status", "due_on"])]
