"""GET /api/indicators/ and /api/indicators/cases: the 营商环境 figures and the cases behind
each, the same computation as the page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from zonedesk.core.api import errors
from zonedesk.core.errors import NotFound, ValidationFailed
from zonedesk.indicators import selectors
from zonedesk.indicators.selectors import INDICATOR_KEYS, BadQuery, may_see_indicators

router = Router(tags=["indicators"])


class IndicatorQuery(Schema):
    period: str = Field(
        "", description="2026、2026-Q3、2026-05 或 2026-01-01..2026-06-30；默认为园区报告年度"
    )
    zone: int | None = Field(None, description="只看一个园区（省级用户）")
    category: str | None = Field(
        None, description="项目类别编码（如 industrial_social）；空字符串为全部类别；不传时为项目最多的类别"
    )


class IndicatorCasesQuery(IndicatorQuery):
    indicator: str = Field(
        description="building_permit、utility_water、utility_power、utility_gas、utility_heat"
    )


class IndicatorPeriodOut(Schema):
    start: dt.date
    end: dt.date
    label: str


class IndicatorBinOut(Schema):
    low: Decimal = Field(description="区间下限（含）")
    high: Decimal = Field(description="区间上限（不含）")
    count: int


class IndicatorLimitOut(Schema):
    label: str
    days: int = Field(description="工作日")


class IndicatorMetricOut(Schema):
    key: str = Field(description="procedures、working_days、calendar_days、cost_yuan")
    label: str
    unit: str
    formula: str
    n: int
    median: Decimal | None
    mean: Decimal | None
    p90: Decimal | None = Field(description="第90百分位，最接近秩线性插值（同 Excel PERCENTILE.INC）")
    minimum: Decimal | None
    maximum: Decimal | None
    histogram: list[IndicatorBinOut]
    limits: list[IndicatorLimitOut] = Field(description="法定与园区时限（仅工作日度量）")


class IndicatorFigureOut(Schema):
    key: str
    label: str
    case_count: int
    truncated: bool = Field(description="案例数超过上限时只计入最近办结的部分")
    cases_url: str
    metrics: list[IndicatorMetricOut]


class IndicatorReportOut(Schema):
    period: IndicatorPeriodOut
    zone_ids: list[int]
    category: str
    indicators: list[IndicatorFigureOut]


class IndicatorCaseOut(Schema):
    id: int = Field(description="办理建筑许可为工程建设项目 id；获得用水/电/气/热为申请事项 id")
    name: str
    url: str
    first_submitted: dt.date
    final_on: dt.date
    procedures: int
    working_days: int
    calendar_days: int
    fees_yuan: Decimal
    waived_yuan: Decimal
    cost_yuan: Decimal


def _query(request: HttpRequest, query: IndicatorQuery):
    if not may_see_indicators(request.auth):
        raise NotFound()
    try:
        return selectors.query_for(
            request.auth, period=query.period, zone=query.zone, category=query.category
        )
    except BadQuery as exc:
        raise ValidationFailed({exc.field: str(exc)}) from exc


def _metric(m) -> dict:
    s = m.summary
    return {
        "key": m.metric.key,
        "label": str(m.metric.label),
        "unit": str(m.metric.unit),
        "formula": str(m.formula),
        "n": s.n if s else 0,
        "median": s.median if s else None,
        "mean": s.mean if s else None,
        "p90": s.p90 if s else None,
        "minimum": s.minimum if s else None,
        "maximum": s.maximum if s else None,
        "histogram": [{"low": b.low, "high": b.high, "count": b.count} for b in (s.bins if s else ())],
        "limits": [{"label": lim.label, "days": lim.days} for lim in m.limits],
    }


@router.get(
    "/",
    response={200: IndicatorReportOut, **errors(401, 404, 422)},
    summary="营商环境指标：办理建筑许可与获得用水/电/气/热（按请求时的数据计算）",
)
def get_indicators(request: HttpRequest, query: Query[IndicatorQuery]):
    q, projects, _zones = _query(request, query)
    base = {"period": f"{q.period.start.isoformat()}..{q.period.end.isoformat()}", "category": q.category}
    if query.zone:
        base["zone"] = query.zone
    return {
        "period": {"start": q.period.start, "end": q.period.end, "label": q.period.label},
        "zone_ids": sorted(q.zone_ids),
        "category": q.category,
        "indicators": [
            {
                "key": r.indicator.key,
                "label": str(r.indicator.label),
                "case_count": len(r.cases),
                "truncated": r.truncated,
                "cases_url": reverse("indicators:cases")
                + "?"
                + urlencode({**base, "indicator": r.indicator.key}),
                "metrics": [_metric(m) for m in r.metrics],
            }
            for r in selectors.indicator_report(projects, q)
        ],
    }


@router.get(
    "/cases",
    response={200: list[IndicatorCaseOut], **errors(401, 404, 422)},
    summary="某项营商环境指标所依据的案例",
)
def get_indicator_cases(request: HttpRequest, query: Query[IndicatorCasesQuery]):
    if query.indicator not in INDICATOR_KEYS:
        raise ValidationFailed(
            {"indicator": _("指标应为：%(keys)s") % {"keys": "、".join(sorted(INDICATOR_KEYS))}}
        )
    q, projects, _zones = _query(request, query)
    result = next(r for r in selectors.indicator_report(projects, q) if r.indicator.key == query.indicator)
    return [
        {
            "id": c.facts.case_id,
            "name": c.facts.name,
            "url": c.facts.url,
            "first_submitted": c.facts.first_submitted,
            "final_on": c.facts.final_on,
            "procedures": c.facts.procedures,
            "working_days": c.working_days,
            "calendar_days": c.calendar_days,
            "fees_yuan": c.facts.fees_yuan,
            "waived_yuan": c.facts.waived_yuan,
            "cost_yuan": c.cost_yuan,
        }
        for c in result.cases
    ]
