"""The indicators' entries in the shared registries: the sidebar and a dashboard section."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from zonedesk.core.figures import Figure, Period, figure_registry
from zonedesk.core.nav import NavItem, nav_registry
from zonedesk.indicators.selectors import INDICATOR_ROLES, INDICATORS, headline_medians, may_see_indicators
from zonedesk.workdays.selectors import calendar_changed

nav_registry.register(
    NavItem(_lazy("营商环境指标"), "indicators:index", INDICATOR_ROLES, "indicators", weight=205)
)

# The dashboard shows the headline of each indicator: median working days, and the case count.
HEADLINE = ("building_permit", "utility_water", "utility_power", "utility_gas", "utility_heat")


@figure_registry.register("indicators", links_for=may_see_indicators)
def indicator_figures(zone_ids: frozenset[int], period: Period) -> list[Figure]:
    # The dashboard's readers (leaders, province, investment) see the whole zone, so the
    # figures are over every case of the zones; the link to the cases is shown only to those
    # who may open them (``links_for``), and the page re-checks the reader. The medians come
    # from the per-day summary (one grouped query, whatever the number of cases), not from
    # measuring the cases at each request.
    medians = headline_medians(zone_ids, period)
    span = urlencode({"period": f"{period.start.isoformat()}..{period.end.isoformat()}", "category": ""})
    out = []
    for ind in INDICATORS:
        if ind.key not in HEADLINE:
            continue
        out.append(
            Figure(
                f"indicators.{ind.key}.working_days.median",
                _("%(indicator)s：办理时间中位数") % {"indicator": ind.label},
                medians.get(ind.key),
                _("工作日"),
                reverse("indicators:cases") + f"?{span}&indicator={ind.key}&sort=working_days",
                formula=str(ind.formulas["working_days"]),
            )
        )
    return out


@calendar_changed.register
def _refresh_summary(spans=()) -> None:
    """A calendar correction changes the working days of the cases whose span covers a changed
    date — all of them end on or after it: rebuild the summary from the earliest changed date."""
    from zonedesk.indicators.tasks import indicators_summary_refresh

    since = min((a for a, _b in spans), default=None)
    indicators_summary_refresh.enqueue(since.isoformat() if since else None)
