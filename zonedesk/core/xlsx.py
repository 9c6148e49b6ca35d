"""A register list as an .xlsx download, written row by row (constant memory)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(
    name: str, sheet: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"constant_memory": True, "in_memory": False})
    head = wb.add_format({"bold": True, "bg_color": "#F2F4F7", "border": 1})
    money = wb.add_format({"num_format": "#,##0.00##"})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws = wb.add_worksheet(sheet)
    for col, label in enumerate(headers):
        ws.write(0, col, label, head)
        ws.set_column(col, col, 30 if col == 0 else 16)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, Decimal):
                ws.write_number(r, c, value, money)  # xlsxwriter stores the cell as a number
            elif hasattr(value, "isoformat") and not isinstance(value, str):
                ws.write_datetime(r, c, value, date_fmt) if hasattr(value, "year") else ws.write(
                    r, c, str(value)
                )
            elif value is None:
                ws.write_blank(r, c, None)
            else:
                ws.write(r, c, value)
    wb.close()
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(buf.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.xlsx"'
    return response
