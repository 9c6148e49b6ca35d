"""The monthly 营商环境 report: made by the scheduler for last month in every zone (once),
leaders told; PDF with the figures and the formula under each rate; Excel that opens; a
leader remakes one; nobody else reads them."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from zonedesk.core.actor import Actor
from zonedesk.core.errors import ValidationFailed
from zonedesk.dashboard import report
from zonedesk.dashboard.models import MonthlyReport
from zonedesk.dashboard.services import monthly_report_make, monthly_reports_sweep
from zonedesk.notifications.models import Message
from zonedesk.organisation.models import User, Zone

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 3)


def test_periods_of_a_month() -> None:
    month, ytd = report.month_periods(2026, 11, dt.date(2026, 11, 20))
    assert (month.start, month.end, ytd.start, ytd.end) == (
        dt.date(2026, 11, 1),
        dt.date(2026, 11, 20),
        dt.date(2026, 1, 1),
        dt.date(2026, 11, 20),
    )
    assert report.previous_month(dt.date(2026, 1, 5)) == (2025, 12)


def test_sweep_makes_last_months_report_per_zone_once_and_tells_leaders(client) -> None:
    assert monthly_reports_sweep(today=TODAY) == Zone.objects.count()
    assert monthly_reports_sweep(today=TODAY) == 0
    ly = MonthlyReport.objects.get(zone__code="LY", year=2026, month=10)
    leader = User.objects.get(username="leader")
    assert Message.objects.filter(recipient=leader, event="report.monthly").count() == 1
    rows = {r["key"]: r for s in ly.data["sections"] for r in s["rows"]}
    rate = next(r for r in rows.values() if r["unit"] == "%" and r["formula"])

    client.force_login(leader)
    page = client.get("/dashboard/reports/")
    assert page.status_code == 200 and f"/dashboard/reports/{ly.pk}.pdf" in page.content.decode()
    pdf = client.get(f"/dashboard/reports/{ly.pk}.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).replace("\n", "")
    assert (
        "2026年10月营商环境月报" in text and rate["label"] in text and f"公式：{rate['formula']}"[:20] in text
    )
    xlsx = client.get(f"/dashboard/reports/{ly.pk}.xlsx")
    ws = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    values = list(ws.iter_rows(values_only=True))
    assert values[0][:2] == ("板块", "指标") and len(values) - 1 == len(rows)
    assert any(row[5] == rate["formula"] for row in values[1:])

    # Other zones' leaders and people without the dashboard do not read it.
    for name in ("jp-leader", "enterprise", "admin"):
        client.force_login(User.objects.get(username=name))
        assert client.get(f"/dashboard/reports/{ly.pk}.pdf").status_code == 404


def test_leader_remakes_and_bad_months_are_refused(client) -> None:
    leader = User.objects.get(username="leader")
    me = Actor(user=leader, ip="127.0.0.1", channel="web")
    first = monthly_report_make(actor=me, zone_id=leader.zone_id, year=2026, month=9, today=TODAY)
    again = monthly_report_make(actor=me, zone_id=leader.zone_id, year=2026, month=9, today=TODAY)
    assert again.pk == first.pk and again.version == 2
    with pytest.raises(ValidationFailed) as bad:
        monthly_report_make(actor=me, zone_id=leader.zone_id, year=2026, month=12, today=TODAY)
    assert "年月" in bad.value.errors["year"]
    client.force_login(User.objects.get(username="investment"))  # sees the dashboard, may not make
    before = MonthlyReport.objects.count()
    response = client.post("/dashboard/reports/", {"zone": leader.zone_id, "month": "2026-08"})
    assert response.status_code == 200 and MonthlyReport.objects.count() == before
