"""Zip bombs and oversized files (issue 16, point 6): every Excel import checks what the .xlsx
unpacks to before openpyxl reads it, counts rows while streaming after the header, and every
import and request body has a size limit — refused with a message naming the file."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from zonedesk.core.errors import ValidationFailed
from zonedesk.core.xlsx_read import check_archive, open_workbook, read_upload
from zonedesk.testing.audit import audit_rows

MB = 1024 * 1024
API = "/api/partybuilding/registers/donations/import"


def _xlsx(rows) -> bytes:
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _with_member(content: bytes, name: str, data: bytes) -> bytes:
    """The workbook with one member replaced (the bomb goes where openpyxl would read it)."""
    src = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, data if info.filename == name else src.read(info))
        if name not in src.namelist():
            dst.writestr(name, data)
    return out.getvalue()


def _shared_string_bomb(size: int) -> bytes:
    text = b"<sst xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'><si><t>"
    return text + b"A" * size + b"</t></si></sst>"


def _refusal(call) -> str:
    with pytest.raises(ValidationFailed) as caught:
        call()
    return caught.value.errors["file"]


def test_a_shared_string_bomb_is_refused_by_its_ratio_before_openpyxl(settings) -> None:
    bomb = _with_member(_xlsx([("企业", "金额")]), "xl/sharedStrings.xml", _shared_string_bomb(8 * MB))
    assert len(bomb) < 100_000  # a few KB that would unpack to 8 MB
    assert "疑似压缩炸弹" in _refusal(lambda: open_workbook(bomb))


def test_the_total_unpacked_size_is_capped(settings) -> None:
    settings.XLSX_MAX_UNCOMPRESSED = 2 * MB
    settings.XLSX_MAX_RATIO = 10**6  # only the size rule is under test here
    bomb = _with_member(_xlsx([("企业",)]), "xl/sharedStrings.xml", _shared_string_bomb(3 * MB))
    assert "解压后超过 2 MB" in _refusal(lambda: check_archive(bomb))


def test_too_many_members_and_a_broken_zip_are_refused(settings) -> None:
    settings.XLSX_MAX_MEMBERS = 20
    crowded = _xlsx([("企业",)])
    for i in range(30):
        crowded = _with_member(crowded, f"xl/media/x{i}.bin", b"x")
    assert "结构异常" in _refusal(lambda: check_archive(crowded))
    assert "可能已损坏" in _refusal(lambda: open_workbook(b"PK\x03\x04broken"))


def test_an_honest_workbook_opens(settings) -> None:
    wb = open_workbook(_xlsx([("企业", "金额"), ("腾钢", 1)]))
    assert next(wb.worksheets[0].iter_rows(values_only=True)) == ("企业", "金额")
    wb.close()


def test_an_oversized_upload_is_refused_without_being_read(settings) -> None:
    settings.IMPORT_MAX_BYTES = 1 * MB
    upload = SimpleUploadedFile("big.xlsx", b"PK" + b"\0" * (MB + 10))
    assert "不能超过 1 MB" in _refusal(lambda: read_upload(upload))
    assert upload.tell() == 0  # refused on its declared size: not a byte read


@pytest.mark.django_db
def test_every_import_route_refuses_a_bomb_and_a_sheet_of_blank_rows(login_client, monkeypatch) -> None:
    c = login_client("leader")
    header = ("企业", "金额（万元）", "用途", "受捐村", "捐赠日期")
    bomb = _with_member(_xlsx([header]), "xl/sharedStrings.xml", _shared_string_bomb(8 * MB))
    before = audit_rows()
    page = c.post("/imports/partybuilding-donations/", {"file": SimpleUploadedFile("d.xlsx", bomb)})
    assert page.status_code == 422 and "疑似压缩炸弹" in page.content.decode()
    api = c.post(API, {"file": SimpleUploadedFile("d.xlsx", bomb)})
    assert api.status_code == 422 and "疑似压缩炸弹" in str(api.json())
    # A header and then rows with nothing in them: stopped while streaming, not walked to the end
    monkeypatch.setattr("zonedesk.core.register_import.MAX_ROWS", 5)
    blanks = _xlsx([header] + [(" ",)] * 50)
    api = c.post(API, {"file": SimpleUploadedFile("d.xlsx", blanks)})
    assert api.status_code == 422 and "一次最多导入 5 行" in str(api.json())
    # The enterprise and project imports are on the same flow
    for url in ("/imports/enterprises/", "/imports/projects/"):
        response = login_client("investment").post(url, {"file": SimpleUploadedFile("e.xlsx", bomb)})
        assert "疑似压缩炸弹" in response.content.decode(), url
    assert audit_rows() == before


@pytest.mark.django_db
def test_a_request_body_over_the_limit_is_refused_before_it_is_read(login_client, settings) -> None:
    settings.REQUEST_MAX_BYTES = 1 * MB
    c = login_client("leader")
    response = c.post("/api/partybuilding/registers/donations/import",
                      {"file": SimpleUploadedFile("d.xlsx", b"x" * (2 * MB))})
    assert response.status_code == 413 and response.json()["code"] == "too_large"
