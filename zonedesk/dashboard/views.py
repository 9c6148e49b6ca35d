from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonedesk.core.figure_cache import figures_cached
from zonedesk.core.replica import replica_reads
from zonedesk.core.requests import AuthedRequest
from zonedesk.core.units import amount_text
from zonedesk.dashboard.periods import BadPeriod
from zonedesk.dashboard.selectors import dashboard_zones, may_see_dashboard, period_for, summary
from zonedesk.projects.figures import pipeline_breakdown

SHORT_STAGE = {"building": gettext_lazy("在建")}


def _zone_param(request: AuthedRequest) -> int | None:
    raw = request.GET.get("zone") or ""
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    return int(raw)


@login_required
@replica_reads  # figures over many rows: a streaming replica serves them when configured
def dashboard(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if not may_see_dashboard(user):
        raise Http404
    zones_all = dashboard_zones(user)
    asked = _zone_param(request)
    # One zone asked for: among those the user sees (else a 404), without a second query.
    zones = zones_all if asked is None else [z for z in zones_all if z.pk == asked]
    if asked is not None and not zones:
        raise Http404
    error = ""
    try:
        period = period_for(user, request.GET.get("period"))
    except BadPeriod as exc:
        error = str(exc)
        period = period_for(user, None)
    as_of: list = []
    whole, per_zone = summary(user, zones, period, as_of)
    figures = whole.figures()
    breakdown, at = figures_cached("dashboard.breakdown", (sorted(whole.zone_ids), period),
                                   lambda: pipeline_breakdown(whole.zone_ids, period))
    as_of.append(at)

    def v(key: str):
        f = figures.get(key)
        return f.value if f is not None and f.value is not None else 0

    views = [
        ("new", _("新建")),
        ("continuing", _("续建")),
        ("signed", _("签约")),
        ("reserve", _("储备")),
        ("negotiating", _("在谈")),
        ("key", _("重点")),
    ]
    count_key = {
        "new": "pipeline.by_stage.new.count",
        "continuing": "pipeline.by_stage.continuing.count",
        "signed": "pipeline.signed.count",
        "reserve": "pipeline.reserve.count",
        "negotiating": "pipeline.negotiating.count",
        "key": "pipeline.key.count",
    }
    charts = {
        "views": {
            "labels": [str(label) for _k, label in views],
            "values": [v(count_key[k]) for k, _l in views],
        },
        "totals": {
            "labels": [_("新建"), _("续建"), _("签约")],
            "values": [
                str(v("pipeline.by_stage.new.total_yi")),
                str(v("pipeline.by_stage.continuing.total_yi")),
                str(v("pipeline.signed.total_yi")),
            ],
        },
        # Two-character labels, so ECharts shows every one under a narrow bar.
        "stages": {
            "labels": [SHORT_STAGE.get(s["stage"], s["label"]) for s in breakdown["stages"]],
            "values": [s["count"] for s in breakdown["stages"]],
        },
        "chains": [{"name": c["chain"], "value": str(c["total_yi"])} for c in breakdown["chains"]],
    }
    # Figures of each section, with the per-zone values beside them for a provincial user.
    sections = []
    for section in whole.sections:
        rows = []
        for f in section.figures:
            zone_values = []
            for scope in per_zone:
                zf = scope.figures().get(f.key)
                zone_values.append(zf)
            rows.append({"figure": f, "zones": zone_values})
        label = _("招商引资指标明细") if section.key == "pipeline" else section.label
        sections.append({"key": section.key, "label": label, "rows": rows})
    tiles = []
    for k, label in views:
        count = figures.get(count_key[k])
        total = figures.get(count_key[k].replace(".count", ".total_yi"))
        if count is not None:
            tiles.append(
                {
                    "id": k,
                    "label": label,
                    "count": count.value,
                    "url": count.url,
                    "total": total.value if total is not None else None,
                    # 96.10 reads 96.1亿元, as the report writes it; CNY 9.61 billion in English
                    "total_text": amount_text(total.value, "亿元") if total is not None else "",
                }
            )
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "tiles": tiles,
            "period": period,
            "period_text": request.GET.get("period", ""),
            "error": error,
            "zones_all": zones_all,
            "zone_id": asked,
            "multi": len(per_zone) > 1,
            "per_zone": per_zone,
            "whole": whole,
            "sections": sections,
            "f": figures,
            "charts": charts,
            "breakdown": breakdown,
            # The oldest of the figures shown (they are reused for up to a minute).
            "as_of": min(as_of),
        },
    )
