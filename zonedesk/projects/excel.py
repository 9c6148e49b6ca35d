"""The project register as an Excel workbook (sheet "招商项目"): the export of a filtered list.
The import is projects/imports.py (the shared flow); an exported file re-imports unchanged
(matched by 投资项目代码, else by name), updating the register's fields, never the stage.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from zonedesk.projects import rules

SHEET = "招商项目"
MAX_ROWS = 5_000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMNS: list[tuple[str, str]] = [
    ("name", "项目名称"),
    ("project_code", "投资项目代码"),
    ("investor_name", "投资方"),
    ("enterprise", "项目单位（企业名称或统一社会信用代码）"),
    ("self_built", "园区平台公司自建"),
    ("chain", "产业链"),
    ("total_investment", "总投资（万元）"),
    ("yearly_investment", "年度计划投资（万元）"),
    ("lead_source", "招商渠道"),
    ("park", "产业园"),
    ("parcel", "地块"),
    ("is_key", "重点项目"),
    ("expected_output", "预计年产值（万元）"),
    ("expected_tax", "预计年税收（万元）"),
    ("expected_jobs", "预计带动就业（人）"),
    ("expected_completion", "计划完工日期"),
    ("parent", "补链延链所属项目"),
    ("stage", "阶段"),
    ("entered_on", "入库日期"),
    ("negotiating_on", "在谈日期"),
    ("signed_on", "签约日期"),
    ("started_on", "开工日期"),
    ("production_on", "投产日期"),
    ("partial_use_on", "部分投用日期"),
    ("project_steward", "项目管家"),
    ("env_steward", "环保管家"),
    ("safety_steward", "安全管家"),
    ("assistant", "项目助手"),
    ("note", "说明"),
]
LABELS = dict(COLUMNS)
REQUIRED = ("name", "total_investment")
DATE_KEYS = {
    "expected_completion",
    "entered_on",
    "negotiating_on",
    "signed_on",
    "started_on",
    "production_on",
    "partial_use_on",
}
AMOUNT_KEYS = {"total_investment", "yearly_investment", "expected_output", "expected_tax"}


def write_register(projects: Iterable[Any]) -> bytes:
    """Projects (with chain, park, enterprise, parent and stewards selected) as .xlsx."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"constant_memory": True, "in_memory": False})
    head = wb.add_format({"bold": True, "bg_color": "#F2F4F7", "border": 1})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    money = wb.add_format({"num_format": "#,##0.00"})
    ws = wb.add_worksheet(SHEET)
    for col, (_key, label) in enumerate(COLUMNS):
        ws.write(0, col, label, head)
        ws.set_column(col, col, 28 if col == 0 else 16)
    for r, p in enumerate(projects, start=1):
        values = {
            "name": p.name,
            "project_code": p.project_code,
            "investor_name": p.investor_name,
            "enterprise": p.enterprise.credit_code if p.enterprise_id else "",
            "self_built": "是" if p.self_built else "否",
            "chain": p.chain.name if p.chain_id else "",
            "total_investment": p.total_investment,
            "yearly_investment": p.yearly_investment,
            "lead_source": p.get_lead_source_display() if p.lead_source else "",
            "park": p.park.name if p.park_id else "",
            "parcel": p.parcel,
            "is_key": "是" if p.is_key else "否",
            "expected_output": p.expected_output,
            "expected_tax": p.expected_tax,
            "expected_jobs": p.expected_jobs,
            "expected_completion": p.expected_completion,
            "parent": p.parent.name if p.parent_id else "",
            "stage": rules.STAGE_LABELS[p.stage],
            "entered_on": p.entered_on,
            "negotiating_on": p.negotiating_on,
            "signed_on": p.signed_on,
            "started_on": p.started_on,
            "production_on": p.production_on,
            "partial_use_on": p.partial_use_on,
            "project_steward": p.project_steward.username if p.project_steward_id else "",
            "env_steward": p.env_steward.username if p.env_steward_id else "",
            "safety_steward": p.safety_steward.username if p.safety_steward_id else "",
            "assistant": p.assistant.username if p.assistant_id else "",
            "note": p.note,
        }
        for col, (key, _label) in enumerate(COLUMNS):
            value = values[key]
            if value is None or value == "":
                continue
            if key in DATE_KEYS and isinstance(value, dt.date):
                ws.write_datetime(r, col, dt.datetime.combine(value, dt.time()), date_fmt)
            elif key in AMOUNT_KEYS and isinstance(value, Decimal):
                # Two-decimal amounts below 10^13 survive the double round trip exactly.
                ws.write_number(r, col, float(value), money)
            elif key == "expected_jobs":
                ws.write_number(r, col, value)
            else:
                ws.write_string(r, col, str(value))
    wb.close()
    return buf.getvalue()
