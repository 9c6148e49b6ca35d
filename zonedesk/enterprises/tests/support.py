"""Workbooks built and read in memory for the import/export tests."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any


def workbook(sheets: dict[str, Sequence[Sequence[Any]]]) -> bytes:
    """An .xlsx with one sheet per key, rows as given (the first row is the header)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def read_sheet(content: bytes, title: str) -> list[tuple[Any, ...]]:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    rows = [tuple(r) for r in wb[title].iter_rows(values_only=True)]
    wb.close()
    return rows
