"""The shared Excel export: formulas neutralised, typed cells, Chinese headers."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

from zonedesk.core.xlsx import Column, Sheet, write_workbook


def test_cells_starting_with_formula_characters_stay_text() -> None:
    rows = [{"v": "=1+1"}, {"v": "+SUM(A1)"}, {"v": "-2"}, {"v": "@cmd"}, {"v": "=HYPERLINK(\"http://x\")"}]
    buf = io.BytesIO()
    with translation.override("en"):
        write_workbook(buf, [Sheet("t", [Column(_("名称"), lambda r: r["v"])], rows)])
    ws = load_workbook(io.BytesIO(buf.getvalue()))["t"]
    assert ws["A1"].value == "名称"  # Chinese headers whatever the user's language
    values = [ws.cell(row=r, column=1) for r in range(2, 7)]
    assert [c.value for c in values] == [r["v"] for r in rows]
    assert all(c.data_type == "s" for c in values)  # strings, not formulas


def test_typed_cells() -> None:
    rows = [(7, Decimal("12.34"), dt.date(2026, 5, 1), True, None)]
    buf = io.BytesIO()
    write_workbook(buf, [Sheet("t", [Column("n", lambda r: r[0]), Column("d", lambda r: r[1]),
                                     Column("day", lambda r: r[2]), Column("b", lambda r: r[3]),
                                     Column("none", lambda r: r[4])], rows)])
    ws = load_workbook(io.BytesIO(buf.getvalue()))["t"]
    assert [c.value for c in ws[2]] == [7, 12.34, dt.datetime(2026, 5, 1), "是", None]
