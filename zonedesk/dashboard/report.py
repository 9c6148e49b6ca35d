"""The monthly 营商环境 report for leaders: the dashboard's figures of one zone for the month
and for the year to date, each rate with the formula it is computed by.

The figures are computed once, when the report is made (the scheduler makes last month's on
the first days of a month; a leader may make one on demand), and kept as a snapshot, so the
report a leader read is the report that stays; the PDF and the Excel file are drawn from the
snapshot."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

from django.utils import translation

from zonedesk.core.figures import Period, figure_registry
from zonedesk.dashboard.selectors import SECTION_LABELS

REPORT_LANGUAGE = "zh-hans"  # the report circulates on paper and in files, in the zone's language


def month_periods(year: int, month: int, today: dt.date) -> tuple[Period, Period]:
    """(the month, 1 January to the month's end); a month not yet over ends today."""
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    end = min(last, today)
    return (
        Period(dt.date(year, month, 1), end, f"{year}年{month}月"),
        Period(dt.date(year, 1, 1), end, f"{year}年1—{month}月"),
    )


def previous_month(today: dt.date) -> tuple[int, int]:
    first = today.replace(day=1) - dt.timedelta(days=1)
    return first.year, first.month


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(zone_id: int, year: int, month: int, today: dt.date) -> dict:
    """Every registered figure of the zone for the month and the year to date (two passes of
    the figure registry: a bounded number of aggregate queries, whatever the zone's size)."""
    month_period, ytd_period = month_periods(year, month, today)
    zones = frozenset({zone_id})
    with translation.override(REPORT_LANGUAGE):
        in_month = figure_registry.compute(zones, month_period)
        to_date = figure_registry.compute(zones, ytd_period)
        sections = []
        for key, figures in in_month.items():
            ytd = {f.key: f for f in to_date.get(key, [])}
            rows = []
            for f in figures:
                y = ytd.get(f.key)
                rows.append(
                    {
                        "key": f.key,
                        "label": str(f.label),
                        "unit": str(f.unit),
                        "month": _plain(f.value),
                        "ytd": _plain(y.value) if y else None,
                        "formula": str(f.formula or ""),
                    }
                )
            sections.append({"key": key, "label": str(SECTION_LABELS.get(key, key)), "rows": rows})
    return {
        "month_period": [month_period.start.isoformat(), month_period.end.isoformat(), month_period.label],
        "ytd_period": [ytd_period.start.isoformat(), ytd_period.end.isoformat(), ytd_period.label],
        "sections": sections,
    }


def value_text(value, unit: str) -> str:
    if value is None or value == "":
        return "—"
    return f"{value}{unit}" if unit == "%" else f"{value} {unit}".strip()


def is_rate(row: dict) -> bool:
    return row["unit"] == "%"


def xlsx_bytes(report) -> bytes:
    """The report as a workbook: one sheet of every figure (month, year to date, formula)."""
    from zonedesk.core.xlsx import workbook

    data = report.data
    rows = []
    for section in data["sections"]:
        for r in section["rows"]:
            rows.append(
                (
                    section["label"],
                    r["label"],
                    _number(r["month"]),
                    _number(r["ytd"]),
                    r["unit"],
                    r["formula"],
                )
            )
    headers = (
        "板块",
        "指标",
        f"本月（{data['month_period'][2]}）",
        f"本年累计（{data['ytd_period'][2]}）",
        "单位",
        "计算公式",
    )
    about = [
        ("园区", report.zone.name),
        ("报告期", data["month_period"][2]),
        ("累计期", data["ytd_period"][2]),
        ("生成时间", report.generated_at),
        ("说明", "数字由系统按生成时的数据计算，比率下方为计算公式。"),
    ]
    return workbook([(f"{report.year}年{report.month}月", headers, rows), ("说明", ("项目", "内容"), about)])


def _number(value):
    """Decimals stay exact in the snapshot (strings); the cell gets the number back."""
    if isinstance(value, str):
        try:
            return Decimal(value)
        except ArithmeticError:
            return value
    return value
