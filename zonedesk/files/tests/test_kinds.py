"""Detection and name rules, without a database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zonedesk.files import kinds
from zonedesk.files.kinds import NAME_MAX, Detected, Refused, detect, safe_name
from zonedesk.files.tests import samples


@pytest.mark.parametrize(("content", "kind"), [
    (samples.PDF, "pdf"), (samples.PNG, "png"), (samples.JPG, "jpg"), (samples.GIF, "gif"),
    (samples.DOCX, "docx"), (samples.XLSX, "xlsx"), (samples.PPTX, "pptx"), (samples.ZIP, "zip"),
    (samples.OFD, "ofd"), (samples.DOC, "doc"), (samples.XLS, "xls"),
])
def test_detects_accepted_formats_from_content(content, kind):
    found = detect(content)
    assert isinstance(found, Detected)
    assert found.kind == kind
    assert found.content_type == kinds.KINDS[kind][0]


@pytest.mark.parametrize(("content", "what"), [
    (samples.EXE, "Windows 可执行程序"), (samples.ELF, "ELF 可执行程序"), (samples.SCRIPT, "脚本"),
    (samples.HTML, "HTML/SVG/XML 标记文件"), (samples.SVG, "HTML/SVG/XML 标记文件"),
    (b"  \n<html><body>x</body></html>", "HTML/SVG/XML 标记文件"),
    (samples.DOCM, "含宏的 Office 文档"), (samples.TEXT, "无法识别的格式"),
    (b"PK\x03\x04broken", "损坏的压缩文件"), (samples.OLE + b"\x00" * 64, "未知的 OLE 复合文档"),
])
def test_refuses_dangerous_or_unknown_content(content, what):
    found = detect(content)
    assert isinstance(found, Refused)
    assert found.what == what


def test_kind_sets():
    assert set(kinds.KINDS) >= kinds.IMAGE_KINDS
    assert set(kinds.KINDS) >= kinds.DOCUMENT_KINDS
    assert "gif" not in kinds.DOCUMENT_KINDS


@pytest.mark.parametrize(("raw", "kind", "expected"), [
    ("../../etc/passwd", None, "passwd"),
    ("..\\..\\windows\\system32\\cmd.exe", None, "cmd.exe"),
    ("/abs/path/营业执照.PDF", "pdf", "营业执照.pdf"),
    ("营业执照", "pdf", "营业执照.pdf"),
    ("report.txt", "pdf", "report.txt.pdf"),
    ("photo.jpeg", "jpg", "photo.jpeg"),
    ("a\x00b\x07c\n.pdf", "pdf", "abc.pdf"),
    (".hidden.pdf", "pdf", "hidden.pdf"),
    ('a<b>c:"d|e?f*.pdf', "pdf", "a_b_c__d_e_f_.pdf"),
    ("e\u0301.pdf", "pdf", "\u00e9.pdf"),  # NFC: one code point, as the user typed it
])
def test_safe_name(raw, kind, expected):
    assert safe_name(raw, kind) == expected


@pytest.mark.parametrize("raw", ["", "..", "../", "\x00\x01", "   ", "CON", "con.pdf", "/", "...."])
def test_unusable_names_are_none(raw):
    assert safe_name(raw, "pdf") is None


def test_long_name_is_cut_keeping_the_extension():
    name = safe_name("很" * 500 + ".pdf", "pdf")
    assert len(name) == NAME_MAX
    assert name.endswith(".pdf")


@given(st.text(max_size=400))
def test_safe_name_never_contains_a_path_or_control_character(raw):
    name = safe_name(raw, "pdf")
    if name is None:
        return
    assert "/" not in name and "\\" not in name
    assert not name.startswith(".")
    assert all(ord(ch) >= 32 and ord(ch) != 127 for ch in name)
    assert len(name) <= NAME_MAX
    assert name.endswith(".pdf")
