"""GET /api/dashboard/summary: every registered figure, per zone and for all zones together."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from zonedesk.core.api import errors
from zonedesk.core.errors import NotFound, ValidationFailed
from zonedesk.dashboard.periods import BadPeriod
from zonedesk.dashboard.selectors import (
    Scope,
    dashboard_zones,
    jsonable_value,
    may_see_dashboard,
    period_for,
    summary,
)

router = Router(tags=["dashboard"])


class DashboardFigureOut(Schema):
    value: int | str | None = Field(description="计数为整数；金额、比率为精确小数字符串（不用浮点数）")
    unit: str
    label: str
    url: str = Field(description="该数字背后的明细")
    formula: str


class ScopeOut(Schema):
    code: str = Field(description="园区代码；all 为所有可见园区合计")
    name: str
    figures: dict[str, DashboardFigureOut] = Field(
        description="键为英文点分名称并含单位，如 pipeline.by_stage.new.total_yi"
    )


class PeriodOut(Schema):
    start: dt.date
    end: dt.date
    label: str


class SummaryOut(Schema):
    period: PeriodOut
    total: ScopeOut = Field(description="所选园区合计（按全部数据重新计算，比率不是平均值）")
    zones: list[ScopeOut]


class SummaryQuery(Schema):
    period: str = Field(
        "", description="2026、2026-Q3、2026-05 或 2026-01-01..2026-06-30；默认为园区报告年度"
    )
    zone: int | None = Field(None, description="只看一个园区（省级用户）")


def _scope(scope: Scope) -> dict:
    return {
        "code": scope.code,
        "name": scope.name,
        "figures": {
            key: {
                "value": jsonable_value(f.value),
                "unit": f.unit,
                "label": str(f.label),
                "url": f.url,
                "formula": str(f.formula),
            }
            for key, f in scope.figures().items()
        },
    }


@router.get(
    "/summary",
    response={200: SummaryOut, **errors(401, 404, 422)},
    summary="驾驶舱指标（按请求时的数据计算）",
)
def get_summary(request: HttpRequest, query: Query[SummaryQuery]):
    user = request.auth
    if not may_see_dashboard(user):
        raise NotFound()
    try:
        period = period_for(user, query.period)
    except BadPeriod as exc:
        raise ValidationFailed({"period": str(exc)}) from exc
    zones = dashboard_zones(user, query.zone)
    whole, per_zone = summary(user, zones, period)
    return {
        "period": {"start": period.start, "end": period.end, "label": period.label},
        "total": _scope(whole),
        "zones": [_scope(s) for s in per_zone],
    }
