"""The notices an applicant prints (受理通知书, 一次性补正告知书, 不予受理决定书, 容缺受理告知书,
办结通知书) as A4 PDFs: the zone's header, the 办件编号, the text, and a QR code to the public
progress page. Same font and drawing helpers as the certificates (``certificates.pdf``)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from zonedesk.certificates.pdf import _qr as draw_qr
from zonedesk.certificates.pdf import chinese_date, register_font, wrap

INK = HexColor("#1f2328")
MUTED = HexColor("#667085")
RED = HexColor("#b3261e")


@dataclass(frozen=True)
class Notice:
    zone_name: str
    title: str
    case_number: str
    addressee: str  # the applicant (an enterprise), never a person's data
    paragraphs: list[str]
    items: list[tuple[str, str]] = field(default_factory=list)  # (what, why/deadline), numbered
    closing: list[str] = field(default_factory=list)
    issued_on: dt.date = field(default_factory=dt.date.today)
    progress_url: str = ""
    query_code: str = ""
    language: str = "zh-hans"
    text_version: int = 0  # the zone's wording version it was printed with (0: built-in)


def render(notice: Notice) -> bytes:
    with translation.override(notice.language):
        return _render(notice)


def _render(notice: Notice) -> bytes:
    font = register_font()
    width, height = A4
    left, right = 72, width - 72
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=True, pageCompression=1)
    c.setTitle(f"{notice.title} {notice.case_number}")
    c.setAuthor(notice.zone_name)

    def header() -> float:
        c.setFont(font, 13)
        c.setFillColor(RED)
        c.drawCentredString(width / 2, height - 70, notice.zone_name)
        c.setStrokeColor(RED)
        c.setLineWidth(1.5)
        c.line(left, height - 82, right, height - 82)
        c.setFillColor(INK)
        c.setFont(font, 22)
        c.drawCentredString(width / 2, height - 122, notice.title)
        c.setFont(font, 11)
        c.setFillColor(MUTED)
        c.drawRightString(right, height - 146, _("办件编号：%(n)s") % {"n": notice.case_number})
        return height - 180

    y = header()
    size, lead = 12, 20

    def line(text: str, x: float = left, color=INK) -> None:
        nonlocal y
        if y < 170:  # leave the foot for the seal line and the QR code
            c.showPage()
            y = header()
        c.setFont(font, size)
        c.setFillColor(color)
        c.drawString(x, y, text)
        y -= lead

    line(_("%(who)s：") % {"who": notice.addressee})
    for paragraph in notice.paragraphs:
        for i, text in enumerate(wrap(paragraph, font, size, right - left - 24)):
            line(text, left + (24 if i == 0 else 0))
        y -= 4
    for n, (what, why) in enumerate(notice.items, start=1):
        for i, text in enumerate(wrap(f"{n}. {what}", font, size, right - left - 24)):
            line(text, left + 24 + (0 if i == 0 else 14))
        if why:
            for text in wrap(why, font, size - 1, right - left - 52):
                line(text, left + 52, MUTED)
    y -= 4
    for paragraph in notice.closing:
        for i, text in enumerate(wrap(paragraph, font, size, right - left - 24)):
            line(text, left + (24 if i == 0 else 0))

    # The foot: issuer and date on the right, the QR code to the progress page on the left.
    c.setFont(font, 12)
    c.setFillColor(INK)
    c.drawRightString(right, 130, notice.zone_name)
    c.drawRightString(right, 110, chinese_date(notice.issued_on) if notice.language != "en"
                      else notice.issued_on.isoformat())
    if notice.progress_url:
        draw_qr(c, notice.progress_url, left, 70, 84)
        c.setFont(font, 9)
        c.setFillColor(MUTED)
        c.drawString(left + 92, 140, _("扫码或登录园区网站查询办理进度"))
        c.drawString(left + 92, 126, _("办件编号：%(n)s") % {"n": notice.case_number})
        if notice.query_code:
            c.drawString(left + 92, 112, _("查询码：%(code)s（请妥善保管）") % {"code": notice.query_code})
        c.drawString(left + 92, 98, notice.progress_url)
    c.showPage()
    c.save()
    return buf.getvalue()
