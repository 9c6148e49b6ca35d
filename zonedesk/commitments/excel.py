"""The two registers as Excel workbooks (export of a filtered list), through the shared export
(core/xlsx.py: streamed from a temporary file, constant memory, text never a formula)."""

from __future__ import annotations

from collections.abc import Iterable
from operator import itemgetter

from django.http import FileResponse
from django.utils.translation import gettext as _

from zonedesk.core import xlsx

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


def _book(stem: str, sheet: str, columns, rows: Iterable[list]) -> FileResponse:
    return xlsx.xlsx_response(
        stem,
        [
            xlsx.Sheet(
                name=sheet,
                columns=[
                    xlsx.Column(header=label, value=itemgetter(i)) for i, (_key, label) in enumerate(columns)
                ],
                rows=rows,
            )
        ],
    )


def commitments_workbook(rows: Iterable) -> FileResponse:
    def cells(c):
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
            c.promised_on,
            c.due_on,
            c.amount_yuan,
            c.department.name,
            c.responsible.display_name if c.responsible_id else "",
            str(c.get_status_display()),
            c.fulfilled_on,
            on_time,
        ]

    return _book("commitments", "承诺事项", COMMITMENT_COLUMNS, (cells(c) for c in rows))


def arrears_workbook(rows: Iterable) -> FileResponse:
    def cells(a):
        return [
            a.number,
            a.enterprise.name,
            a.department.name,
            str(a.get_kind_display()),
            a.basis,
            a.amount_yuan,
            a.paid_yuan,
            a.outstanding_yuan,
            a.due_on,
            str(a.get_status_display()),
            a.cleared_on,
            str(a.get_confirm_state_display()),
        ]

    return _book("arrears", "拖欠企业账款", ARREAR_COLUMNS, (cells(a) for a in rows))
