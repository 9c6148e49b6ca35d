"""The indicators' entries in the shared registries: the sidebar and a dashboard section."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from zonedesk.approvals.models import ConstructionProject
from zonedesk.core.figures import Figure, Period, figure_registry
from zonedesk.core.nav import NavItem, nav_registry
from zonedesk.indicators.selectors import INDICATOR_ROLES, Query, indicator_report, may_see_indicators

nav_registry.register(
    NavItem(_lazy("营商环境指标"), "indicators:index", INDICATOR_ROLES, "indicators", weight=205)
)

# The dashboard shows the headline of each indicator: median working days, and the case count.
HEADLINE = ("building_permit", "utility_water", "utility_power", "utility_gas", "utility_heat")


@figure_registry.register("indicators", links_for=may_see_indicators)
def indicator_figures(zone_ids: frozenset[int], period: Period) -> list[Figure]:
    # The dashboard's readers (leaders, province, investment) see the whole zone, so the
    # figures are over every project of the zones; the link to the cases is shown only to
    # those who may open them (``links_for``), and the page re-checks the reader.
    projects = ConstructionProject.objects.filter(zone_id__in=zone_ids)
    results = indicator_report(projects, Query(zone_ids, period))
    span = urlencode({"period": f"{period.start.isoformat()}..{period.end.isoformat()}", "category": ""})
    out = []
    for r in results:
        if r.indicator.key not in HEADLINE:
            continue
        metric = next(m for m in r.metrics if m.metric.key == "working_days")
        out.append(
            Figure(
                f"indicators.{r.indicator.key}.working_days.median",
                _("%(indicator)s：办理时间中位数") % {"indicator": r.indicator.label},
                metric.summary.median if metric.summary else None,
                _("工作日"),
                reverse("indicators:cases") + f"?{span}&indicator={r.indicator.key}&sort=working_days",
                formula=str(metric.formula),
            )
        )
    return out
