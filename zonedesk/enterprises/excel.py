"""The register as an Excel workbook (the export; the import is enterprises/imports.py).

Sheet 1 ("企业") holds one enterprise a row under the headers of rules.COLUMNS; an optional
sheet "年度数据" holds yearly figures. Export writes the same layout, so an exported file
re-imports unchanged.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.utils import translation

from zonedesk.enterprises.rules import (
    COLUMNS,
    FIGURE_COLUMNS,
    FILE_LANGUAGE,
    tier_label,
)

SHEET = "企业"
FIGURE_SHEET = "年度数据"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def write_register(enterprises: Iterable[Any], figures: Iterable[Any]) -> bytes:
    """Enterprises (with industry and park selected) and their yearly figures as .xlsx.

    The file is written in Chinese whatever the user's language, so it re-imports anywhere.
    """
    with translation.override(FILE_LANGUAGE):
        return _write_register(enterprises, figures)


def _write_register(enterprises: Iterable[Any], figures: Iterable[Any]) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    # constant_memory flushes each row to a temporary file as it is written, so 50,000
    # enterprises do not sit in memory as 750,000 cell objects; rows are written in order.
    wb = xlsxwriter.Workbook(buf, {"constant_memory": True, "in_memory": False})
    head = wb.add_format({"bold": True, "bg_color": "#F2F4F7", "border": 1})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    money = wb.add_format({"num_format": "#,##0.00"})
    ws = wb.add_worksheet(SHEET)
    headers = [label for _, label in COLUMNS] + ["失信/异常名单（仅供参考，导入时忽略）"]
    for col, label in enumerate(headers):
        ws.write(0, col, label, head)
        ws.set_column(col, col, 18 if col else 22)
    for r, e in enumerate(enterprises, start=1):
        values = {
            "credit_code": e.credit_code, "name": e.name,
            "legal_representative": e.legal_representative,
            "industry_code": f"{e.industry.section}{e.industry.code}",
            "park": e.park.name if e.park_id else "", "address": e.address,
            "registered_on": e.registered_on, "staff_size": e.staff_size,
            "credit_grade": e.credit_grade, "credit_source": e.credit_source,
            "credit_valid_until": e.credit_valid_until,
            "growth_tier": tier_label(e.growth_tier),
            "contact_name": e.contact_name, "contact_phone": e.contact_phone,
        }
        for col, (key, _label) in enumerate(COLUMNS):
            value = values[key]
            if value is None or value == "":
                continue
            if key in ("registered_on", "credit_valid_until"):
                ws.write_datetime(r, col, value, date_fmt)
            elif key == "staff_size":
                ws.write_number(r, col, value)
            else:
                ws.write_string(r, col, str(value))
        flags = "、".join(f.get_kind_display() for f in getattr(e, "active_flags", []))
        if flags:
            ws.write_string(r, len(COLUMNS), flags)
    fs = wb.add_worksheet(FIGURE_SHEET)
    for col, (_key, label) in enumerate(FIGURE_COLUMNS):
        fs.write(0, col, label, head)
        fs.set_column(col, col, 18)
    for r, f in enumerate(figures, start=1):
        fs.write_string(r, 0, f.enterprise.credit_code)
        fs.write_number(r, 1, f.year)
        for col, key in enumerate(("revenue", "tax", "rd_spending"), start=2):
            value = getattr(f, key)
            if value is not None:
                # Excel cells are binary doubles; amounts below 10^13 万元 with two decimals
                # survive the round trip exactly (rules.parse_amount reads the shortest repr).
                fs.write_number(r, col, float(value), money)
        for col, key in enumerate(("staff", "tech_staff"), start=5):
            value = getattr(f, key)
            if value is not None:
                fs.write_number(r, col, value)
    wb.close()
    return buf.getvalue()
