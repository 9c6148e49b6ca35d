"""What the leadership dashboard shows: every registered section's figures, per zone and for
all the user's zones together, for one period. Nothing is stored: figures are computed on
request and reused for at most a minute (core/figure_cache.py), the page saying as of when."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from zonedesk.core.figure_cache import figures_cached
from zonedesk.core.figures import Figure, Period, figure_registry
from zonedesk.dashboard.periods import parse_period, year_period
from zonedesk.organisation.models import Zone
from zonedesk.organisation.roles import Role

DASHBOARD_ROLES = frozenset({Role.LEADER, Role.PROVINCIAL, Role.INVESTMENT_OFFICER})
SECTION_LABELS = {
    "pipeline": gettext_lazy("招商引资"),
    "approvals": gettext_lazy("工程建设项目审批"),
    "appeals": gettext_lazy("企业诉求"),
    "research": gettext_lazy("产学研合作"),
    "partybuilding": gettext_lazy("党建与社会责任"),
    "commitments": gettext_lazy("有诺必践与清理拖欠"),
    "packages": gettext_lazy("一件事一次办"),
    "land": gettext_lazy("标准地"),
    "parks": gettext_lazy("园区载体"),
    "cultivation": gettext_lazy("企业梯度培育"),
    "policies": gettext_lazy("惠企政策"),
    "indicators": gettext_lazy("营商环境指标"),
}


def may_see_dashboard(user) -> bool:
    return user.is_authenticated and bool(user.roles & DASHBOARD_ROLES)


def dashboard_zones(user, zone_id: int | None = None) -> list[Zone]:
    """The zones shown: all the user sees, or the one asked for (another zone is a 404)."""
    ids = user.visible_zone_ids
    if zone_id is not None:
        if zone_id not in ids:
            raise Http404
        ids = frozenset({zone_id})
    return list(Zone.objects.filter(pk__in=ids).order_by("-is_default", "pk"))


def default_period(user) -> Period:
    """The zone's reporting period: 1 January of its reporting year to the date its figures are
    reported as of (截至); the current year when the zone has none."""
    zone = user.zone
    reported = zone.reporting_period() if zone is not None else None
    if reported is None:
        return year_period(timezone.localdate().year)
    start, end = reported
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return year_period(start.year)
    return Period(start, end, gettext("%(year)s年（截至%(month)s月%(day)s日）")
                  % {"year": start.year, "month": end.month, "day": end.day})


def period_for(user, text: str | None) -> Period:
    """Raises BadPeriod with the reason."""
    return parse_period(text) if text else default_period(user)


@dataclass
class Section:
    key: str
    label: str
    figures: list[Figure]


@dataclass
class Scope:
    code: str  # zone code, or "all"
    name: str
    zone_ids: frozenset[int]
    sections: list[Section] = field(default_factory=list)

    def figures(self) -> dict[str, Figure]:
        return {f.key: f for s in self.sections for f in s.figures}


def compute(zone_ids: frozenset[int], period: Period, user=None, as_of: list | None = None) -> list[Section]:
    """Every section's figures; given the reader, a section whose pages the reader may not open
    keeps its figures but loses their links (the figure and its page agree in scope). The
    figures of the zones and period are reused for up to a minute (``figures_cached``); when
    they were computed is appended to ``as_of``."""
    out = []
    computed, at = figures_cached("dashboard.sections", (sorted(zone_ids), period),
                                  lambda: figure_registry.compute(zone_ids, period))
    if as_of is not None:
        as_of.append(at)
    for key, figures in computed.items():
        if user is not None and not figure_registry.may_follow(key, user):
            figures = [replace(f, url="") for f in figures]
        out.append(Section(key, str(SECTION_LABELS.get(key, key)), figures))
    return out


def pipeline_for_zone(zone_id: int, period: Period) -> list[Figure]:
    """The pipeline figures of one zone, their links scoped to that zone (drill-down)."""
    from zonedesk.projects.figures import pipeline_figures

    return pipeline_figures(frozenset({zone_id}), period, zone_id=zone_id)


def summary(user, zones: list[Zone], period: Period, as_of: list | None = None) -> tuple[Scope, list[Scope]]:
    """(all zones together, each zone): the whole is computed over the union, not summed, so
    rates stay right. When each part's figures were computed is appended to ``as_of``."""
    per_zone = []
    for z in zones:
        scope = Scope(z.code, z.local_short_name, frozenset({z.pk}),
                      compute(frozenset({z.pk}), period, user, as_of))
        if len(zones) > 1:
            for s in scope.sections:
                if s.key == "pipeline":
                    s.figures = pipeline_for_zone(z.pk, period)
        per_zone.append(scope)
    if len(zones) == 1:
        return per_zone[0], per_zone
    ids = frozenset(z.pk for z in zones)
    return Scope(
        "all", gettext("全省合计") if Role.PROVINCIAL in user.roles else gettext("合计"), ids,
        compute(ids, period, user, as_of)
    ), per_zone


def jsonable_value(value) -> int | str | None:
    """Decimals as exact strings (never float); counts as integers."""
    if isinstance(value, Decimal):
        return str(value)
    return value
