"""The certificate as a one-page A4 PDF, with a Chinese font embedded and a QR code.

reportlab embeds a subset of a TrueType font (glyf outlines; CFF-based OTF such as
Noto Sans CJK cannot be embedded by it). The font is WenQuanYi Micro Hei (Apache-2.0), shipped
in `fonts/` beside this module with its licence (the same file as Debian's
fonts-wqy-microhei); ZONEDESK_PDF_FONT may point at another TrueType file.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import segno
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT = "ZonedeskCJK"
SHIPPED_FONT = Path(__file__).resolve().parent / "fonts" / "wqy-microhei.ttc"
RED = HexColor("#b3261e")
INK = HexColor("#1f2328")
MUTED = HexColor("#667085")


@dataclass(frozen=True)
class PrintedCertificate:
    zone_name: str
    title: str
    number: str
    holder_name: str
    holder_credit_code: str
    fields: list[list[str]]
    issued_on: dt.date
    valid_until: dt.date | None
    verify_code: str
    verify_url: str


def _font_path() -> Path:
    configured = getattr(settings, "ZONEDESK_PDF_FONT", "")
    if configured:
        return Path(configured)
    return SHIPPED_FONT


@cache
def register_font() -> str:
    path = _font_path()
    if not path.exists():
        raise ImproperlyConfigured(f"证照 PDF 字体文件不存在：{path}")
    pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=0))
    return FONT


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of ``text`` no wider than ``width``. Chinese has no spaces to break at, so the
    break falls between any two characters; a Latin word is kept whole when it fits a line."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for token in re.findall(r"[A-Za-z0-9\-./:@_]+|.", paragraph):
            candidate = line + token
            if line and pdfmetrics.stringWidth(candidate, font, size) > width:
                lines.append(line.rstrip())
                line = token.lstrip()
            else:
                line = candidate
            while pdfmetrics.stringWidth(line, font, size) > width and len(line) > 1:
                cut = len(line) - 1
                while cut > 1 and pdfmetrics.stringWidth(line[:cut], font, size) > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line)
    return lines


def _centered(c: canvas.Canvas, text: str, size: float, y: float, color=INK) -> None:
    c.setFont(FONT, size)
    c.setFillColor(color)
    c.drawCentredString(A4[0] / 2, y, text)


def _qr(c: canvas.Canvas, url: str, x: float, y: float, size: float) -> None:
    # Drawn as vector squares: sharp at any zoom and on any printer, and no image library.
    qr = segno.make(url, error="m")
    matrix = list(qr.matrix)
    border = 2
    cells = len(matrix) + 2 * border
    cell = size / cells
    c.setFillColor(HexColor("#ffffff"))
    c.rect(x, y, size, size, stroke=0, fill=1)
    c.setFillColor(HexColor("#000000"))
    for r, row in enumerate(matrix):
        for col, dark in enumerate(row):
            if dark:
                c.rect(x + (col + border) * cell, y + size - (r + border + 1) * cell, cell, cell,
                       stroke=0, fill=1)


def _frame(c: canvas.Canvas) -> None:
    width, height = A4
    c.setStrokeColor(RED)
    c.setLineWidth(3)
    c.rect(28, 28, width - 56, height - 56)
    c.setLineWidth(0.8)
    c.rect(36, 36, width - 72, height - 72)


def render(data: PrintedCertificate) -> bytes:
    font = register_font()
    width, height = A4
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=True, pageCompression=1)
    c.setTitle(f"{data.title} {data.number}")
    c.setAuthor(data.zone_name)
    c.setSubject(data.verify_url)

    _frame(c)

    _centered(c, data.zone_name, 15, height - 100, MUTED)
    _centered(c, data.title, 28, height - 150, RED)
    c.setFont(font, 11)
    c.setFillColor(INK)
    c.drawRightString(width - 70, height - 185, f"编号：{data.number}")

    rows = [["持证单位", data.holder_name], ["统一社会信用代码", data.holder_credit_code],
            *data.fields]
    label_x, value_x, right = 76, 200, width - 76
    top, bottom = height - 230, 240  # the block above the issuer lines and the QR code
    # The largest size at which every printed field fits on the one page; past that the
    # fields continue on further pages and the issuer block and QR code close the last one.
    for size in (12, 11, 10, 9):
        laid = [(wrap(label, font, size, value_x - label_x - 8), wrap(value, font, size, right - value_x))
                for label, value in rows]
        lead = size * 1.5
        needed = sum(max(len(a), len(b)) * lead + 10 for a, b in laid)
        if top - needed >= bottom:
            break
    y = top
    for label_lines, value_lines in laid:
        lines = max(len(label_lines), len(value_lines))
        if y - lines * lead < bottom and y < top:
            c.showPage()
            _frame(c)
            y = height - 80
        c.setFont(font, size)
        for n in range(lines):
            if y < 60:  # a single field longer than a page: carry on overleaf
                c.showPage()
                _frame(c)
                c.setFont(font, size)
                y = height - 80
            if n < len(label_lines):
                c.setFillColor(MUTED)
                c.drawString(label_x, y, label_lines[n])
            if n < len(value_lines):
                c.setFillColor(INK)
                c.drawString(value_x, y, value_lines[n])
            y -= lead
        c.setStrokeColor(HexColor("#e4e7ec"))
        c.setLineWidth(0.5)
        c.line(label_x, y + lead - size - 2, right, y + lead - size - 2)
        y -= 10
    if y < bottom:
        c.showPage()
        _frame(c)

    base = 150
    c.setFont(font, 12)
    c.setFillColor(INK)
    c.drawString(label_x, base + 60, f"发证机关：{data.zone_name}")
    c.drawString(label_x, base + 36, f"发证日期：{chinese_date(data.issued_on)}")
    valid = chinese_date(data.valid_until) if data.valid_until else "长期"
    c.drawString(label_x, base + 12, f"有效期至：{valid}")

    qr_size = 104
    qr_x = right - qr_size
    _qr(c, data.verify_url, qr_x, base - 10, qr_size)
    c.setFont(font, 9)
    c.setFillColor(MUTED)
    c.drawCentredString(qr_x + qr_size / 2, base - 24, "扫码核验真伪")
    c.drawString(label_x, 60, f"核验码：{data.verify_code}")
    c.drawString(label_x, 47, f"核验网址：{data.verify_url}")
    c.showPage()
    c.save()
    return buf.getvalue()
