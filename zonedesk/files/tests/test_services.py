"""file_store and file_response against the database and a per-test storage directory."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from zonedesk.audit.models import AuditRecord
from zonedesk.core.errors import NotFound, ValidationFailed
from zonedesk.files.kinds import DOCUMENT_KINDS, IMAGE_KINDS
from zonedesk.files.models import StoredFile
from zonedesk.files.selectors import file_response
from zonedesk.files.services import file_store
from zonedesk.files.tests import samples
from zonedesk.testing.audit import audit_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def ly(demo_user):
    return demo_user("enterprise").zone_id


def _counts():
    return StoredFile.objects.count(), audit_rows()


def test_stores_a_pdf_outside_the_web_root_and_audits(actor_for, ly, tmp_storage):
    actor = actor_for("enterprise")
    stored = file_store(actor=actor, zone_id=ly, upload=("营业执照.pdf", samples.PDF))
    assert (stored.kind, stored.content_type, stored.size) == ("pdf", "application/pdf", len(samples.PDF))
    assert stored.sha256 == hashlib.sha256(samples.PDF).hexdigest()
    assert stored.name == "营业执照.pdf"
    assert stored.uploaded_by == actor.user
    on_disk = tmp_storage / stored.storage_name
    assert on_disk.read_bytes() == samples.PDF
    assert "营业执照" not in stored.storage_name  # nothing the client sent reaches the disk
    row = AuditRecord.objects.filter(action="file.store").latest("id")
    assert row.object_id == str(stored.pk)
    assert row.after["sha256"] == stored.sha256


def test_accepts_a_django_upload(actor_for, ly):
    upload = SimpleUploadedFile("表格.xlsx", samples.XLSX, content_type="text/html")
    stored = file_store(actor=actor_for("window"), zone_id=ly, upload=upload)
    # The browser's content type is ignored; the content decides.
    assert stored.kind == "xlsx"
    assert stored.content_type.endswith("spreadsheetml.sheet")


@pytest.mark.parametrize(("name", "content", "allowed", "message"), [
    ("合同.pdf", samples.HTML, DOCUMENT_KINDS, "文件类型不允许（检测为HTML/SVG/XML 标记文件）"),
    ("图纸.pdf", samples.EXE, DOCUMENT_KINDS, "文件类型不允许（检测为Windows 可执行程序）"),
    ("logo.png", samples.SVG, IMAGE_KINDS, "文件类型不允许（检测为HTML/SVG/XML 标记文件）"),
    ("说明.docx", samples.PNG, frozenset({"pdf", "docx"}), "文件类型不允许（检测为 PNG，只接受 DOCX、PDF）"),
    ("macro.docx", samples.DOCM, DOCUMENT_KINDS, "文件类型不允许（检测为含宏的 Office 文档）"),
    ("a.pdf", b"", DOCUMENT_KINDS, "空文件"),
    ("../..", samples.PDF, DOCUMENT_KINDS, "文件名不合法"),
    ("\x00\x01", samples.PDF, DOCUMENT_KINDS, "文件名不合法"),
])
def test_refused_uploads_change_nothing(actor_for, ly, tmp_storage, name, content, allowed, message):
    before = _counts()
    with pytest.raises(ValidationFailed) as exc:
        file_store(actor=actor_for("enterprise"), zone_id=ly, upload=(name, content), allowed=allowed)
    shown = exc.value.errors["file"]
    assert shown.endswith(message) and (shown == message or shown.startswith("文件「"))
    assert "\x00" not in shown
    assert _counts() == before
    assert not tmp_storage.exists() or not any(p.is_file() for p in tmp_storage.rglob("*"))


def test_path_traversal_name_is_reduced_to_its_last_part(actor_for, ly, tmp_storage):
    stored = file_store(actor=actor_for("enterprise"), zone_id=ly, upload=("../../etc/passwd", samples.PDF))
    assert stored.name == "passwd.pdf"
    assert all(tmp_storage in p.parents for p in tmp_storage.rglob("*"))


def test_very_long_name_is_cut(actor_for, ly):
    stored = file_store(actor=actor_for("enterprise"), zone_id=ly, upload=("材" * 1000 + ".pdf", samples.PDF))
    assert len(stored.name) <= 100 and stored.name.endswith(".pdf")


@override_settings(UPLOAD_MAX_BYTES=1024 * 1024)
def test_size_limit_from_settings(actor_for, ly):
    big = samples.PDF + b"0" * (1024 * 1024)
    before = _counts()
    with pytest.raises(ValidationFailed) as exc:
        file_store(actor=actor_for("enterprise"), zone_id=ly, upload=("big.pdf", big))
    assert exc.value.errors == {"file": "文件「big.pdf」：超过大小上限 1 MB"}  # names the file
    assert exc.value.code == "too_large"
    upload = SimpleUploadedFile("big.pdf", big)
    with pytest.raises(ValidationFailed):
        file_store(actor=actor_for("enterprise"), zone_id=ly, upload=upload)
    assert _counts() == before
    # At the limit exactly is fine.
    ok = samples.PDF + b"0" * (1024 * 1024 - len(samples.PDF))
    assert file_store(actor=actor_for("enterprise"), zone_id=ly, upload=("ok.pdf", ok)).size == 1024 * 1024


def test_caller_limit_is_never_above_the_setting(actor_for, ly, settings):
    settings.UPLOAD_MAX_BYTES = 2048
    with pytest.raises(ValidationFailed):
        file_store(actor=actor_for("enterprise"), zone_id=ly, upload=("a.pdf", samples.PDF + b"0" * 4096),
                   max_bytes=10**9)
    with pytest.raises(ValidationFailed) as exc:
        file_store(actor=actor_for("enterprise"), zone_id=ly, upload=("a.pdf", samples.PDF + b"0" * 1024),
                   max_bytes=1024)
    assert exc.value.errors["file"] == "文件「a.pdf」：超过大小上限 1 KB"


def test_other_zone_is_not_found(actor_for, demo_user):
    before = _counts()
    jp = demo_user("jp-window").zone_id
    with pytest.raises(NotFound):
        file_store(actor=actor_for("enterprise"), zone_id=jp, upload=("a.pdf", samples.PDF))
    assert _counts() == before


def test_file_response_headers(actor_for, ly):
    stored = file_store(actor=actor_for("enterprise"), zone_id=ly, upload=("营业执照 副本.pdf", samples.PDF))
    response = file_response(stored)
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7%20%E5%89%AF%E6%9C%AC.pdf" in disposition
    assert b"".join(response.streaming_content) == samples.PDF
    inline = file_response(stored, as_attachment=False)
    assert inline["Content-Disposition"].startswith("inline;")
    assert inline["Content-Security-Policy"] == "default-src 'none'"


def test_images_inline_are_sandboxed(actor_for, ly):
    stored = file_store(actor=actor_for("enterprise"), zone_id=ly, upload=("现场照片.png", samples.PNG),
                        allowed=IMAGE_KINDS)
    response = file_response(stored, as_attachment=False)
    assert response["Content-Type"] == "image/png"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
