"""The pipeline's dashboard figures, computed from the projects at request time.

Each figure's rows are the list behind its link: the same filter (selectors.VIEW_FILTERS)
counts the figure and lists the rows, so the number and the list cannot disagree.
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zonedesk.core.figures import Figure, Period, figure_registry
from zonedesk.core.i18n import english_active
from zonedesk.projects import rules
from zonedesk.projects.models import Project, Stage

# view key -> (English key part, label); labels are msgids, translated when the figures are built.
VIEWS: tuple[tuple[str, str, str], ...] = (
    ("new", "by_stage.new", gettext_noop("新建项目")),
    ("continuing", "by_stage.continuing", gettext_noop("续建项目")),
    ("signed", "signed", gettext_noop("签约项目")),
    ("reserve", "reserve", gettext_noop("储备项目")),
    ("negotiating", "negotiating", gettext_noop("在谈项目")),
    ("key", "key", gettext_noop("重点项目")),
)
# The total investment of a view, one whole label each (a label glued from two does not translate).
TOTAL_LABELS = {
    "new": gettext_noop("新建项目总投资"),
    "continuing": gettext_noop("续建项目总投资"),
    "signed": gettext_noop("签约项目总投资"),
}
WITH_TOTAL = set(TOTAL_LABELS)


def as_of(period: Period):
    """The day a stage count is read on: the period's end, or today while the period runs."""
    return min(period.end, timezone.localdate())


def view_q(view: str, period: Period) -> Q:
    """The rows of a reporting view in a period (see rules.is_new / is_continuing / is_signed)."""
    start, end = period.start, period.end
    day = as_of(period)
    if view == "new":
        return Q(started_on__gte=start, started_on__lte=end)
    if view == "continuing":
        return Q(started_on__lt=start) & (Q(production_on__isnull=True) | Q(production_on__gte=start))
    if view == "signed":
        return Q(signed_on__gte=start, signed_on__lte=end)
    if view == "reserve":
        return Q(entered_on__lte=day) & (Q(negotiating_on__isnull=True) | Q(negotiating_on__gt=day))
    if view == "negotiating":
        return Q(negotiating_on__lte=day) & (Q(signed_on__isnull=True) | Q(signed_on__gt=day))
    if view == "key":
        return Q(is_key=True, entered_on__lte=end) & (
            Q(production_on__isnull=True) | Q(production_on__gte=start)
        )
    raise ValueError(view)


def list_url(view: str, period: Period, zone_id: int | None = None, **extra) -> str:
    params = {"view": view, "from": period.start.isoformat(), "to": period.end.isoformat(), **extra}
    if zone_id:
        params["zone"] = zone_id
    return f"{reverse('projects:list')}?{urlencode(params)}"


def pipeline_figures(zone_ids: frozenset[int], period: Period, *, zone_id: int | None = None) -> list[Figure]:
    qs = Project.objects.filter(zone_id__in=zone_ids)
    aggregates = {}
    for view, _key, _label in VIEWS:
        aggregates[f"{view}_n"] = Count("id", filter=view_q(view, period))
        if view in WITH_TOTAL:
            aggregates[f"{view}_t"] = Sum("total_investment", filter=view_q(view, period))
    data = qs.aggregate(**aggregates)  # one query for every figure
    out: list[Figure] = []
    for view, key, label in VIEWS:
        url = list_url(view, period, zone_id)
        out.append(Figure(f"pipeline.{key}.count", _(label), data[f"{view}_n"], "个", url))
        if view in WITH_TOTAL:
            total = data[f"{view}_t"] or Decimal("0")
            out.append(
                Figure(
                    f"pipeline.{key}.total_yi",
                    _(TOTAL_LABELS[view]),
                    rules.yi(total),
                    "亿元",
                    url,
                )
            )
    return out


def pipeline_breakdown(zone_ids: frozenset[int], period: Period) -> dict:
    """Counts and totals by current stage and by industry chain (for the charts)."""
    qs = Project.objects.filter(zone_id__in=zone_ids, entered_on__lte=period.end)
    by_stage = {
        row["stage"]: row for row in qs.values("stage").annotate(n=Count("id"), t=Sum("total_investment"))
    }
    stages = [
        {
            "stage": s.value,
            "label": str(s.label),
            "count": by_stage.get(s.value, {}).get("n", 0),
            "total_yi": rules.yi(by_stage.get(s.value, {}).get("t") or Decimal("0")),
        }
        for s in Stage
    ]
    english = english_active()
    chains = [
        {
            "chain": (row["chain__name_en"] if english and row["chain__name_en"] else row["chain__name"])
            or _("未分类"),
            "count": row["n"],
            "total_yi": rules.yi(row["t"] or Decimal("0")),
        }
        for row in qs.values("chain__name", "chain__name_en")
        .annotate(n=Count("id"), t=Sum("total_investment"))
        .order_by("-t")
    ]
    return {"stages": stages, "chains": chains}


@figure_registry.register("pipeline")
def pipeline_provider(zone_ids: frozenset[int], period: Period) -> list[Figure]:
    return pipeline_figures(zone_ids, period)
