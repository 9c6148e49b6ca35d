"""Registers as Excel workbooks, through the shared export (core/xlsx.py: streamed from a
temporary file, constant memory, text never turned into a formula). Shared by the land and
parks registers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse

from zonedesk.core import xlsx

Column = tuple[str, Callable[[Any], Any], str]  # label, value of a row, kind: text/date/num


def _cell(get: Callable[[Any], Any], kind: str) -> Callable[[Any], Any]:
    if kind == "num":
        # A float would be written as text by the shared writer; its shortest repr is exact.
        return lambda row: Decimal(repr(v)) if isinstance(v := get(row), float) else v
    if kind == "text":
        return lambda row: None if (v := get(row)) is None else str(v)
    return get


def workbook(sheet: str, columns: list[Column], rows: Iterable[Any]) -> xlsx.Sheet:
    """One sheet of the register (headers in Chinese, as every exported file)."""
    return xlsx.Sheet(
        name=sheet,
        columns=[xlsx.Column(header=label, value=_cell(get, kind)) for label, get, kind in columns],
        rows=rows,
    )


def response(sheet: xlsx.Sheet, stem: str) -> FileResponse:
    return xlsx.xlsx_response(stem, [sheet])


def _sale(p, attr):
    try:
        sale = p.sale
    except ObjectDoesNotExist:  # not sold
        return None
    return getattr(sale, attr)


def _ind(p, attr):
    try:
        return getattr(p.indicators, attr)
    except ObjectDoesNotExist:  # no indicators yet
        return None


def parcels_workbook(parcels: Iterable[Any]) -> xlsx.Sheet:
    columns: list[Column] = [
        ("地块编号", lambda p: p.code, "text"),
        ("位置", lambda p: p.location, "text"),
        ("面积（亩）", lambda p: p.area_mu, "num"),
        ("面积（平方米）", lambda p: p.area_m2, "num"),
        ("用途", lambda p: p.get_land_use_display(), "text"),
        ("准入行业", lambda p: str(p.industry) if p.industry_id else "", "text"),
        ("产业园", lambda p: p.park.name if p.park_id else "", "text"),
        ("状态", lambda p: p.get_status_display(), "text"),
        ("投资强度指标（万元/亩）", lambda p: _ind(p, "investment_intensity"), "num"),
        ("容积率下限", lambda p: _ind(p, "far_min"), "num"),
        ("容积率上限", lambda p: _ind(p, "far_max"), "num"),
        ("亩均税收指标（万元/亩/年）", lambda p: _ind(p, "tax_per_mu"), "num"),
        ("单位能耗指标（吨标煤/万元）", lambda p: _ind(p, "energy_per_output"), "num"),
        ("竞得企业", lambda p: _sale(p, "enterprise").name if _sale(p, "enterprise") else "", "text"),
        ("出让日期", lambda p: _sale(p, "sold_on"), "date"),
        ("出让价款（万元）", lambda p: _sale(p, "price_wan"), "num"),
        ("约定达产日期", lambda p: _sale(p, "production_due_on"), "date"),
        ("有边界", lambda p: "是" if p.boundary else "否", "text"),
    ]
    return workbook("地块", columns, parcels)


def reviews_workbook(reviews: Iterable[Any]) -> xlsx.Sheet:
    columns: list[Column] = [
        ("地块编号", lambda r: r.parcel.code, "text"),
        ("竞得企业", lambda r: r.sale.enterprise.name, "text"),
        ("复核到期日", lambda r: r.due_on, "date"),
        ("状态", lambda r: r.get_status_display(), "text"),
        ("固定资产投资（万元）", lambda r: r.investment_wan, "num"),
        ("年度税收（万元）", lambda r: r.tax_wan, "num"),
        ("处理", lambda r: r.get_consequence_display() if r.consequence else "", "text"),
        ("整改期限", lambda r: r.rectify_until, "date"),
        ("违约金（万元）", lambda r: r.penalty_wan, "num"),
        ("复核日期", lambda r: r.decided_on, "date"),
    ]
    return workbook("达产复核", columns, reviews)
