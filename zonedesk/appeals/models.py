"""Enterprise appeals (诉求), visits, and service ratings (好差评) with rectification and review.

The case states and what moves between them are data (``Status`` and ``rules.TRANSITIONS``);
time limits are zone settings copied onto each case when it is accepted, so a case keeps the
limit it started with when the zone later changes its settings.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from zonedesk.core.i18n import EnglishNamed
from zonedesk.organisation.models import Department, ZoneOwned
from zonedesk.organisation.roles import Role

# The rating levels of GB/T 39734-2020 (政务服务评价工作指南), best first.
SATISFIED_DEFAULT = ["very_satisfied", "satisfied", "basic"]


class Level(models.TextChoices):
    VERY_SATISFIED = "very_satisfied", _("非常满意")
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")
    VERY_UNSATISFIED = "very_unsatisfied", _("非常不满意")


BAD_LEVELS = frozenset({Level.UNSATISFIED, Level.VERY_UNSATISFIED})


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("待受理")
    ACCEPTED = "accepted", _("待派单")
    DISPATCHED = "dispatched", _("待签收")
    HANDLING = "handling", _("办理中")
    WAITING = "waiting", _("待企业补充")
    REPLIED = "replied", _("已答复待回访")
    VISITED = "visited", _("已回访待评价")
    CLOSED = "closed", _("已办结")
    MERGED = "merged", _("已合并")
    REJECTED = "rejected", _("不予受理")


# rules.ACTIVE as a sorted tuple: the sweep's query and its partial index spell the same list.
ACTIVE_STATUSES = ("accepted", "dispatched", "handling", "waiting")


class Source(models.TextChoices):
    PORTAL = "portal", _("企业网上提交")
    VISIT = "visit", _("走访发现")
    HOTLINE = "hotline", _("服务热线")


class LimitUnit(models.TextChoices):
    HOURS = "hours", _("小时")
    WORKING_DAYS = "working_days", _("工作日")


class AppealSettings(ZoneOwned):
    """The zone's parameters (one row per zone; the reference values are the defaults)."""

    yellow_ratio = models.DecimalField(_("黄牌预警剩余比例"), max_digits=4, decimal_places=2,
                                       default=Decimal("0.20"))
    sign_for_hours = models.PositiveIntegerField(_("签收时限（小时）"), default=2)
    rectification_days = models.PositiveIntegerField(_("差评整改时限（工作日）"), default=15)
    satisfied_levels = models.JSONField(_("计入满意的评价等级"), default=list)
    closed_rate_formula = models.CharField(_("办结率公式"), max_length=100,
                                           default=gettext_noop("办结数 ÷ 应办结数"))
    on_time_rate_formula = models.CharField(_("按时办结率公式"), max_length=100,
                                            default=gettext_noop("按时办结数 ÷ 办结数"))
    satisfaction_formula = models.CharField(
        _("满意率公式"), max_length=100, default=gettext_noop("（非常满意 + 满意 + 基本满意）÷ 有效评价数"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("诉求与评价参数")
        verbose_name_plural = _("诉求与评价参数")
        constraints = [models.UniqueConstraint(fields=["zone"], name="appeal_settings_one_per_zone",
                                               violation_error_message=_("每个园区只有一组参数"))]

    def __str__(self) -> str:
        return f"{self.zone} 诉求参数"


class Category(EnglishNamed, ZoneOwned):
    code = models.CharField(_("编码"), max_length=16)
    name = models.CharField(_("名称"), max_length=50)
    limit_amount = models.PositiveIntegerField(_("办理时限"))
    limit_unit = models.CharField(_("时限单位"), max_length=16, choices=LimitUnit.choices)
    sort = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("诉求类别")
        verbose_name_plural = _("诉求类别")
        ordering = ["zone", "sort", "id"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "code"], name="appeal_category_code_unique",
                                    violation_error_message=_("类别编码已存在")),
            models.CheckConstraint(condition=Q(limit_amount__gte=1), name="appeal_category_limit_pos",
                                   violation_error_message=_("办理时限必须为正整数")),
        ]

    def __str__(self) -> str:
        return self.local_name


class Visit(ZoneOwned):
    """A leader's or steward's visit to an enterprise (进园区进企业); each problem captured on
    it becomes an appeal (``Appeal.visit``)."""

    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("走访企业"))
    visited_on = models.DateField(_("走访日期"))
    people = models.CharField(_("参加人员"), max_length=200)
    summary = models.TextField(_("走访情况"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("记录人"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.visited_on} 走访"


class AppealQuerySet(models.QuerySet):
    def visible_to(self, user) -> AppealQuerySet:
        """Enterprise: its own; zone-wide staff (window, leader, provincial): their zones;
        department staff: cases their department leads or co-handles; admins: nothing."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        roles = user.roles
        allowed = Q(pk__in=[])
        if Role.ENTERPRISE in roles and user.enterprise_id:
            allowed |= Q(enterprise_id=user.enterprise_id)
        if roles & {Role.LEADER, Role.PROVINCIAL, Role.WINDOW_CLERK}:
            allowed |= Q(zone_id__in=user.visible_zone_ids)
        if roles & {Role.REVIEWER, Role.DEPARTMENT_HEAD} and user.department_id:
            allowed |= Q(lead_department_id=user.department_id) | Q(
                pk__in=Appeal.co_departments.through.objects.filter(
                    department_id=user.department_id).values("appeal_id"))
        if Role.STEWARD in roles:
            # A steward sees the cases it raised for an enterprise (the authorisation is checked
            # when it raised them; the agency app owns who may act for whom).
            allowed |= Q(raised_by=user)
        return self.filter(allowed, zone_id__in=user.visible_zone_ids)


class Appeal(ZoneOwned):
    number = models.CharField(_("诉求编号"), max_length=20)
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("企业"))
    category = models.ForeignKey(Category, on_delete=models.PROTECT, verbose_name=_("类别"))
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices)
    title = models.CharField(_("标题"), max_length=100)
    description = models.TextField(_("诉求内容"))
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    visit = models.ForeignKey(Visit, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="appeals", verbose_name=_("走访记录"))
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("提交人"))
    raised_by_display = models.CharField(_("提交人"), max_length=120)
    submitted_at = models.DateTimeField(_("提交时间"))
    # The limit the case started with (copied from its category when accepted).
    limit_amount = models.PositiveIntegerField(_("办理时限"), null=True, blank=True)
    limit_unit = models.CharField(_("时限单位"), max_length=16, choices=LimitUnit.choices, blank=True)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    lead_department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+", verbose_name=_("主办部门"))
    co_departments = models.ManyToManyField(Department, blank=True, related_name="+",
                                            verbose_name=_("协办部门"))
    dispatched_at = models.DateTimeField(_("派单时间"), null=True, blank=True)
    sign_due_at = models.DateTimeField(_("签收期限"), null=True, blank=True)
    signed_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    reply = models.TextField(_("答复内容"), blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    replied_on_time = models.BooleanField(_("按时答复"), null=True, blank=True)
    visit_note = models.TextField(_("回访情况"), blank=True)
    visited_at = models.DateTimeField(_("回访时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="merged_cases", verbose_name=_("合并至"))
    escalated_at = models.DateTimeField(_("超期上报时间"), null=True, blank=True)
    escalated_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("上报至"))
    reopened_count = models.PositiveIntegerField(_("重办次数"), default=0)
    version = models.PositiveIntegerField(default=1)
    # The stored clock (clocks.stored_clock), kept by every service that moves it (accept,
    # pause, resume, reply, reopen, merge) and by the calendar recompute: lists, rates, the
    # dashboard and the escalation sweep read these indexed columns instead of the clock.
    due_on = models.DateField(_("办理期限"), null=True, blank=True)
    # The last moment that is still on time (hours: the deadline; working days: the end of
    # the deadline day), so "overdue" is `due_at < now` for both units.
    due_at = models.DateTimeField(null=True, blank=True)
    yellow_at = models.DateTimeField(null=True, blank=True)
    # An open pause: due_on/due_at are the lower bound at the last write.
    due_paused = models.BooleanField(default=False)

    objects = AppealQuerySet.as_manager()

    class Meta:
        verbose_name = _("企业诉求")
        verbose_name_plural = _("企业诉求")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "number"], name="appeal_number_unique",
                                    violation_error_message=_("诉求编号已存在")),
            models.CheckConstraint(condition=~Q(status="merged") | Q(merged_into__isnull=False),
                                   name="appeal_merged_has_target",
                                   violation_error_message=_("已合并的诉求须指明合并至哪一件")),
        ]
        indexes = [models.Index(fields=["zone", "status"]),
                   models.Index(fields=["lead_department", "status"]),
                   # The escalation sweep: only cases still to escalate are in the index.
                   models.Index(fields=["due_at", "id"], name="appeal_escalate_sweep",
                                condition=Q(status__in=ACTIVE_STATUSES, escalated_at__isnull=True,
                                            due_paused=False)),
                   models.Index(fields=["zone", "due_on"], name="appeal_zone_due_on"),
                   models.Index(fields=["zone", "closed_at"], name="appeal_zone_closed_at"),
                   # The dashboard's overdue-now count (selectors.red_q): index-only, open cases only.
                   models.Index(fields=["zone", "due_at"], name="appeal_zone_red",
                                condition=Q(status__in=ACTIVE_STATUSES, due_paused=False))]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class AppealPause(ZoneOwned):
    """A stop of the clock while the case waits for the enterprise (a recorded interval)."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="pauses")
    start = models.DateTimeField(_("开始"))
    end = models.DateTimeField(_("结束"), null=True, blank=True)
    reason = models.CharField(_("原因"), max_length=200)

    class Meta:
        ordering = ["start", "id"]


EVENT_LABELS = {
    "raise": _("提出"), "accept": _("受理"), "reject": _("不予受理"), "dispatch": _("派单"),
    "return": _("退单"), "sign": _("签收"), "request_info": _("请企业补充（暂停计时）"),
    "supply_info": _("企业补充（恢复计时）"), "reply": _("答复"), "visit": _("回访"), "rate": _("评价并办结"),
    "close": _("办结"), "reopen": _("重办"), "supervise": _("督办"), "merge": _("合并至他件"),
    "merge_in": _("合并重复诉求"), "escalate": _("超期上报"),
}


class AppealEvent(ZoneOwned):
    """The case history, one row per move, as the person acting saw it."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("时间"))
    action = models.CharField(_("动作"), max_length=32)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    actor_display = models.CharField(_("操作人"), max_length=120)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["at", "id"]

    @property
    def label(self) -> str:
        return str(EVENT_LABELS.get(self.action, self.action))


class Attachment(ZoneOwned):
    """A file on a case: raised with it (no event) or carried by a move such as 答复 or 回访."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="attachments")
    event = models.ForeignKey(AppealEvent, null=True, blank=True, on_delete=models.CASCADE,
                              related_name="attachments")
    stored_file = models.ForeignKey("files.StoredFile", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]


class Supervision(ZoneOwned):
    """督办: a leader's instruction on a case, shown on the case."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="supervisions")
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    leader_display = models.CharField(max_length=120)
    note = models.TextField(_("督办意见"))
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]


class RatingStatus(models.TextChoices):
    VALID = "valid", _("有效")
    UNDER_REVIEW = "under_review", _("申诉复核中")
    OVERTURNED = "overturned", _("复核撤销")


class RatingQuerySet(models.QuerySet):
    def visible_to(self, user) -> RatingQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        roles = user.roles
        allowed = Q(pk__in=[])
        if Role.ENTERPRISE in roles and user.enterprise_id:
            allowed |= Q(enterprise_id=user.enterprise_id)
        if roles & {Role.LEADER, Role.PROVINCIAL, Role.WINDOW_CLERK}:
            allowed |= Q(zone_id__in=user.visible_zone_ids)
        if roles & {Role.REVIEWER, Role.DEPARTMENT_HEAD} and user.department_id:
            allowed |= Q(pk__in=Rating.departments.through.objects.filter(
                department_id=user.department_id).values("rating_id"))
        if Role.STEWARD in roles:
            allowed |= Q(rated_by=user)
        return self.filter(allowed, zone_id__in=user.visible_zone_ids)


class Rating(ZoneOwned):
    """一事一评: one rating per service case, whatever kind the case is."""

    kind = models.CharField(_("事项类型"), max_length=16)  # rateable_registry kind
    case_id = models.PositiveBigIntegerField(_("事项编号"))
    # The appeal a rating of kind "appeal" is about, for joins in grouped figures (the rates by
    # category): no column and no constraint — case_id of another kind names another table's
    # row, so only querysets already limited to kind "appeal" may follow it.
    appeal = models.ForeignObject("appeals.Appeal", on_delete=models.DO_NOTHING, from_fields=["case_id"],
                                  to_fields=["id"], related_name="+", null=True)
    case_title = models.CharField(_("事项"), max_length=200)
    case_url = models.CharField(max_length=200)
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("企业"))
    departments = models.ManyToManyField(Department, blank=True, related_name="+",
                                         verbose_name=_("被评价部门"))
    level = models.CharField(_("评价等级"), max_length=20, choices=Level.choices)
    first_level = models.CharField(_("初次评价"), max_length=20, choices=Level.choices)
    tags = models.JSONField(_("标签"), default=list, blank=True)
    comment = models.TextField(_("评价内容"), blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    rated_by_display = models.CharField(_("评价人"), max_length=120)
    rated_at = models.DateTimeField(_("评价时间"))
    rerated_at = models.DateTimeField(_("整改后复评时间"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=RatingStatus.choices,
                              default=RatingStatus.VALID)
    version = models.PositiveIntegerField(default=1)

    objects = RatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务评价")
        verbose_name_plural = _("服务评价")
        ordering = ["-rated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "kind", "case_id"], name="rating_one_per_case",
                                    violation_error_message=_("该事项已评价，一事一评")),
        ]
        # The 满意率 of a period (dashboard, rates): an index-only range over the period's
        # ratings, with what the figures filter on and the case the category comes from.
        indexes = [models.Index(fields=["zone", "kind", "rated_at"], name="rating_zone_period",
                                include=["status", "level", "case_id"])]

    def __str__(self) -> str:
        return f"{self.case_title}：{self.get_level_display()}"

    @property
    def is_bad(self) -> bool:
        return self.level in BAD_LEVELS


class RectificationStatus(models.TextChoices):
    OPEN = "open", _("整改中")
    REPLIED = "replied", _("已答复待回访")
    DONE = "done", _("已回访")


class Rectification(ZoneOwned):
    """差评整改: opened by a 不满意/非常不满意 rating, with a reply and a return visit."""

    rating = models.OneToOneField(Rating, on_delete=models.CASCADE, related_name="rectification")
    opened_at = models.DateTimeField()
    limit_days = models.PositiveIntegerField()
    due_on = models.DateField(_("整改期限"))
    due_provisional = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=RectificationStatus.choices,
                              default=RectificationStatus.OPEN)
    reply = models.TextField(_("整改答复"), blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    replied_by_display = models.CharField(max_length=120, blank=True)
    visit_note = models.TextField(_("回访情况"), blank=True)
    visited_at = models.DateTimeField(null=True, blank=True)
    # Decided at the reply (replied on or before due_on), so figures count a stored column.
    replied_on_time = models.BooleanField(_("按时整改"), null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["due_on", "id"], name="rectification_open_due",
                                condition=Q(status="open"))]


class RectificationAttachment(ZoneOwned):
    """A file carried by a rectification's reply or return visit (often a photo of the fix)."""

    class Stage(models.TextChoices):
        REPLY = "reply", _("整改答复")
        VISIT = "visit", _("回访")

    rectification = models.ForeignKey(Rectification, on_delete=models.CASCADE, related_name="attachments")
    stage = models.CharField(max_length=8, choices=Stage.choices)
    stored_file = models.ForeignKey("files.StoredFile", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]


class ReviewDecision(models.TextChoices):
    PENDING = "pending", _("待复核")
    UPHELD = "upheld", _("维持评价")
    OVERTURNED = "overturned", _("撤销评价")


class RatingReview(ZoneOwned):
    """申诉复核: a department's appeal against a rating, decided by a leader (see services)."""

    rating = models.OneToOneField(Rating, on_delete=models.CASCADE, related_name="review")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("申诉理由"))
    raised_by_display = models.CharField(max_length=120)
    raised_at = models.DateTimeField()
    decision = models.CharField(_("复核结论"), max_length=16, choices=ReviewDecision.choices,
                                default=ReviewDecision.PENDING)
    decision_note = models.TextField(_("复核意见"), blank=True)
    decided_by_display = models.CharField(max_length=120, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)


# The summary's "no day" (a case not counted by its deadline, or not closed): a real date before
# every period, so a period's range never matches it and the unique key has no NULL in it.
NO_DAY = dt.date(1, 1, 1)


class AppealDay(ZoneOwned):
    """The per-zone, per-day summary behind the 诉求办结率 / 按时办结率 and the open count.

    Each case counts once on its category's row of (deadline day, closed day) and once on its
    lead department's (the rates by department; rows keyed by both would multiply by the
    departments): the deadline day is ``NO_DAY`` when the deadline does not count (none yet, paused
    open, merged), the closed day is ``NO_DAY`` unless the case is closed. A period's figures
    are sums over the rows whose deadline or closed day falls in it (``selectors.counted_q``'s
    rules over these columns), so they read a few rows per day, not every case. The appeals
    services move a case between rows in their own transaction (``services.summary``);
    ``appeals_summary_check`` recomputes the table from the cases and reports drift."""

    # Two projections (``services.summary.rows_of``): a category's rows have department 0, a
    # lead department's rows category 0; each case counts once in each.
    department = models.IntegerField(_("牵头部门"), default=0)  # Department id
    category = models.IntegerField(_("类别"), default=0)  # Category id
    due_on = models.DateField(_("办理期限"), default=NO_DAY)
    closed_on = models.DateField(_("办结日"), default=NO_DAY)
    cases = models.IntegerField(_("诉求数"), default=0)
    on_time = models.IntegerField(_("其中按时办结"), default=0)  # closed and replied on time
    open = models.IntegerField(_("其中在办"), default=0)  # status in rules.OPEN

    class Meta:
        verbose_name = _("诉求日汇总")
        verbose_name_plural = _("诉求日汇总")
        constraints = [models.UniqueConstraint(
            fields=["zone", "department", "category", "due_on", "closed_on"], name="appeals_appeal_day")]
        indexes = [models.Index(fields=["zone", "due_on"], name="appeal_day_zone_due"),
                   models.Index(fields=["zone", "closed_on"], name="appeal_day_zone_closed")]

    def __str__(self) -> str:
        return f"{self.due_on}/{self.closed_on}: {self.cases}"


class RatingDay(ZoneOwned):
    """The per-zone, per-day summary of the ratings of appeals behind the 满意率 (dashboard,
    rates page and API): how many ratings of one level, overturned or not, of one category's
    cases were given that day. Each rating counts once on its own row (``department`` 0) and
    once on the row of each department it rates (the rates by department). The ratings
    services move a rating between rows in their transaction (``services.summary``);
    ``appeals_summary_check`` recomputes this table too."""

    day = models.DateField(_("评价日"))
    level = models.CharField(_("评价等级"), max_length=20, choices=Level.choices)
    overturned = models.BooleanField(_("已撤销"), default=False)
    category = models.IntegerField(_("类别"), default=0)  # the appeal's Category id; 0: none
    department = models.IntegerField(_("被评价部门"), default=0)  # 0: the rating itself
    ratings = models.IntegerField(_("评价数"), default=0)

    class Meta:
        verbose_name = _("评价日汇总")
        verbose_name_plural = _("评价日汇总")
        constraints = [models.UniqueConstraint(fields=["zone", "day", "level", "overturned", "category",
                                                       "department"], name="appeals_rating_day")]
        indexes = [models.Index(fields=["zone", "department", "day"], name="rating_day_zone_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.level}: {self.ratings}"
