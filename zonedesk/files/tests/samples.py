"""Small but genuine files of each kind, built in memory."""

from __future__ import annotations

import io
import zipfile

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
GIF = b"GIF89a" + b"\x00" * 40
EXE = b"MZ\x90\x00" + b"\x00" * 60 + b"This program cannot be run in DOS mode"
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 40
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG = b"<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'><script>x()</script></svg>"
SCRIPT = b"#!/bin/sh\nrm -rf /\n"
TEXT = "这是一段纯文本".encode()
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _ooxml(main: str) -> bytes:
    types = (f'<?xml version="1.0"?><Types><Override PartName="/x" ContentType="{main}"/></Types>')
    return _zip({"[Content_Types].xml": types.encode(), "x": b"<x/>"})


DOCX = _ooxml("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")
XLSX = _ooxml("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
PPTX = _ooxml("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml")
DOCM = _ooxml("application/vnd.ms-word.document.macroEnabled.main+xml")
ZIP = _zip({"a.txt": b"hello"})
OFD = _zip({"OFD.xml": b"<ofd:OFD/>", "Doc_0/Document.xml": b"<x/>"})
DOC = OLE + b"\x00" * 100 + "WordDocument".encode("utf-16-le") + b"\x00" * 100
XLS = OLE + b"\x00" * 100 + "Workbook".encode("utf-16-le") + b"\x00" * 100
