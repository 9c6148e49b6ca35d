"""The indicators page, its cases and its Excel export; thin over ``selectors``."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from zonedesk.core.replica import replica_reads
from zonedesk.core.xlsx import Column, Sheet, xlsx_response
from zonedesk.indicators import selectors
from zonedesk.indicators.selectors import INDICATOR_KEYS, BadQuery, may_see_indicators


def _filters(request: HttpRequest) -> tuple[str, int | None, str | None]:
    raw_zone = request.GET.get("zone") or ""
    if raw_zone and not raw_zone.isdigit():
        raise Http404
    category = request.GET.get("category")
    return request.GET.get("period", ""), int(raw_zone) if raw_zone else None, category


def _report(request: HttpRequest):
    if not may_see_indicators(request.user):
        raise Http404
    period, zone, category = _filters(request)
    error = ""
    try:
        q, projects, zones = selectors.query_for(request.user, period=period, zone=zone, category=category)
    except BadQuery as exc:
        error = str(exc)
        q, projects, zones = selectors.query_for(request.user, zone=zone)
    return q, projects, zones, error


def _params(q, zone: int | None, **extra) -> str:
    params = {
        "period": f"{q.period.start.isoformat()}..{q.period.end.isoformat()}",
        "category": q.category,
        **({"zone": zone} if zone else {}),
        **extra,
    }
    return urlencode(params)


def _chart(result, metric) -> dict:
    s = metric.summary
    return {
        "labels": [f"{b.low:f}–{b.high:f}" for b in s.bins] if s else [],
        "values": [b.count for b in s.bins] if s else [],
        "width": str(s.bins[0].high - s.bins[0].low) if s and s.bins else "1",
        "start": str(s.bins[0].low) if s and s.bins else "0",
        "lines": [{"name": lim.label, "value": lim.days} for lim in metric.limits],
        "unit": str(metric.metric.unit),
    }


@login_required
@replica_reads
def indicators(request: HttpRequest) -> HttpResponse:
    q, projects, _zones, error = _report(request)
    _period, zone, _category = _filters(request)
    results = selectors.indicator_report(projects, q)
    blocks = []
    for r in results:
        cases_url = reverse("indicators:cases") + f"?{_params(q, zone, indicator=r.indicator.key)}"
        blocks.append(
            {
                "result": r,
                "cases_url": cases_url,
                "metrics": [
                    {
                        "m": m,
                        "chart_id": f"chart-{r.indicator.key}-{m.metric.key}",
                        "chart": _chart(r, m),
                        "url": cases_url + f"&sort={m.metric.key}",
                    }
                    for m in r.metrics
                ],
            }
        )
    return render(
        request,
        "indicators/indicators.html",
        {
            "blocks": blocks,
            "q": q,
            "error": error,
            "zones_all": selectors.visible_zones(request.user),
            "zone_id": zone,
            "categories": selectors.categories_for(q.zone_ids),
            "period_text": request.GET.get("period", ""),
            "export_query": _params(q, zone),
        },
    )


@login_required
@replica_reads
def cases(request: HttpRequest) -> HttpResponse:
    q, projects, _zones, error = _report(request)
    key = request.GET.get("indicator", "")
    if key not in INDICATOR_KEYS:
        raise Http404
    result = next(r for r in selectors.indicator_report(projects, q) if r.indicator.key == key)
    sort = request.GET.get("sort", "")
    rows = result.cases
    if sort in {"procedures", "working_days", "calendar_days", "cost_yuan"}:
        rows = sorted(rows, key=lambda c: c.value(sort), reverse=True)
    _period, zone, _category = _filters(request)
    return render(
        request,
        "indicators/cases.html",
        {
            "result": result,
            "rows": rows,
            "q": q,
            "error": error,
            "sort": sort,
            "back": reverse("indicators:index") + f"?{_params(q, zone)}",
        },
    )


def _figure_rows(results):
    for r in results:
        for m in r.metrics:
            s = m.summary
            yield {
                "indicator": r.indicator.label,
                "metric": m.metric.label,
                "unit": m.metric.unit,
                "n": s.n if s else 0,
                "median": s.median if s else None,
                "mean": s.mean if s else None,
                "p90": s.p90 if s else None,
                "min": s.minimum if s else None,
                "max": s.maximum if s else None,
                "limits": "；".join(f"{lim.label} {lim.days}" for lim in m.limits),
                "formula": m.formula,
                "truncated": r.truncated,
            }


def _case_rows(results):
    for r in results:
        for c in r.cases:
            yield {"indicator": r.indicator.label, "case": c}


@login_required
@replica_reads
def export(request: HttpRequest) -> HttpResponse:
    q, projects, _zones, _error = _report(request)
    results = selectors.indicator_report(projects, q)
    figures = Sheet(
        _("指标"),
        [
            Column(_("指标"), lambda r: str(r["indicator"]), 14),
            Column(_("度量"), lambda r: str(r["metric"]), 20),
            Column(_("单位"), lambda r: str(r["unit"]), 8),
            Column(_("案例数"), lambda r: r["n"], 8),
            Column(_("中位数"), lambda r: r["median"], 10),
            Column(_("平均值"), lambda r: r["mean"], 10),
            Column(_("第90百分位"), lambda r: r["p90"], 10),
            Column(_("最小值"), lambda r: r["min"], 10),
            Column(_("最大值"), lambda r: r["max"], 10),
            Column(_("参考时限（工作日）"), lambda r: r["limits"], 30),
            Column(_("计算口径"), lambda r: str(r["formula"]), 60),
            Column(_("案例超出上限未全部计入"), lambda r: r["truncated"], 12),
        ],
        _figure_rows(results),
    )
    cases_sheet = Sheet(
        _("案例"),
        [
            Column(_("指标"), lambda r: str(r["indicator"]), 14),
            Column(_("案例"), lambda r: r["case"].facts.name, 40),
            Column(_("首次提交"), lambda r: r["case"].facts.first_submitted, 12),
            Column(_("办结"), lambda r: r["case"].facts.final_on, 12),
            Column(_("办理环节（个）"), lambda r: r["case"].facts.procedures, 10),
            Column(_("工作日"), lambda r: r["case"].working_days, 10),
            Column(_("自然日"), lambda r: r["case"].calendar_days, 10),
            Column(_("事项费用合计（元）"), lambda r: r["case"].facts.fees_yuan, 14),
            Column(_("区域评估免办（元）"), lambda r: r["case"].facts.waived_yuan, 14),
            Column(_("办理费用（元）"), lambda r: r["case"].cost_yuan, 14),
        ],
        _case_rows(results),
    )
    return xlsx_response("indicators", [figures, cases_sheet])
