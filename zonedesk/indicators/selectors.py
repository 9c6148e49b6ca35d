"""营商环境 indicators from the approval cases: which cases a figure is over, and its numbers.

Queries per report, whatever the number of cases: one for the projects' first submission and
final 竣工验收 (a GROUP BY over applications), one for their items' procedures and fees (a GROUP
BY over items), one for the utility hook-ups of the period, and one for the reference limits.
Median and p90 need the ordered values, so each figure reads ONE bounded list of per-case
values (at most ``CASE_CAP`` cases, newest final date first; a report over more says
"truncated") and the pure functions of ``rules.py`` compute the statistics from it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Min, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from zonedesk.approvals.models import (
    ApplicationItem,
    ApplicationStatus,
    ApprovalItem,
    ConstructionProject,
    ItemState,
    ProjectCategory,
    Stage,
    UtilityKind,
)
from zonedesk.core.figures import Period
from zonedesk.core.i18n import english_active
from zonedesk.indicators import rules
from zonedesk.organisation.roles import ZONE_WIDE_ROLES
from zonedesk.workdays.selectors import work_calendar

# Leaders, the province and the window see the whole zone's approval cases, so a figure and the
# cases behind it are the same set for them; other roles see a part and get no indicators.
INDICATOR_ROLES = ZONE_WIDE_ROLES
CASE_CAP = 5000
# 国办发〔2019〕11号: the whole approval of an engineering project within 120 working days.
NATIONAL_PERMIT_DAYS = 120


def may_see_indicators(user) -> bool:
    return user.is_authenticated and bool(user.roles & INDICATOR_ROLES)


@dataclass(frozen=True)
class Metric:
    key: str  # procedures, working_days, calendar_days, cost_yuan
    label: str | Promise
    unit: str | Promise


METRICS = (
    Metric("procedures", _("办理环节"), _("个")),
    Metric("working_days", _("办理时间（工作日）"), _("工作日")),
    Metric("calendar_days", _("办理时间（自然日）"), _("天")),
    Metric("cost_yuan", _("办理费用"), _("元")),
)


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str | Promise
    utility: str = ""  # UtilityKind of a 获得用水/电/气/热 indicator
    formulas: dict[str, str | Promise] = field(default_factory=dict)


INDICATORS = (
    Indicator(
        "building_permit",
        _("办理建筑许可"),
        formulas={
            "procedures": _("四个阶段已办结申请中实际办理的事项数（区域评估免办的不计）"),
            "working_days": _("首次提交申请之日（不计当日）至竣工验收办结之日的工作日数（按园区工作日历）"),
            "calendar_days": _("首次提交申请之日（不计当日）至竣工验收办结之日的自然日数"),
            "cost_yuan": _("Σ 各事项办理费用 − 区域评估免办事项的费用"),
        },
    ),
    *(
        Indicator(
            f"utility_{kind.value}",
            label,
            utility=kind.value,
            formulas={
                "procedures": _("报装申请 1 次 + 补正次数"),
                "working_days": _(
                    "提交工程建设许可阶段申请之日（不计当日）至报装事项办结之日的工作日数（按园区工作日历）"
                ),
                "calendar_days": _("提交工程建设许可阶段申请之日（不计当日）至报装事项办结之日的自然日数"),
                "cost_yuan": _("报装事项的办理费用（目录所列）"),
            },
        )
        for kind, label in (
            (UtilityKind.WATER, _("获得用水")),
            (UtilityKind.POWER, _("获得用电")),
            (UtilityKind.GAS, _("获得用气")),
            (UtilityKind.HEAT, _("获得用热")),
        )
    ),
)
INDICATOR_KEYS = frozenset(i.key for i in INDICATORS)


@dataclass(frozen=True)
class Limit:
    label: str
    days: int


@dataclass
class MetricResult:
    metric: Metric
    formula: str | Promise
    summary: rules.Summary | None
    limits: list[Limit]


@dataclass
class IndicatorResult:
    indicator: Indicator
    cases: list[rules.CaseMeasures]
    truncated: bool
    metrics: list[MetricResult]


@dataclass(frozen=True)
class Query:
    zone_ids: frozenset[int]
    period: Period
    category: str = ""  # ProjectCategory.code, "" for every category


def _bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def _day(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


def base_projects(user, zone_ids: Iterable[int]) -> QuerySet[ConstructionProject]:
    """The projects a user's figures are over: what they may see, in the zones asked for."""
    return ConstructionProject.objects.visible_to(user).filter(zone_id__in=list(zone_ids))


def permit_cases(projects: QuerySet[ConstructionProject], q: Query) -> tuple[list[rules.CaseFacts], bool]:
    """Projects whose 竣工验收 stage completed in the period: first submission, final date,
    items done (not waived), their fees and the waived items' fees. Two grouped queries."""
    start, end = _bounds(q.period)
    qs = projects.filter(zone_id__in=q.zone_ids)
    if q.category:
        qs = qs.filter(category__code=q.category)
    rows = list(
        qs.annotate(
            first=Min("applications__submitted_at"),
            final=Max(
                "applications__completed_at",
                filter=Q(
                    applications__stage=Stage.COMPLETE, applications__status=ApplicationStatus.COMPLETED
                ),
            ),
        )
        .filter(final__gte=start, final__lt=end)
        .order_by("-final", "-pk")
        .values("pk", "name", "first", "final")[: CASE_CAP + 1]
    )
    truncated = len(rows) > CASE_CAP
    rows = rows[:CASE_CAP]
    items = {
        r["application__project_id"]: r
        for r in ApplicationItem.objects.filter(
            application__project_id__in=[r["pk"] for r in rows],
            application__status=ApplicationStatus.COMPLETED,
        )
        .values("application__project_id")
        .annotate(
            procedures=Count("pk", filter=~Q(state=ItemState.WAIVED)),
            fees=Sum("item__fee_yuan"),
            waived=Sum("item__fee_yuan", filter=Q(state=ItemState.WAIVED)),
        )
    }
    cases = []
    for r in rows:
        agg = items.get(r["pk"], {})
        cases.append(
            rules.CaseFacts(
                case_id=r["pk"],
                name=r["name"],
                url=reverse("approvals:timeline", args=[r["pk"]]),
                first_submitted=_day(r["first"]),
                final_on=_day(r["final"]),
                procedures=agg.get("procedures") or 0,
                fees_yuan=agg.get("fees") or Decimal(0),
                waived_yuan=agg.get("waived") or Decimal(0),
            )
        )
    return cases, truncated


def utility_cases(
    projects: QuerySet[ConstructionProject], q: Query
) -> dict[str, tuple[list[rules.CaseFacts], bool]]:
    """Hook-up items granted in the period, per kind: one query for the four kinds."""
    start, end = _bounds(q.period)
    qs = ApplicationItem.objects.filter(
        application__project__in=projects.filter(zone_id__in=q.zone_ids),
        item__utility_kind__in=[k.value for k in UtilityKind],
        state=ItemState.APPROVED,
        decided_at__gte=start,
        decided_at__lt=end,
    )
    if q.category:
        qs = qs.filter(application__project__category__code=q.category)
    rows = (
        qs.annotate(rounds=Count("pauses"))
        .order_by("-decided_at", "-pk")
        .values(
            "pk",
            "item__utility_kind",
            "item__name",
            "application__project_id",
            "application__project__name",
            "application__submitted_at",
            "decided_at",
            "item__fee_yuan",
            "rounds",
        )[: 4 * CASE_CAP + 1]
    )
    out: dict[str, tuple[list[rules.CaseFacts], bool]] = {k.value: ([], False) for k in UtilityKind}
    for r in rows:
        cases, _truncated = out[r["item__utility_kind"]]
        if len(cases) >= CASE_CAP:
            out[r["item__utility_kind"]] = (cases, True)
            continue
        cases.append(
            rules.CaseFacts(
                case_id=r["pk"],
                name=f"{r['application__project__name']} · {r['item__name']}",
                url=reverse("approvals:item", args=[r["pk"]]),
                first_submitted=_day(r["application__submitted_at"]),
                final_on=_day(r["decided_at"]),
                procedures=1 + r["rounds"],
                fees_yuan=r["item__fee_yuan"],
                waived_yuan=Decimal(0),
            )
        )
    return out


def reference_limits(q: Query) -> dict[str, list[Limit]]:
    """The limits drawn as reference lines on the working-day distributions, from the zones'
    current catalogues: the statutory and promised limits of each hook-up item, the national
    target and the zone's limit for the category of a whole project. Several zones with
    different limits: the strictest is drawn, and says so."""
    current = Q(version__zone_id__in=q.zone_ids, version__is_current=True)
    out: dict[str, list[Limit]] = {
        "building_permit": [Limit(str(_("国家目标（国办发〔2019〕11号）")), NATIONAL_PERMIT_DAYS)]
    }
    if q.category:
        limit = ProjectCategory.objects.filter(current, code=q.category).aggregate(m=Min("limit_days"))["m"]
        if limit:
            out["building_permit"].append(Limit(str(_("园区承诺时限")), limit))
    for row in (
        ApprovalItem.objects.filter(current, utility_kind__in=[k.value for k in UtilityKind])
        .values("utility_kind")
        .annotate(statutory=Min("statutory_days"), promised=Min("promised_days"))
    ):
        out[f"utility_{row['utility_kind']}"] = [
            Limit(str(_("法定时限")), row["statutory"]),
            Limit(str(_("园区承诺时限")), row["promised"]),
        ]
    return out


def indicator_report(projects: QuerySet[ConstructionProject], q: Query) -> list[IndicatorResult]:
    cal = work_calendar()
    permit = permit_cases(projects, q)
    utilities = utility_cases(projects, q)
    limits = reference_limits(q)
    out = []
    for ind in INDICATORS:
        facts, truncated = utilities[ind.utility] if ind.utility else permit
        measured = [rules.measure(f, cal) for f in facts]
        metrics = [
            MetricResult(
                metric=m,
                formula=ind.formulas[m.key],
                summary=rules.summarise([c.value(m.key) for c in measured]),
                limits=limits.get(ind.key, []) if m.key == "working_days" else [],
            )
            for m in METRICS
        ]
        out.append(IndicatorResult(ind, measured, truncated, metrics))
    return out


def headline_medians(zone_ids: Iterable[int], period: Period) -> dict[str, Decimal | None]:
    """Median working days of every indicator's cases that ended in the period, from the
    per-day summary: one grouped query over (zone, day) ranges of ``IndicatorDay`` — days ×
    distinct durations rows, not cases — and the median of each histogram."""
    from zonedesk.indicators.models import IndicatorDay

    counts: dict[str, list[tuple[int, int]]] = {}
    for indicator, days, n in (
        IndicatorDay.objects.filter(zone_id__in=list(zone_ids), day__gte=period.start, day__lte=period.end)
        .values("indicator", "working_days")
        .annotate(n=Sum("cases"))
        .order_by("indicator", "working_days")
        .values_list("indicator", "working_days", "n")
    ):
        counts.setdefault(indicator, []).append((days, n))
    return {key: rules.median_of_counts(pairs) for key, pairs in counts.items()}


def categories_for(zone_ids: Iterable[int]) -> list[tuple[str, str]]:
    """(code, name) of the project categories of the zones' current catalogues, the name in the
    reader's language (the English name where the zone gave one)."""
    english = english_active()
    seen: dict[str, str] = {}
    for code, name, name_en in (
        ProjectCategory.objects.filter(version__zone_id__in=list(zone_ids), version__is_current=True)
        .order_by("code")
        .values_list("code", "name", "name_en")
    ):
        seen.setdefault(code, name_en if english and name_en else name)
    return list(seen.items())


def default_category(projects: QuerySet[ConstructionProject]) -> str:
    """The category most of the visible projects are in (the one the zone's limit is about)."""
    row = projects.values("category__code").annotate(n=Count("pk")).order_by("-n", "category__code").first()
    return row["category__code"] if row else ""


class BadQuery(ValueError):
    """A filter that names no period or category; ``field`` says which."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def query_for(user, *, period: str = "", zone: int | None = None, category: str | None = None):
    """(Query, visible projects) for the filters a page or the API received. Another zone is a
    404 (``dashboard_zones``); a malformed period or an unknown category is BadQuery."""
    from zonedesk.dashboard.periods import BadPeriod
    from zonedesk.dashboard.selectors import dashboard_zones, period_for

    zones = dashboard_zones(user, zone)
    zone_ids = frozenset(z.pk for z in zones)
    try:
        the_period = period_for(user, period or None)
    except BadPeriod as exc:
        raise BadQuery("period", str(exc)) from exc
    projects = base_projects(user, zone_ids)
    if category is None:
        category = default_category(projects)
    elif category and category not in dict(categories_for(zone_ids)):
        raise BadQuery("category", str(_("所选园区的现行目录中没有该项目类别")))
    return Query(zone_ids, the_period, category), projects, zones


def visible_zones(user):
    from zonedesk.dashboard.selectors import dashboard_zones

    return dashboard_zones(user)
