"""Reading an uploaded .xlsx safely: the one way every Excel import opens a file.

An .xlsx is a zip of XML. A 400 KB file can hold a 400 MB shared string (openpyxl keeps every
shared string in memory even in read-only mode) or a sheet of two million rows, so the archive
is checked from its central directory before openpyxl reads a byte of it: total uncompressed
size, the compression ratio of each large member, and the number of members. Python's zipfile
stops reading a member at its declared size and fails on the CRC, so a member that lies about
its size cannot slip past the check. Rows are then counted while streaming, blank ones
included, after the caller has checked the header.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from zonedesk.core.errors import ValidationFailed

_MB = 1024 * 1024
# A member this large with a ratio above XLSX_MAX_RATIO is a bomb; honest sheets compress ~5-30x.
_RATIO_FLOOR = _MB


def read_upload(upload: Any, *, limit: int | None = None) -> bytes:
    """The bytes of an uploaded import file, refused (422 naming the file) past the size limit
    without reading it into memory."""
    limit = limit or settings.IMPORT_MAX_BYTES
    if upload is None:
        raise ValidationFailed({"file": _("请选择要导入的 Excel 文件")})
    if upload.size is not None and upload.size > limit:
        raise ValidationFailed({"file": _("文件不能超过 %(n)s MB，请分批导入") % {"n": limit // _MB}},
                               code="too_large")
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise ValidationFailed({"file": _("文件不能超过 %(n)s MB，请分批导入") % {"n": limit // _MB}},
                               code="too_large")
    return content


def check_archive(content: bytes) -> None:
    """Refuse a zip whose contents would take too much memory to read (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ValidationFailed(
            {"file": _("文件不是有效的 Excel 工作簿（.xlsx），可能已损坏；请用模板或导出的文件填写")}
        ) from exc
    if len(members) > settings.XLSX_MAX_MEMBERS:
        raise ValidationFailed({"file": _("Excel 文件结构异常（包含 %(n)s 个部件），拒绝读取")
                                % {"n": len(members)}}, code="zip_bomb")
    total = 0
    for info in members:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_FLOOR and ratio > settings.XLSX_MAX_RATIO:
            raise ValidationFailed({"file": _("Excel 文件的压缩比异常（%(r)s 倍），疑似压缩炸弹，拒绝读取")
                                    % {"r": int(ratio)}}, code="zip_bomb")
    if total > settings.XLSX_MAX_UNCOMPRESSED:
        raise ValidationFailed({"file": _("Excel 文件解压后超过 %(n)s MB，请分批导入")
                                % {"n": settings.XLSX_MAX_UNCOMPRESSED // _MB}}, code="zip_bomb")


def open_workbook(content: bytes):
    """An openpyxl read-only workbook of an uploaded file, after the checks above."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if content.startswith(b"\xd0\xcf\x11\xe0"):  # the OLE2 container of Excel 97–2003
        raise ValidationFailed(
            {"file": _("这是旧版 Excel 文件（.xls）；请在 Excel 中“另存为”.xlsx 后再上传")})
    if not content.startswith(b"PK"):
        raise ValidationFailed({"file": _("文件不是 Excel 工作簿（.xlsx）；请用模板或导出的文件填写")})
    check_archive(content)
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError) as exc:
        # A zip that is not a workbook (a .docx, a damaged file) lands here.
        raise ValidationFailed(
            {"file": _("文件不是有效的 Excel 工作簿（.xlsx），可能已损坏；请用模板或导出的文件填写")}
        ) from exc


def bounded_rows(ws, max_rows: int) -> Iterator[tuple[Any, ...]]:
    """The sheet's rows as values, streamed; refused once more than ``max_rows`` data rows
    *or* twice that many rows of any kind (blank or formatted-only) have been read, so a
    sheet of two million empty rows is stopped early instead of being walked to the end."""
    ceiling = 2 * max_rows + 1
    data = 0
    for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
        blank = row is None or all(v is None or str(v).strip() == "" for v in row)
        if not blank:
            data += 1
        if data > max_rows + 1 or number > ceiling:  # + 1: the header row
            raise ValidationFailed({"file": _("一次最多导入 %(n)s 行，请分批导入") % {"n": max_rows}},
                                   code="too_many_rows")
        yield row
