"""Registers as Excel workbooks (XlsxWriter, constant memory: rows are written as they are
read). Shared by the land and parks registers."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpResponse
from django.utils import timezone

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Column = tuple[str, Callable[[Any], Any], str]  # label, value of a row, kind: text/date/num


def workbook(sheet: str, columns: list[Column], rows: Iterable[Any]) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"constant_memory": True, "in_memory": False})
    head = wb.add_format({"bold": True, "bg_color": "#F2F4F7", "border": 1})
    formats = {
        "date": wb.add_format({"num_format": "yyyy-mm-dd"}),
        "num": wb.add_format({"num_format": "#,##0.00##"}),
    }
    ws = wb.add_worksheet(sheet)
    for col, (label, _get, _kind) in enumerate(columns):
        ws.write(0, col, label, head)
        ws.set_column(col, col, 18)
    for r, row in enumerate(rows, start=1):
        for col, (_label, get, kind) in enumerate(columns):
            value = get(row)
            if value is None or value == "":
                continue
            if kind == "date":
                ws.write_datetime(r, col, value, formats["date"]) if hasattr(value, "year") else ws.write(
                    r, col, value
                )
            elif kind == "num":
                ws.write_number(r, col, value, formats["num"])
            else:
                ws.write_string(r, col, str(value))
    wb.close()
    return buf.getvalue()


def response(content: bytes, stem: str) -> HttpResponse:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    out = HttpResponse(content, content_type=XLSX_TYPE)
    out["Content-Disposition"] = f'attachment; filename="{stem}-{stamp}.xlsx"'
    return out


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


def parcels_workbook(parcels: Iterable[Any]) -> bytes:
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


def reviews_workbook(reviews: Iterable[Any]) -> bytes:
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
