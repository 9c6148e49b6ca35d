"""The register as an Excel workbook: reading with row-by-row checks, and writing.

Sheet 1 ("企业") holds one enterprise a row under the headers of rules.COLUMNS; an optional
sheet "年度数据" holds yearly figures. Export writes the same layout, so an exported file
re-imports unchanged.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import translation

from zonedesk.core.errors import ValidationFailed
from zonedesk.core.xlsx_read import bounded_rows, open_workbook
from zonedesk.enterprises import creditcode
from zonedesk.enterprises.rules import (
    COLUMNS,
    FIGURE_COLUMNS,
    FIGURE_LABELS,
    FILE_LANGUAGE,
    LABELS,
    REQUIRED,
    Lookups,
    clean_enterprise,
    clean_figures,
    tier_label,
)

MAX_ROWS = 20_000
SHEET = "企业"
FIGURE_SHEET = "年度数据"
FIGURE_REQUIRED = ("credit_code", "year")
# The cleaned value a column fills: an update only touches the columns the file has.
CLEAN_KEY = {"industry_code": "industry_id", "park": "park_id"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Checked:
    rows: list[dict[str, Any]] = field(default_factory=list)
    report: list[dict[str, Any]] = field(default_factory=list)
    total_rows: int = 0


def header_map(header: Iterable[Any], columns: list[tuple[str, str]]) -> dict[int, str]:
    by_label = {label: key for key, label in columns}
    by_key = {key: key for key, _ in columns}
    out: dict[int, str] = {}
    for i, cell in enumerate(header):
        text = str(cell or "").strip().replace("(", "（").replace(")", "）")
        key = by_label.get(text) or by_key.get(text)
        if key:
            out[i] = key
    return out


def _open(content: bytes):
    return open_workbook(content)


def read_register(content: bytes, lookups: Lookups, *, this_year: int) -> Checked:
    wb = _open(content)
    try:
        return _read_workbook(wb, lookups, this_year)
    finally:
        wb.close()


def _blank_row(values: tuple[Any, ...] | None) -> bool:
    return values is None or all(v is None or str(v).strip() == "" for v in values)


def _read_workbook(wb, lookups: Lookups, this_year: int) -> Checked:
    if SHEET in wb.sheetnames:
        ws = wb[SHEET]
    else:
        sheets = [s for s in wb.worksheets if s.title != FIGURE_SHEET]
        if not sheets:
            raise ValidationFailed({"file": f"工作簿中没有“{SHEET}”工作表"})
        ws = sheets[0]
    rows = bounded_rows(ws, MAX_ROWS)
    header = next(rows, None)
    if header is None:
        raise ValidationFailed({"file": f"工作表“{ws.title}”为空"})
    columns = header_map(header, COLUMNS)
    missing = [LABELS[k] for k in REQUIRED if k not in columns.values()]
    if missing:
        raise ValidationFailed({"file": f"工作表“{ws.title}”的表头缺少必需的列：" + "、".join(missing)})
    given = {CLEAN_KEY.get(key, key) for key in columns.values()}
    out = Checked()
    seen: dict[str, int] = {}
    for number, values in enumerate(rows, start=2):
        if _blank_row(values):
            continue
        out.total_rows += 1
        if out.total_rows > MAX_ROWS:
            raise ValidationFailed({"file": f"一次最多导入 {MAX_ROWS} 行，请分批导入"})
        raw = {key: values[i] if i < len(values) else None for i, key in columns.items()}
        clean, errors = clean_enterprise(raw, lookups)
        code = clean.get("credit_code")
        if code and code in seen:
            errors["credit_code"] = f"与第 {seen[code]} 行的统一社会信用代码重复"
        elif code:
            # Kept even when the row has other errors: two rows for one enterprise is a
            # problem of the file whichever of them is fixed first.
            seen[code] = number
        for key, message in errors.items():
            out.report.append({"sheet": ws.title, "row": number, "column": LABELS.get(key, key),
                               "reason": message})
        if not errors:
            # A column the file lacks leaves the registry's value alone on update (and the
            # model default on create): a two-column file must not blank every address.
            row = {k: v for k, v in clean.items() if k in given}
            row["row_number"] = number
            row["year_figures"] = []
            out.rows.append(row)
    if FIGURE_SHEET in wb.sheetnames:
        _read_figures(wb[FIGURE_SHEET], out, this_year)
    return out


def _read_figures(ws, out: Checked, this_year: int) -> None:
    rows = bounded_rows(ws, MAX_ROWS)
    header = next(rows, None)
    if header is None:
        return
    columns = header_map(header, FIGURE_COLUMNS)
    missing = [FIGURE_LABELS[k] for k in FIGURE_REQUIRED if k not in columns.values()]
    if missing:
        raise ValidationFailed({"file": f"工作表“{ws.title}”的表头缺少必需的列：" + "、".join(missing)})
    by_code = {r["credit_code"]: r for r in out.rows}
    seen: set[tuple[str, int]] = set()
    for number, values in enumerate(rows, start=2):
        if _blank_row(values):
            continue
        raw = {key: values[i] if i < len(values) else None for i, key in columns.items()}
        clean, errors = clean_figures(raw, this_year=this_year)
        code = creditcode.normalise(str(raw.get("credit_code") or ""))
        target = by_code.get(code)
        if target is None:
            errors["credit_code"] = f"该统一社会信用代码不在“{SHEET}”工作表的有效行中"
        elif "year" in clean and (code, clean["year"]) in seen:
            errors["year"] = "同一企业同一年度重复"
        for key, message in errors.items():
            out.report.append({"sheet": ws.title, "row": number,
                               "column": FIGURE_LABELS.get(key, key), "reason": message})
        if not errors and target is not None:
            seen.add((code, clean["year"]))
            target["year_figures"].append(clean)


def figures_from_row(row: dict[str, Any]) -> list[dict[str, Any]]:
    """Figures stored as JSON text in a batch, back to Decimal."""
    out = []
    for fig in row.get("year_figures", []):
        item = dict(fig)
        for key in ("revenue", "tax", "rd_spending"):
            if item.get(key) is not None:
                item[key] = Decimal(item[key])
        out.append(item)
    return out


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
