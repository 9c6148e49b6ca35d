"""The two registers as Excel workbooks (export of a filtered list), written row by row in
XlsxWriter's constant-memory mode from a database iterator."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils.translation import gettext as _

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

COMMITMENT_COLUMNS = (
    ("number", "承诺编号"),
    ("beneficiary", "承诺对象"),
    ("enterprise", "企业"),
    ("title", "承诺事项"),
    ("kind", "承诺类别"),
    ("source_kind", "依据文件类别"),
    ("source_title", "依据文件"),
    ("promised_on", "承诺日期"),
    ("due_on", "兑现期限"),
    ("amount_yuan", "涉及金额（元）"),
    ("department", "责任部门"),
    ("responsible", "责任人"),
    ("status", "状态"),
    ("fulfilled_on", "兑现日期"),
    ("on_time", "是否按期"),
)
ARREAR_COLUMNS = (
    ("number", "账款编号"),
    ("enterprise", "债权企业"),
    ("department", "欠款单位"),
    ("kind", "账款类别"),
    ("basis", "形成依据"),
    ("amount_yuan", "应付金额（元）"),
    ("paid_yuan", "已付金额（元）"),
    ("outstanding_yuan", "未清偿余额（元）"),
    ("due_on", "应付日期"),
    ("status", "状态"),
    ("cleared_on", "清偿日期"),
    ("confirm_state", "企业确认"),
)


def _book(sheet: str, columns, rows: Iterable[list]) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"constant_memory": True, "in_memory": False})
    head = wb.add_format({"bold": True, "bg_color": "#F2F4F7", "border": 1})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    money = wb.add_format({"num_format": "#,##0.00"})
    ws = wb.add_worksheet(sheet)
    for col, (_key, label) in enumerate(columns):
        ws.write(0, col, _(label), head)
        ws.set_column(col, col, 18)
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value is None or value == "":
                continue
            if hasattr(value, "isoformat"):
                ws.write_datetime(r, col, value, date_fmt)
            elif hasattr(value, "quantize"):
                # Decimal to the cent, written as a number cell with a cent format.
                ws.write_number(r, col, value, money)
            else:
                ws.write(r, col, str(value))
    wb.close()
    return buf.getvalue()


def commitments_workbook(rows: Iterable) -> bytes:
    def cells(c):
        from datetime import datetime

        on_time = ""
        if c.fulfilled_on:
            on_time = _("是") if c.fulfilled_on <= c.due_on else _("否")
        return [
            c.number,
            c.beneficiary,
            c.enterprise.name if c.enterprise_id else "",
            c.title,
            str(c.get_kind_display()),
            str(c.get_source_kind_display()),
            c.source_title,
            datetime.combine(c.promised_on, datetime.min.time()),
            datetime.combine(c.due_on, datetime.min.time()),
            c.amount_yuan,
            c.department.name,
            c.responsible.display_name if c.responsible_id else "",
            str(c.get_status_display()),
            datetime.combine(c.fulfilled_on, datetime.min.time()) if c.fulfilled_on else None,
            on_time,
        ]

    return _book(_("承诺事项"), COMMITMENT_COLUMNS, (cells(c) for c in rows))


def arrears_workbook(rows: Iterable) -> bytes:
    def cells(a):
        from datetime import datetime

        return [
            a.number,
            a.enterprise.name,
            a.department.name,
            str(a.get_kind_display()),
            a.basis,
            a.amount_yuan,
            a.paid_yuan,
            a.outstanding_yuan,
            datetime.combine(a.due_on, datetime.min.time()),
            str(a.get_status_display()),
            datetime.combine(a.cleared_on, datetime.min.time()) if a.cleared_on else None,
            str(a.get_confirm_state_display()),
        ]

    return _book(_("拖欠企业账款"), ARREAR_COLUMNS, (cells(a) for a in rows))
