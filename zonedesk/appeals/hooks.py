"""What the appeals app registers with the shared hooks (imported from AppConfig.ready)."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonedesk.appeals import clocks, rules, selectors
from zonedesk.appeals.models import (
    Appeal,
    Rating,
    RatingStatus,
    RectificationStatus,
    ReviewDecision,
    Status,
)
from zonedesk.core.figures import Figure, Period, figure_registry
from zonedesk.core.nav import NavItem, nav_registry
from zonedesk.core.rateable import RateableCase, rateable_registry
from zonedesk.organisation.roles import BUSINESS_STAFF_ROLES, Role
from zonedesk.organisation.workbench import Todo, todo_registry
from zonedesk.workdays.calendar import Due
from zonedesk.workdays.selectors import calendar_changed, work_calendar

nav_registry.register(
    # Investment officers keep the pipeline and see no appeals (AppealQuerySet.visible_to).
    NavItem(gettext_lazy("企业诉求"), "appeals:list",
            (BUSINESS_STAFF_ROLES - {Role.INVESTMENT_OFFICER}) | {Role.ENTERPRISE}, "appeals", weight=400),
)


@rateable_registry.register("appeal")
def _find_appeal(user, case_id: int) -> RateableCase | None:
    appeal = (Appeal.objects.visible_to(user).filter(pk=case_id)
              .prefetch_related("co_departments").first())
    if appeal is None:
        return None
    departments = tuple(d for d in [appeal.lead_department_id,
                                    *(c.pk for c in appeal.co_departments.all())] if d)
    return RateableCase(kind="appeal", id=appeal.pk, zone_id=appeal.zone_id,
                        enterprise_id=appeal.enterprise_id, department_ids=departments,
                        title=f"{appeal.number} {appeal.title}",
                        completed=appeal.status in {Status.VISITED, Status.CLOSED},
                        completed_at=appeal.closed_at or appeal.visited_at,
                        url=reverse("appeals:detail", args=[appeal.pk]))


def _list_url(**params) -> str:
    return reverse("appeals:list") + "?" + urlencode({k: v for k, v in params.items() if v is not None})


def _pct(rate: rules.Rate) -> Decimal | None:
    return rate.percent


@figure_registry.register("appeals")
def appeal_figures(zone_ids: frozenset[int], period: Period) -> list[Figure]:
    """办结率 / 按时办结率 / 满意率 with their formulas, and the counts behind them."""
    today = timezone.localdate()
    start, end = period.start, period.end
    # One zone's settings give the formulas; a provincial view across zones uses the first
    # zone's (the reference values unless a zone changed them).
    s = clocks.zone_settings(min(zone_ids)) if zone_ids else clocks.zone_settings(0)
    levels = clocks.satisfied_levels(s)
    # Two aggregate queries over the stored clock columns, whatever the number of cases.
    n = selectors.appeal_figure_counts(zone_ids, start=start, end=end, today=today, now=timezone.now(),
                                       levels=levels)
    closed = rules.Rate(n["closed"], n["due"])
    on_time = rules.Rate(n["on_time"], n["closed"])
    satisfied = rules.Rate(n["satisfied"], n["valid"])
    open_now, overdue, bad = n["open"], n["overdue"], n["bad"]

    def counted(kind: str) -> str:  # the cases the figure counts, in the appeals list
        return _list_url(counted=kind, counted_from=start.isoformat(), counted_to=end.isoformat())

    def rated(kind: str) -> str:  # the ratings the figure counts, in the ratings list
        span = {"counted_from": start.isoformat(), "counted_to": end.isoformat()}
        return reverse("appeals:ratings") + "?" + urlencode({"kind": "appeal", "counted": kind, **span})

    return [
        # A rate opens its denominator's cases (the rates page stays one click away on the list).
        Figure("appeals.closed_rate", _("诉求办结率"), _pct(closed), "%", counted("due"),
               s.closed_rate_formula),
        Figure("appeals.on_time_rate", _("诉求按时办结率"), _pct(on_time), "%", counted("closed"),
               s.on_time_rate_formula),
        Figure("appeals.satisfaction_rate", _("诉求满意率"), _pct(satisfied), "%", rated("valid"),
               s.satisfaction_formula),
        Figure("appeals.due", _("应办结诉求"), closed.denominator, "件", counted("due")),
        Figure("appeals.closed", _("已办结诉求"), closed.numerator, "件", counted("closed")),
        Figure("appeals.open", _("在办诉求"), open_now, "件", _list_url(status="open")),
        Figure("appeals.overdue", _("超期未答复诉求"), overdue, "件", _list_url(state="red")),
        Figure("appeals.ratings", _("有效评价"), satisfied.denominator, "条", rated("valid")),
        Figure("appeals.bad_ratings", _("差评"), bad, "条", rated("bad")),
    ]


# -- workbench -----------------------------------------------------------------------------------


def _appeal_todos(qs, title: str, kind: str, user) -> list[Todo]:
    cal = work_calendar()
    out = []
    rows = list(qs.select_related("category").prefetch_related("pauses").order_by("pk")[:50])
    ratio_by_zone: dict[int, Decimal] = {}
    for a in rows:
        ratio = ratio_by_zone.setdefault(a.zone_id, clocks.zone_settings(a.zone_id).yellow_ratio)
        t = clocks.timing(a, cal, ratio)
        state = t.state if t.state in {"running", "yellow", "red", "paused"} else "running"
        # Once answered the case's clock is done: its deadline is not this to-do's (a return
        # visit, a rating), so none is shown and the workbench does not call it overdue.
        due = t.due if t.state != "done" else None
        if kind == "appeal_sign" and a.sign_due_at:
            # What is due from the department now is the sign-for, not the answer.
            due = Due(timezone.localdate(a.sign_due_at), False, at=a.sign_due_at)
            state = "red" if timezone.now() > a.sign_due_at else "running"
        out.append(Todo(title=f"{title}：{a.number} {a.title}", url=reverse("appeals:detail", args=[a.pk]),
                        due=due, state=state, kind=kind))
    return out


@todo_registry.register
def appeal_todos(user) -> list[Todo]:
    if not user.is_authenticated:
        return []
    roles = user.roles
    mine = Appeal.objects.visible_to(user)
    todos: list[Todo] = []
    if Role.WINDOW_CLERK in roles:
        todos += _appeal_todos(mine.filter(status=Status.SUBMITTED), _("待受理诉求"), "appeal_accept", user)
        todos += _appeal_todos(mine.filter(status=Status.ACCEPTED), _("待派单诉求"), "appeal_dispatch", user)
        todos += _appeal_todos(mine.filter(status=Status.REPLIED), _("待回访诉求"), "appeal_visit", user)
        for r in Rating.objects.visible_to(user).filter(
                rectification__status=RectificationStatus.REPLIED)[:50]:
            todos.append(Todo(_("差评整改待回访：%(t)s") % {"t": r.case_title},
                              reverse("appeals:rating", args=[r.pk]), kind="rectification_visit"))
    if roles & {Role.REVIEWER, Role.DEPARTMENT_HEAD} and user.department_id:
        lead = mine.filter(lead_department_id=user.department_id)
        todos += _appeal_todos(lead.filter(status=Status.DISPATCHED), _("待签收诉求"), "appeal_sign", user)
        todos += _appeal_todos(lead.filter(status=Status.HANDLING), _("待答复诉求"), "appeal_reply", user)
        # An overturned rating's rectification is moot: the review found the rating wrong.
        for r in (Rating.objects.visible_to(user).select_related("rectification")
                  .filter(rectification__status=RectificationStatus.OPEN)
                  .exclude(status=RatingStatus.OVERTURNED)[:50]):
            late = timezone.localdate() > r.rectification.due_on
            todos.append(Todo(_("差评待整改：%(t)s") % {"t": r.case_title},
                              reverse("appeals:rating", args=[r.pk]),
                              due=_rect_due(r), state="red" if late else "running", kind="rectification"))
    if Role.DEPARTMENT_HEAD in roles:
        todos += _appeal_todos(Appeal.objects.filter(escalated_to=user, status__in=rules.ACTIVE),
                               _("超期上报诉求"), "appeal_escalated", user)
    if Role.LEADER in roles:
        for r in Rating.objects.visible_to(user).filter(review__decision=ReviewDecision.PENDING)[:50]:
            todos.append(Todo(_("差评申诉待复核：%(t)s") % {"t": r.case_title},
                              reverse("appeals:rating", args=[r.pk]), kind="rating_review"))
    if Role.ENTERPRISE in roles and user.enterprise_id:
        own = mine.filter(enterprise_id=user.enterprise_id)
        todos += _appeal_todos(own.filter(status=Status.WAITING), _("请补充诉求材料"), "appeal_supply", user)
        todos += _appeal_todos(own.filter(status=Status.VISITED), _("请评价诉求办理"), "appeal_rate", user)
        for r in Rating.objects.visible_to(user).filter(
                Q(rectification__status=RectificationStatus.DONE), rerated_at__isnull=True)[:50]:
            todos.append(Todo(_("差评已整改，可重新评价：%(t)s") % {"t": r.case_title},
                              reverse("appeals:rating", args=[r.pk]), kind="rating_rerate"))
    return todos


def _rect_due(rating: Rating) -> Due:
    rect = rating.rectification
    return Due(rect.due_on, rect.due_provisional)


@calendar_changed.register
def _recompute_appeal_clocks(spans=()) -> None:
    """A calendar correction moves live cases' deadlines: recompute the stored ones (all live
    cases: appeals are few per zone, so the changed dates are not used to narrow them)."""
    from zonedesk.appeals.tasks import appeals_clocks_refresh

    appeals_clocks_refresh.enqueue()
