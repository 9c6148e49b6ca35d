"""The monthly report as an A4 PDF: the zone's header, two charts (the rates, month against
year to date; the counts of the month), then every section's figures in a table with the
formula under each rate. Same CJK font and line-wrapping as the certificates and notices."""

from __future__ import annotations

import io
from decimal import Decimal, InvalidOperation

from reportlab.graphics import renderPDF
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from zonedesk.certificates.pdf import chinese_date, register_font, wrap
from zonedesk.dashboard.report import is_rate, value_text

INK = HexColor("#1f2328")
MUTED = HexColor("#667085")
RED = HexColor("#b3261e")
BLUE = HexColor("#2f6fde")
TEAL = HexColor("#7fb7a4")
LINE = HexColor("#d0d5dd")


def _num(value) -> float | None:
    try:
        return float(Decimal(str(value))) if value not in (None, "") else None
    except (InvalidOperation, ValueError):
        return None


def _bar_chart(
    font: str,
    title: str,
    labels: list[str],
    series: list[list[float]],
    names: list[str],
    width: float,
    value_max: float | None = None,
) -> Drawing:
    """A horizontal bar chart (labels read better than under narrow vertical bars)."""
    height = 40 + 16 * len(labels) * max(1, len(series)) + 24
    d = Drawing(width, height)
    d.add(String(0, height - 14, title, fontName=font, fontSize=11, fillColor=INK))
    chart = HorizontalBarChart()
    chart.x, chart.y = 170, 24
    chart.width, chart.height = width - 200, height - 56
    chart.data = series
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.reverseDirection = True
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    if value_max:
        chart.valueAxis.valueMax = value_max
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 7
    chart.barLabelFormat = "%.4g"
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    for i, color in enumerate((BLUE, TEAL)[: len(series)]):
        chart.bars[i].fillColor = color
        chart.bars[i].strokeColor = None
    d.add(chart)
    x = 170
    for i, name in enumerate(names):
        color = (BLUE, TEAL)[i]
        d.add(String(x + 12, 6, name, fontName=font, fontSize=8, fillColor=MUTED))
        from reportlab.graphics.shapes import Rect

        d.add(Rect(x, 5, 9, 9, fillColor=color, strokeColor=None))
        x += 110
    return d


def render(report) -> bytes:
    font = register_font()
    data = report.data
    width, height = A4
    left, right = 56, width - 56
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=True, pageCompression=1)
    title = f"{report.year}年{report.month}月营商环境月报"
    c.setTitle(f"{report.zone.name} {title}")
    c.setAuthor(report.zone.name)
    y = height - 60

    def header() -> None:
        nonlocal y
        c.setFont(font, 12)
        c.setFillColor(RED)
        c.drawCentredString(width / 2, height - 50, report.zone.name)
        c.setStrokeColor(RED)
        c.setLineWidth(1.2)
        c.line(left, height - 60, right, height - 60)
        y = height - 80

    def need(space: float) -> None:
        nonlocal y
        if y - space < 60:
            c.showPage()
            header()

    header()
    c.setFillColor(INK)
    c.setFont(font, 20)
    c.drawCentredString(width / 2, y - 16, title)
    y -= 40
    c.setFont(font, 10)
    c.setFillColor(MUTED)
    c.drawCentredString(
        width / 2,
        y,
        f"本月：{data['month_period'][2]}　本年累计：{data['ytd_period'][2]}"
        f"　生成：{chinese_date(report.generated_at.date())}",
    )
    y -= 24

    rows = [r for s in data["sections"] for r in s["rows"]]
    rates = [r for r in rows if is_rate(r) and (_num(r["month"]) is not None or _num(r["ytd"]) is not None)]
    if rates:
        chart = _bar_chart(
            font,
            "比率指标：本月与本年累计（%）",
            [r["label"] for r in rates],
            [[_num(r["month"]) or 0 for r in rates], [_num(r["ytd"]) or 0 for r in rates]],
            ["本月", "本年累计"],
            right - left,
            value_max=100,
        )
        need(chart.height)
        renderPDF.draw(chart, c, left, y - chart.height)
        y -= chart.height + 12
    counts = [r for r in rows if r["unit"] in ("个", "件", "笔", "项") and _num(r["month"])][:12]
    if counts:
        chart = _bar_chart(
            font,
            "本月业务量",
            [r["label"] for r in counts],
            [[_num(r["month"]) for r in counts]],
            ["本月"],
            right - left,
        )
        need(chart.height)
        renderPDF.draw(chart, c, left, y - chart.height)
        y -= chart.height + 12

    col = [left, left + 230, left + 330]  # 指标, 本月, 本年累计
    for section in data["sections"]:
        if not section["rows"]:
            continue
        need(60)
        c.setFont(font, 13)
        c.setFillColor(INK)
        c.drawString(left, y, section["label"])
        y -= 18
        c.setFont(font, 9)
        c.setFillColor(MUTED)
        c.drawString(col[0], y, "指标")
        c.drawRightString(col[1] + 80, y, "本月")
        c.drawRightString(col[2] + 110, y, "本年累计")
        y -= 6
        c.setStrokeColor(LINE)
        c.setLineWidth(0.5)
        c.line(left, y, right, y)
        y -= 13
        for r in section["rows"]:
            label_lines = wrap(r["label"], font, 10, col[1] - col[0] - 6)
            formula_lines = wrap(f"公式：{r['formula']}", font, 8, right - left - 12) if r["formula"] else []
            need(14 * len(label_lines) + 11 * len(formula_lines) + 4)
            c.setFont(font, 10)
            c.setFillColor(INK)
            c.drawRightString(col[1] + 80, y, value_text(r["month"], r["unit"]))
            c.drawRightString(col[2] + 110, y, value_text(r["ytd"], r["unit"]))
            for line in label_lines:
                c.drawString(col[0], y, line)
                y -= 14
            c.setFont(font, 8)
            c.setFillColor(MUTED)
            for line in formula_lines:
                c.drawString(col[0] + 12, y + 2, line)
                y -= 11
            y -= 3
        y -= 8
    need(30)
    c.setFont(font, 8)
    c.setFillColor(MUTED)
    c.drawString(left, 40, "数字由系统按生成时的数据计算；比率下方为计算公式。")
    c.showPage()
    c.save()
    return buf.getvalue()
