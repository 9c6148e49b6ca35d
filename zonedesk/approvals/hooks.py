"""Approvals on the shared hooks: sidebar, workbench to-dos, dashboard figures, ratings."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonedesk.approvals.catalogue import settings_for
from zonedesk.approvals.models import (
    Application,
    ApplicationItem,
    ApplicationStatus,
    ConstructionProject,
    ItemDecisionDay,
    ItemState,
    MaterialStatus,
)
from zonedesk.approvals.rules import warning_state
from zonedesk.approvals.selectors import ProjectFigure, review_inbox_for, window_inbox_for, with_clocks
from zonedesk.approvals.stage_models import StageNotice
from zonedesk.approvals.stage_selectors import credit_events_for, lead_inbox_for, suspension_active
from zonedesk.core.credit_marks import CreditMark, credit_mark_registry
from zonedesk.core.figures import Figure, Period, figure_registry
from zonedesk.core.nav import NavItem, nav_registry
from zonedesk.core.rateable import RateableCase, rateable_registry
from zonedesk.organisation.roles import Role
from zonedesk.organisation.workbench import Todo, todo_registry
from zonedesk.workdays.calendar import Due
from zonedesk.workdays.selectors import calendar_changed, work_calendar

TODO_LIMIT = 20
APPROVAL_ROLES = frozenset(
    {
        Role.WINDOW_CLERK,
        Role.REVIEWER,
        Role.DEPARTMENT_HEAD,
        Role.STEWARD,
        Role.LEADER,
        Role.PROVINCIAL,
        Role.ENTERPRISE,
    }
)

nav_registry.register(
    NavItem(gettext_lazy("工程建设审批"), "approvals:inbox", APPROVAL_ROLES, "approvals", weight=200),
)


@todo_registry.register
def approval_todos(user) -> list[Todo]:
    todos: list[Todo] = []
    if user.has_role(Role.REVIEWER, Role.DEPARTMENT_HEAD):
        for row in with_clocks(list(review_inbox_for(user=user)[:TODO_LIMIT]), zone_id=user.zone_id):
            ai = row.ai
            verb = _("待补正") if ai.state == ItemState.SUPPLEMENT else _("待审查")
            todos.append(
                Todo(
                    title=f"{verb}：{ai.item.name} · {ai.application.project.name}",
                    url=reverse("approvals:item", args=[ai.pk]),
                    due=row.clock.due,
                    state=row.clock.state,
                    kind="approvals.review",
                )
            )
    if user.has_role(Role.WINDOW_CLERK):
        for app in window_inbox_for(user=user).filter(status=ApplicationStatus.SUBMITTED)[:TODO_LIMIT]:
            waiting = _("【绿色通道】待受理：%(project)s · %(stage)s") if app.green_channel else _(
                "待受理：%(project)s · %(stage)s"
            )
            todos.append(
                Todo(
                    title=waiting % {"project": app.project.name, "stage": app.get_stage_display()},
                    url=reverse("approvals:application", args=[app.pk]),
                    kind="approvals.accept",
                )
            )
    if user.has_role(Role.REVIEWER, Role.DEPARTMENT_HEAD) and user.department_id:
        todos.extend(_lead_todos(user))
    if user.enterprise_id:
        todos.extend(_applicant_todos(user))
    return todos


def _applicant_todos(user) -> list[Todo]:
    todos = []
    items = (
        ApplicationItem.objects.visible_to(user)
        .filter(state=ItemState.SUPPLEMENT)
        .select_related("item", "application__project")[:TODO_LIMIT]
    )
    for ai in items:
        todos.append(
            Todo(
                title=_("补正：%(i)s · %(p)s") % {"i": ai.item.name, "p": ai.application.project.name},
                url=reverse("approvals:item", args=[ai.pk]),
                state="paused",
                kind="approvals.answer",
            )
        )
    apps = (
        Application.objects.visible_to(user)
        .filter(status=ApplicationStatus.WINDOW_SUPPLEMENT)
        .select_related("project")[:TODO_LIMIT]
    )
    for app in apps:
        todos.append(
            Todo(
                title=_("一次性告知补正：%(p)s") % {"p": app.project.name},
                url=reverse("approvals:application", args=[app.pk]),
                kind="approvals.resubmit",
            )
        )
    tolerated = (
        Application.objects.visible_to(user)
        .filter(status=ApplicationStatus.IN_REVIEW, materials__status=MaterialStatus.TOLERATED)
        .select_related("project")
        .distinct()[:TODO_LIMIT]
    )
    if tolerated:
        cal, today = work_calendar(), timezone.localdate()
        ratio = settings_for(user.zone_id).yellow_ratio
    for app in tolerated:
        todos.append(
            Todo(
                title=_("容缺材料待补齐：%(p)s") % {"p": app.project.name},
                url=reverse("approvals:application", args=[app.pk]),
                # A Due, so the to-do shows 暂定 when the deadline rests on an unofficial year.
                due=Due(app.tolerance_deadline, app.tolerance_provisional)
                if app.tolerance_deadline
                else None,
                state=_tolerance_state(cal, app, today, ratio),
                kind="approvals.tolerance",
            )
        )
    notices = (
        StageNotice.objects.filter(
            application__in=Application.objects.visible_to(user), answered_at__isnull=True
        )
        .select_related("application__project")
        .order_by("issued_at")[:TODO_LIMIT]
    )
    for n in notices:
        todos.append(
            Todo(
                title=_("一次性告知补正（牵头部门汇总）：%(p)s · %(s)s")
                % {"p": n.application.project.name, "s": n.application.get_stage_display()},
                url=reverse("approvals:application", args=[n.application_id]),
                state="paused",
                kind="approvals.notice",
            )
        )
    return todos


def _lead_todos(user) -> list[Todo]:
    """The lead department: collected 补正 requests to send, stages to close."""
    todos = []
    for app in lead_inbox_for(user=user)[:TODO_LIMIT]:
        collected = getattr(app, "collected", 0)  # annotated by lead_inbox_for
        if collected:
            title = _("汇总补正意见并一次性告知（%(n)s 条）：%(p)s") % {
                "n": collected,
                "p": app.project.name,
            }
        elif app.status == ApplicationStatus.LEAD_SUMMARY:
            title = _("出具阶段办结意见：%(p)s · %(s)s") % {
                "p": app.project.name,
                "s": app.get_stage_display(),
            }
        else:
            continue
        todos.append(
            Todo(title=title, url=reverse("approvals:application", args=[app.pk]), kind="approvals.lead")
        )
    return todos


@credit_mark_registry.register
def _credit_marks(user, enterprise_id: int) -> list[CreditMark]:
    today = timezone.localdate()
    can_repair = user.has_role(Role.WINDOW_CLERK, Role.LEADER)
    marks = []
    for e in credit_events_for(user=user, enterprise_id=enterprise_id)[:50]:
        active = suspension_active(e, today)
        marks.append(
            CreditMark(
                kind=str(e.get_kind_display()),
                occurred_on=e.occurred_on,
                note=e.note,
                consequence=_("绿色通道及容缺受理暂停至 %(d)s") % {"d": e.suspended_until}
                if e.suspended_until
                else _("无"),
                active=active,
                repaired=_("%(d)s 信用修复（%(who)s）：%(n)s")
                % {"d": e.repaired_on, "who": e.repaired_by, "n": e.repair_note}
                if e.repaired_on
                else "",
                repair_url=reverse("approvals:credit_repair", args=[e.pk])
                if can_repair and active and user.zone_id == e.zone_id
                else "",
                url=reverse("approvals:application", args=[e.application_id]),
            )
        )
    return marks


def _tolerance_state(cal, app: Application, today: dt.date, ratio) -> str:
    """The 补齐 window's colour like any clock's: red once passed, yellow in its last part
    (the zone's yellow ratio of the window's working days), else running."""
    deadline = app.tolerance_deadline
    if deadline is None:
        return "running"
    accepted = timezone.localdate(app.accepted_at) if app.accepted_at else today
    return warning_state(
        remaining=cal.working_days_between(today, deadline),
        limit=cal.working_days_between(accepted, deadline),
        yellow_ratio=ratio,
        overdue=today > deadline,
        paused=False,
    )


@rateable_registry.register("application")
def _find_application(user, case_id: int) -> RateableCase | None:
    app = (
        Application.objects.visible_to(user)
        .filter(pk=case_id)
        .select_related("project")
        .prefetch_related("items")
        .first()
    )
    if app is None:
        return None
    return RateableCase(
        kind="application",
        id=app.pk,
        zone_id=app.zone_id,
        enterprise_id=app.project.enterprise_id,
        department_ids=tuple(sorted({ai.department_id for ai in app.items.all()})),
        title=f"{app.project.name} · {app.get_stage_display()}",
        completed=app.status == ApplicationStatus.COMPLETED,
        completed_at=app.completed_at,
        url=reverse("approvals:application", args=[app.pk]),
    )


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _pct(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@figure_registry.register("approvals")
def approval_figures(zone_ids: frozenset[int], period: Period) -> list[Figure]:
    """Each figure links to the projects behind it: the project list filtered by the same
    `ProjectFigure` the figure counts from."""
    today = timezone.localdate()
    base = reverse("approvals:projects")

    def fig(kind: str, span: bool = True) -> ProjectFigure:
        return ProjectFigure(kind, period.start if span else None, period.end if span else None, today)

    def url(kind: str, span: bool = True) -> str:
        return base + fig(kind, span).query()

    # Distinct project ids of the live applications: the (zone, status) index, no project rows.
    # A stage opens only after the previous one completed (application_submit) and a project has
    # one live application per stage, so at most one application of a project is live: counting
    # them counts the projects, without the DISTINCT that sorted 168,000 rows (93 ms) at 1M.
    in_approval = fig("in_approval", False).applications(zone_ids).count()
    # Decisions and their on-time flags are counted per zone and day when they are made
    # (``ItemDecisionDay``): a sum over the period's days, not a scan of its decided items.
    counted = ItemDecisionDay.objects.filter(
        zone_id__in=zone_ids, day__gte=period.start, day__lte=period.end
    ).aggregate(n=Sum("decided"), on_time=Sum("on_time"))
    decided_n, on_time = counted["n"] or 0, counted["on_time"] or 0
    overdue = fig("overdue", False).items(zone_ids).count()
    avg_days, limit = _average_project_days(zone_ids, period)
    saved = fig("saved").applications(zone_ids).aggregate(
        total=Sum("saved_cost_wan"), covered=Count("project", distinct=True))
    total_saved = saved["total"] or Decimal("0")
    covered = saved["covered"]
    per_project = (total_saved / covered).quantize(Decimal("0.01")) if covered else None
    return [
        Figure("approvals.projects_in_approval", _("在审批工程建设项目"), in_approval, "个",
               url("in_approval", False)),
        Figure(
            "approvals.avg_working_days_completed",
            _("已办结项目平均用时（全流程时限 %(n)s 个工作日）") % {"n": limit},
            avg_days,
            "工作日",
            url("completed"),
            formula=_("各阶段用时（阶段内事项并联，取最长者，不含补正暂停）之和的平均"),
        ),
        Figure(
            "approvals.on_time_rate",
            _("审批事项按时办结率"),
            _pct(on_time, decided_n),
            "%",
            url("decided"),
            formula=_("期限内办结事项数 ÷ 办结事项数"),
        ),
        Figure("approvals.overdue_items", _("超期在办事项"), overdue, "个", url("overdue", False)),
        Figure(
            "approvals.saved_cost_wan",
            _("区域评估节省费用"),
            total_saved,
            "万元",
            url("saved"),
        ),
        Figure(
            "approvals.saved_cost_per_project_wan",
            _("区域评估平均每个项目节省"),
            per_project,
            "万元",
            url("saved"),
            formula=_("区域评估节省总额 ÷ 适用区域评估的项目数"),
        ),
    ]


def _average_project_days(zone_ids: frozenset[int], period: Period) -> tuple[Decimal | None, int]:
    """Average working days of the projects whose last stage (竣工验收) completed in the period:
    each completed stage stores its duration (its slowest item) and the completing 竣工验收 the
    sum over its project's stages (`project_days`), so the average is one index-only aggregate
    over the period's completions."""
    done = ProjectFigure("completed", period.start, period.end).applications(zone_ids)
    # application_one_live_per_stage: a project completes its 竣工验收 once, so rows = projects.
    totals = done.aggregate(days=Sum("project_days"), projects=Count("project_id"))  # both in the index
    if not totals["projects"]:
        return None, 40
    limit = (
        ConstructionProject.objects.filter(pk__in=done.values("project_id"))
        .order_by("pk")
        .values_list("category__limit_days", flat=True)
        .first()
    )
    return (Decimal(totals["days"] or 0) / totals["projects"]).quantize(Decimal("0.1")), limit or 40


@calendar_changed.register
def _recompute_item_clocks(spans=()) -> None:
    """A calendar correction moves the deadlines of open items whose span covers a changed
    date: recompute those in the background (the task gets the dates as ISO text)."""
    from zonedesk.approvals.tasks import approvals_clocks_refresh

    approvals_clocks_refresh.enqueue([[a.isoformat(), b.isoformat()] for a, b in spans])
