"""The one Excel export of every register list: the filtered list as seen, streamed.

xlsxwriter in constant-memory mode writes each row to a temporary file as it goes, and the
workbook itself is written to a temporary file that the response streams, so an export of
100,000 rows holds one row in memory. Every text cell is written as a string — never as a
formula — so a value that starts with = + - @ (a CSV/Excel injection) stays inert text when
the file is opened. Headers are Chinese whatever the user's language (the files circulate).
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from operator import itemgetter
from typing import Any

from django.http import FileResponse, HttpResponse
from django.utils import timezone, translation

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILE_LANGUAGE = "zh-hans"


@dataclass(frozen=True)
class Column:
    header: Any  # a (lazy) translatable string, rendered in Chinese
    value: Callable[[Any], Any]
    width: int = 18


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: list[Column]
    rows: Iterable[Any]


def write_cell(ws, r: int, c: int, value: Any, formats: dict) -> None:
    if value is None or value == "":
        return
    if isinstance(value, bool):
        ws.write_string(r, c, "是" if value else "否")
    elif isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        ws.write_datetime(r, c, value, formats["datetime"])
    elif isinstance(value, dt.date):
        ws.write_datetime(r, c, value, formats["date"])
    elif isinstance(value, int):
        ws.write_number(r, c, value)
    elif isinstance(value, Decimal):
        # A cell is a binary double; two-decimal amounts below 10^13 survive it exactly.
        ws.write_number(r, c, float(value), formats["decimal"])
    else:
        ws.write_string(r, c, str(value))


def write_workbook(target, sheets: list[Sheet]) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(target, {"constant_memory": True, "in_memory": False,
                                      "strings_to_formulas": False, "strings_to_urls": False,
                                      "strings_to_numbers": False})
    formats = {"head": wb.add_format({"bold": True, "bg_color": "#F2F4F7", "border": 1}),
               "date": wb.add_format({"num_format": "yyyy-mm-dd"}),
               "datetime": wb.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
               "decimal": wb.add_format({"num_format": "#,##0.00"})}
    with translation.override(FILE_LANGUAGE):
        for sheet in sheets:
            ws = wb.add_worksheet(sheet.name[:31])
            for c, col in enumerate(sheet.columns):
                ws.write_string(0, c, str(col.header), formats["head"])
                ws.set_column(c, c, col.width)
            ws.freeze_panes(1, 0)
            for r, row in enumerate(sheet.rows, start=1):
                for c, col in enumerate(sheet.columns):
                    write_cell(ws, r, c, col.value(row), formats)
    wb.close()


def xlsx_response(name: str, sheets: list[Sheet]) -> FileResponse:
    """``name``-YYYYmmdd-HHMM.xlsx streamed from a temporary file (deleted when closed)."""
    # Not a context manager: the response streams the file and closes (so deletes) it.
    f = tempfile.TemporaryFile()  # noqa: SIM115
    write_workbook(f, sheets)
    f.seek(0)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = FileResponse(f, content_type=XLSX_TYPE, as_attachment=True, filename=f"{name}-{stamp}.xlsx")
    response["Cache-Control"] = "no-store"
    return response


def workbook(sheets: Sequence[tuple[str, Sequence[Any], Iterable[Sequence[Any]]]]) -> bytes:
    """Named sheets of a header row and value rows (positional), as .xlsx bytes: for registers
    whose rows are already tuples. Same cells and the same formula safety as ``write_workbook``."""
    buf = io.BytesIO()
    write_workbook(buf, [
        Sheet(name=name, rows=rows,
              columns=[Column(header=h, value=itemgetter(i), width=24 if i == 0 else 14)
                       for i, h in enumerate(headers)])
        for name, headers, rows in sheets
    ])
    return buf.getvalue()


def workbook_response(content: bytes, stem: str) -> HttpResponse:
    """``stem``-YYYYmmdd-HHMM.xlsx from bytes made by ``workbook``."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{stem}-{stamp}.xlsx"'
    response["Cache-Control"] = "no-store"
    return response


def sheet_response(name: str, sheet: str, headers: Sequence[Any],
                   rows: Iterable[Sequence[Any]]) -> HttpResponse:
    """One sheet of positional rows as ``name``-YYYYmmdd-HHMM.xlsx."""
    return workbook_response(workbook([(str(sheet), headers, rows)]), name)
