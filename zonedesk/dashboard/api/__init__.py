"""GET /api/dashboard/summary: every registered figure, per zone and for all zones together."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from zonedesk.core.api import errors
from zonedesk.core.errors import NotFound, ValidationFailed
from zonedesk.core.requests import ApiRequest
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
    as_of: dt.datetime = Field(description="统计时刻：同一园区、期间与语言的统计最多复用 60 秒")


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
    summary="驾驶舱指标（按请求时的数据计算，最多复用 60 秒，见 as_of）",
)
def get_summary(request: ApiRequest, query: Query[SummaryQuery]):
    user = request.auth
    if not may_see_dashboard(user):
        raise NotFound()
    try:
        period = period_for(user, query.period)
    except BadPeriod as exc:
        raise ValidationFailed({"period": str(exc)}) from exc
    zones = dashboard_zones(user, query.zone)
    as_of: list = []
    whole, per_zone = summary(user, zones, period, as_of)
    return {
        "period": {"start": period.start, "end": period.end, "label": period.label},
        "total": _scope(whole),
        "zones": [_scope(s) for s in per_zone],
        "as_of": min(as_of),
    }


# -- the monthly 营商环境 reports ----------------------------------------------------------------


class DashboardReportRowOut(Schema):
    key: str
    label: str
    unit: str
    month: int | str | None = Field(description="本月数（比率、金额为精确小数字符串）")
    ytd: int | str | None = Field(description="本年累计数")
    formula: str


class DashboardReportSectionOut(Schema):
    key: str
    label: str
    rows: list[DashboardReportRowOut]


class DashboardReportOut(Schema):
    id: int
    zone: str
    year: int
    month: int
    version: int
    generated_at: dt.datetime
    generated_by: str
    pdf_url: str
    xlsx_url: str


class DashboardReportDetailOut(DashboardReportOut):
    month_period: list[str]
    ytd_period: list[str]
    sections: list[DashboardReportSectionOut]


class DashboardReportIn(Schema):
    model_config = ConfigDict(extra="forbid")
    zone_id: int = Field(ge=1)
    year: int = Field(ge=2000, le=9999)
    month: int = Field(ge=1, le=12)


def _report_out(row, detail: bool = False) -> dict:
    from django.urls import reverse

    out = {"id": row.pk, "zone": row.zone.code, "year": row.year, "month": row.month, "version": row.version,
           "generated_at": row.generated_at, "generated_by": row.generated_by,
           "pdf_url": reverse("dashboard:report_file", args=[row.pk, "pdf"]),
           "xlsx_url": reverse("dashboard:report_file", args=[row.pk, "xlsx"])}
    if detail:
        out.update(month_period=row.data["month_period"], ytd_period=row.data["ytd_period"],
                   sections=row.data["sections"])
    return out


@router.get("/reports", response={200: list[DashboardReportOut], **errors(401, 404)},
            summary="营商环境月报（最近 24 份）")
def dashboard_reports(request: HttpRequest):
    from zonedesk.dashboard.models import MonthlyReport

    if not may_see_dashboard(request.auth):
        raise NotFound()
    rows = (MonthlyReport.objects.visible_to(request.auth).select_related("zone")
            .defer("data").order_by("-year", "-month", "zone_id")[:24])
    return [_report_out(r) for r in rows]


@router.get("/reports/{report_id}", response={200: DashboardReportDetailOut, **errors(401, 404)},
            summary="一份月报的全部指标（本月、本年累计、公式）")
def dashboard_report(request: HttpRequest, report_id: int):
    from zonedesk.dashboard.models import MonthlyReport

    row = MonthlyReport.objects.visible_to(request.auth).select_related("zone").filter(pk=report_id).first()
    if row is None:
        raise NotFound()
    return _report_out(row, detail=True)


@router.post("/reports", response={201: DashboardReportDetailOut, **errors(401, 403, 404, 422)},
             summary="生成（或重新生成）一个园区某月的月报（领导）")
def dashboard_report_make(request: HttpRequest, payload: DashboardReportIn):
    from zonedesk.core.api import api_actor
    from zonedesk.dashboard.services import monthly_report_make

    row = monthly_report_make(actor=api_actor(request), zone_id=payload.zone_id, year=payload.year,
                              month=payload.month)
    return Status(201, _report_out(row, detail=True))
