"""What a file really is, decided from its bytes (never from its name or the browser's word).

Pure module: no Django. ``detect(content)`` returns the kind of an accepted format or a
``Refused`` naming what was found; ``safe_name(name)`` turns a client-supplied name into one
that is safe to store and to send back in Content-Disposition.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

# Kinds this module can recognise and the platform accepts, with their content type and the
# extensions a correct name carries (the first one is added when the name has none of them).
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "pdf": ("application/pdf", (".pdf",)),
    "png": ("image/png", (".png",)),
    "jpg": ("image/jpeg", (".jpg", ".jpeg")),
    "gif": ("image/gif", (".gif",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (".pptx",)),
    "doc": ("application/msword", (".doc",)),
    "xls": ("application/vnd.ms-excel", (".xls",)),
    "zip": ("application/zip", (".zip",)),
    "ofd": ("application/ofd", (".ofd",)),
}

DOCUMENT_KINDS = frozenset({"pdf", "jpg", "png", "docx", "xlsx", "doc", "xls", "zip", "ofd"})
IMAGE_KINDS = frozenset({"jpg", "png", "gif"})

NAME_MAX = 100  # characters kept of an original name, extension included

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
# Leading bytes of content that must never be stored, whatever the name says.
_REFUSED_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"MZ", "Windows 可执行程序"),
    (b"\x7fELF", "ELF 可执行程序"),
    (b"\xcf\xfa\xed\xfe", "Mach-O 可执行程序"),
    (b"\xfe\xed\xfa\xcf", "Mach-O 可执行程序"),
    (b"\xca\xfe\xba\xbe", "Java/Mach-O 可执行程序"),
    (b"#!", "脚本"),
    (b"\x00asm", "WebAssembly 程序"),
)
_MARKUP = re.compile(rb"<\s*(!doctype\s+html|html|head|body|script|svg|iframe|object|embed|\?xml)",
                     re.IGNORECASE)
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                     *(f"lpt{i}" for i in range(1, 10))}


@dataclass(frozen=True)
class Detected:
    kind: str
    content_type: str


@dataclass(frozen=True)
class Refused:
    what: str  # in Chinese, for the message 文件类型不允许（检测为 …）


# [Content_Types].xml of a real Office file is a few KB; a larger one is read no further (a
# zip bomb hidden in the one member this module decompresses).
_CONTENT_TYPES_MAX = 1024 * 1024


def _ooxml_kind(zf: zipfile.ZipFile) -> str | Refused | None:
    try:
        info = zf.getinfo("[Content_Types].xml")
    except KeyError:
        return None
    if info.file_size > _CONTENT_TYPES_MAX:
        return Refused("异常的压缩文件（疑似压缩炸弹）")
    types = zf.read(info)
    if b"macroEnabled" in types or b"vbaProject" in types:
        return Refused("含宏的 Office 文档")
    if b"wordprocessingml.document.main+xml" in types:
        return "docx"
    if b"spreadsheetml.sheet.main+xml" in types:
        return "xlsx"
    if b"presentationml.presentation.main+xml" in types:
        return "pptx"
    return Refused("未知的 Office 文档")


def _zip_kind(content: bytes) -> str | Refused:
    try:
        zf = zipfile.ZipFile(io.BytesIO(content))
        names = set(zf.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return Refused("损坏的压缩文件")
    with zf:
        office = _ooxml_kind(zf)
        if office is not None:
            return office
        # GB/T 33190-2016: an OFD package has OFD.xml at its root.
        if "OFD.xml" in names:
            return "ofd"
    return "zip"


def _ole_kind(content: bytes) -> str | Refused:
    # The directory of a compound file names its streams in UTF-16LE; the main stream tells
    # a Word document from an Excel workbook without a full OLE parser.
    if "WordDocument".encode("utf-16-le") in content:
        return "doc"
    if "Workbook".encode("utf-16-le") in content or "Book".encode("utf-16-le") in content:
        return "xls"
    return Refused("未知的 OLE 复合文档")


def detect(content: bytes) -> Detected | Refused:
    head = content[:2048]
    for magic, what in _REFUSED_MAGIC:
        if head.startswith(magic):
            return Refused(what)
    kind: str | Refused
    if head.startswith(b"%PDF-"):
        kind = "pdf"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "png"
    elif head.startswith(b"\xff\xd8\xff"):
        kind = "jpg"
    elif head.startswith((b"GIF87a", b"GIF89a")):
        kind = "gif"
    elif head.startswith(_ZIP):
        kind = _zip_kind(content)
    elif head.startswith(_OLE):
        kind = _ole_kind(content)
    elif _MARKUP.search(head.lstrip(b"\xef\xbb\xbf \t\r\n")[:512]):
        kind = Refused("HTML/SVG/XML 标记文件")
    else:
        kind = Refused("无法识别的格式")
    if isinstance(kind, Refused):
        return kind
    return Detected(kind, KINDS[kind][0])


def kind_label(kind: str) -> str:
    return kind.upper()


def safe_name(name: str, kind: str | None = None) -> str | None:
    """A storable display name, or None when nothing usable is left.

    Path parts (either slash), control characters and leading dots are removed, the text is
    NFC-normalised and cut to NAME_MAX characters keeping the extension; with ``kind`` the
    extension is made to match what the content is, so a download opens in the right program.
    """
    name = unicodedata.normalize("NFC", str(name))
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r"[<>:\"|?*]", "_", name).strip().lstrip(".").strip()
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    ext = ("." + ext.lower()) if ext else ""
    if kind is not None:
        allowed = KINDS[kind][1]
        if ext not in allowed:
            if ext and len(ext) <= 6:
                stem = f"{stem}{ext}" if stem else ext.lstrip(".")
            ext = allowed[0]
    stem = stem.strip(" .")
    if not stem or stem.lower() in _WINDOWS_RESERVED:
        return None
    if len(ext) > 10:
        ext = ""
    return stem[: max(1, NAME_MAX - len(ext))] + ext
