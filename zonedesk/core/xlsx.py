"""A plain register as an .xlsx workbook: named sheets of a header row and value rows.

Rows are consumed as an iterator and written in constant-memory mode, so a register of any
length never sits in memory as objects; Decimals are written as numbers, dates as dates.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"constant_memory": True, "in_memory": False})
    head = wb.add_format({"bold": True, "bg_color": "#F2F4F7", "border": 1})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    num = wb.add_format({"num_format": "#,##0.00"})
    for name, headers, rows in sheets:
        ws = wb.add_worksheet(name[:31])
        for col, label in enumerate(headers):
            ws.write(0, col, str(label), head)
            ws.set_column(col, col, 24 if col == 0 else 14)
        for r, row in enumerate(rows, start=1):
            for c, v in enumerate(row):
                if v is None:
                    continue
                if isinstance(v, Decimal):
                    ws.write_number(r, c, float(v), num)  # Excel stores doubles; shown with 2 decimals
                elif isinstance(v, dt.datetime):
                    ws.write_string(r, c, timezone.localtime(v).strftime("%Y-%m-%d %H:%M"))
                elif isinstance(v, dt.date):
                    ws.write_datetime(r, c, dt.datetime.combine(v, dt.time()), date_fmt)
                elif isinstance(v, bool):
                    ws.write_string(r, c, "是" if v else "否")
                elif isinstance(v, int):
                    ws.write_number(r, c, v)
                else:
                    ws.write_string(r, c, str(v))
    wb.close()
    return buf.getvalue()


def xlsx_response(content: bytes, stem: str) -> HttpResponse:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{stem}-{stamp}.xlsx"'
    return response
