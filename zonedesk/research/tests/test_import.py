"""Excel import of a register: the template round-trips; a file with one bad row writes
nothing and names the row, the column and the rule."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from zonedesk.partybuilding.models import Donation
from zonedesk.research.models import Agreement
from zonedesk.testing.audit import audit_rows

pytestmark = pytest.mark.django_db


def _xlsx(rows) -> bytes:
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_template_and_import(login_client) -> None:
    c = login_client("investment")
    header = next(
        load_workbook(
            io.BytesIO(c.get("/research/agreements/import/template.xlsx").content)
        ).active.iter_rows(values_only=True)
    )
    assert header[:3] == ("高校院所", "合作企业", "合作内容")
    good = _xlsx(
        [
            header,
            ("清华大学", "腾钢机械制造有限责任公司", "齿轮热处理", "2026-08-01", None, "35.5"),
            ("东北大学", "凌源钢铁集团有限责任公司", "烧结余热", "2026-09-01", "2027-09-01", "80"),
        ]
    )
    before = Agreement.objects.count()
    r = c.post("/research/agreements/import/", {"file": SimpleUploadedFile("a.xlsx", good)})
    assert r.status_code == 302
    assert Agreement.objects.count() == before + 2


def test_bad_row_writes_nothing(login_client) -> None:
    c = login_client("leader")
    header = ("企业", "金额（万元）", "用途", "受捐村", "捐赠日期")
    bad = _xlsx(
        [
            header,
            ("腾钢机械制造有限责任公司", "2", "助学", "坤都沟村", "2026-09-01"),
            ("不存在的公司", "-1", "x", "x", "2026-09-01"),
            ("辽宁炜盛新型复合材料有限公司", "-3", "x", "x", "2026-09-01"),
        ]
    )
    before = Donation.objects.count(), audit_rows()
    r = c.post("/partybuilding/donations/import/", {"file": SimpleUploadedFile("d.xlsx", bad)})
    page = r.content.decode()
    assert r.status_code == 200
    assert "第 3 行“企业”" in page and "第 4 行“金额（万元）”" in page
    assert (Donation.objects.count(), audit_rows()) == before
    r = c.post("/api/partybuilding/registers/donations/import", {"file": SimpleUploadedFile("d.xlsx", bad)})
    assert r.status_code == 422


def test_not_an_excel_file(login_client) -> None:
    r = login_client("leader").post(
        "/partybuilding/donations/import/", {"file": SimpleUploadedFile("d.xlsx", b"not a zip")}
    )
    assert "文件不是 Excel 工作簿" in r.content.decode()
