"""Excel import of a plain register through the shared flow (core/register_import.py): the
template round-trips; check, then confirm; a file with one bad row writes nothing and names
the row, the column and the rule."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from zonedesk.partybuilding.models import Donation
from zonedesk.research.models import Agreement
from zonedesk.testing.audit import audit_rows
from zonedesk.testing.xlsx import xlsx_file

pytestmark = pytest.mark.django_db


def test_template_and_import(login_client) -> None:
    c = login_client("investment")
    header = next(
        load_workbook(
            io.BytesIO(c.get("/research/agreements/import/template.xlsx", follow=True).content)
        ).active.iter_rows(values_only=True)
    )
    assert header[:3] == ("高校院所*", "合作企业*", "合作内容*")
    good = xlsx_file(
        [
            header,
            ("清华大学", "腾钢机械制造有限责任公司", "齿轮热处理", "2026-08-01", None, "35.5"),
            ("东北大学", "凌源钢铁集团有限责任公司", "烧结余热", "2026-09-01", "2027-09-01", "80"),
        ]
    )
    before = Agreement.objects.count()
    assert c.get("/research/agreements/import/")["Location"] == "/imports/research-agreements/"
    r = c.post("/imports/research-agreements/", {"file": SimpleUploadedFile("a.xlsx", good)})
    assert r.status_code == 302
    assert Agreement.objects.count() == before  # checked, not yet written
    r = c.post(r["Location"] + "decide/", {"action": "confirm"})
    assert r.status_code == 302
    assert Agreement.objects.count() == before + 2


def test_bad_row_writes_nothing(login_client) -> None:
    c = login_client("leader")
    header = ("企业", "金额（万元）", "用途", "受捐村", "捐赠日期")
    bad = xlsx_file(
        [
            header,
            ("腾钢机械制造有限责任公司", "2", "助学", "坤都沟村", "2026-09-01"),
            ("不存在的公司", "-1", "x", "x", "2026-09-01"),
            ("辽宁炜盛新型复合材料有限公司", "-3", "x", "x", "2026-09-01"),
        ]
    )
    before = Donation.objects.count(), audit_rows()
    r = c.post("/imports/partybuilding-donations/", {"file": SimpleUploadedFile("d.xlsx", bad)}, follow=True)
    report = [(p["row"], p["column"]) for p in r.context["batch"].report]
    assert (3, "企业") in report and (4, "金额（万元）") in report
    assert "id=\"import-confirm\"" not in r.content.decode()
    r = c.post(f"/imports/batches/{r.context['batch'].pk}/decide/", {"action": "confirm"})
    assert Donation.objects.count() == before[0]
    assert audit_rows() == before[1] + 1  # the check's own audit row, nothing of the rows
    r = c.post("/api/partybuilding/registers/donations/import", {"file": SimpleUploadedFile("d.xlsx", bad)})
    assert r.status_code == 422


def test_not_an_excel_file(login_client) -> None:
    r = login_client("leader").post(
        "/imports/partybuilding-donations/", {"file": SimpleUploadedFile("d.xlsx", b"not a zip")}
    )
    assert "不是 Excel 工作簿" in r.content.decode()
