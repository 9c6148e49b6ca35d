from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.core.figures import Period
from zonedesk.projects import rules
from zonedesk.projects.cleaning import STEWARD_FIELDS, gate_values
from zonedesk.projects.models import Project, StageSetting


@dataclass(frozen=True)
class ProjectFilter:
    view: str = ""  # new / continuing / signed / reserve / negotiating / key (figures.VIEWS)
    period: Period | None = None
    stage: str = ""
    chain: int | None = None
    park: int | None = None
    is_key: bool | None = None
    q: str = ""
    zone: int | None = None
    steward: int | None = None  # a user holding any of the four steward roles


def period_for_year(year: int) -> Period:
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year}年")


def project_list_for(*, user, filters: ProjectFilter = ProjectFilter()) -> QuerySet:
    """Scoped, filtered list; a page costs the same queries whatever its size."""
    from zonedesk.projects.figures import view_q

    qs = Project.objects.visible_to(user).select_related(
        "zone", "chain", "park", "enterprise", "project_steward"
    )
    f = filters
    if f.view:
        qs = qs.filter(view_q(f.view, f.period or period_for_year(timezone.localdate().year)))
    if f.stage:
        qs = qs.filter(stage=f.stage)
    if f.chain:
        qs = qs.filter(chain_id=f.chain)
    if f.park:
        qs = qs.filter(park_id=f.park)
    if f.is_key is not None:
        qs = qs.filter(is_key=f.is_key)
    if f.zone:
        qs = qs.filter(zone_id=f.zone)
    if f.steward:
        any_role = Q()
        for role in STEWARD_FIELDS:
            any_role |= Q(**{f"{role}_id": f.steward})
        qs = qs.filter(any_role)
    if f.q:
        qs = qs.filter(
            Q(name__icontains=f.q)
            | Q(investor_name__icontains=f.q)
            | Q(project_code__icontains=f.q)
            | Q(enterprise__name__icontains=f.q)
        )
    return qs.order_by("-is_key", "-total_investment", "id")


def get_project_for(user, pk: int) -> Project:
    return get_object_or_404(
        Project.objects.visible_to(user).select_related(
            "zone",
            "chain",
            "park",
            "enterprise",
            "parent",
            "project_steward",
            "env_steward",
            "safety_steward",
            "assistant",
        ),
        pk=pk,
    )


def thresholds_for(zone_ids) -> dict[tuple[int, str], tuple[int, int]]:
    out = {}
    for s in StageSetting.objects.filter(zone_id__in=zone_ids):
        out[(s.zone_id, s.stage)] = (s.yellow_days, s.red_days)
    return out


@dataclass
class Aging:
    days: int
    state: str  # running / yellow / red
    provisional: bool
    thresholds: tuple[int, int] | None


def aging_for(projects, *, today: dt.date | None = None) -> dict[int, Aging]:
    """Working days each project has spent in its current stage, with its warning state."""
    from zonedesk.workdays.selectors import work_calendar

    projects = list(projects)
    today = today or timezone.localdate()
    calendar = work_calendar()
    limits = thresholds_for({p.zone_id for p in projects})
    out = {}
    for p in projects:
        since = p.stage_since
        if since is None or p.stage == rules.PRODUCTION:
            out[p.pk] = Aging(0, "running", False, None)
            continue
        days = calendar.working_days_between(since, today) if since < today else 0
        limit = limits.get((p.zone_id, p.stage), rules.DEFAULT_THRESHOLDS.get(p.stage))
        out[p.pk] = Aging(
            days, rules.aging_state(days, limit), calendar.provisional_between(since, today), limit
        )
    return out


@dataclass
class WorkItem:
    project: Project
    roles: list[str]
    aging: Aging
    next_stage: str | None
    missing: list[str] = field(default_factory=list)
    due: list[str] = field(default_factory=list)

    @property
    def missing_text(self) -> str:
        return _("、").join(self.missing)


def worklist_for(user) -> list[WorkItem]:
    """A steward's projects with what is due: the warnings of days in stage, what the next
    gate still lacks, and completion dates coming up."""
    from zonedesk.projects.models import StewardRole

    qs = project_list_for(user=user, filters=ProjectFilter(steward=user.pk)).exclude(stage=rules.PRODUCTION)
    projects = list(qs.prefetch_related("documents"))
    aging = aging_for(projects)
    today = timezone.localdate()
    labels = dict(StewardRole.choices)
    items = []
    for p in projects:
        roles = [str(labels[r]) for r in STEWARD_FIELDS if getattr(p, f"{r}_id") == user.pk]
        following = rules.TRANSITIONS.get(p.stage, ())
        nxt = following[0] if following else None
        missing = []
        if nxt:
            docs = {d.kind for d in p.documents.all()}
            missing = [_(m) for m in rules.missing_for(nxt, rules.present_fields(gate_values(p)), docs)]
        due = []
        if (
            p.expected_completion
            and p.expected_completion >= today
            and (p.expected_completion - today).days <= 45
        ):
            due.append(_("计划 %(d)s 完工") % {"d": p.expected_completion.isoformat()})
        if aging[p.pk].state == "red":
            due.append(_("停留超过 %(n)s 个工作日") % {"n": aging[p.pk].thresholds[1]})
        elif aging[p.pk].state == "yellow":
            due.append(_("停留超过 %(n)s 个工作日") % {"n": aging[p.pk].thresholds[0]})
        items.append(WorkItem(p, roles, aging[p.pk], nxt, missing, due))
    order = {"red": 0, "yellow": 1, "running": 2}
    items.sort(key=lambda i: (order[i.aging.state], -i.aging.days))
    return items
