"""Storing uploads: the one way a file enters the platform."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.errors import NotFound, ValidationFailed
from zonedesk.files.kinds import DOCUMENT_KINDS, Detected, detect, safe_name
from zonedesk.files.models import StoredFile

Upload = UploadedFile | tuple[str, bytes]


def _limit(max_bytes: int | None) -> int:
    ceiling = settings.UPLOAD_MAX_BYTES
    return min(max_bytes, ceiling) if max_bytes else ceiling


def _too_large(limit: int) -> ValidationFailed:
    mb = 1024 * 1024
    shown = f"{limit / mb:.1f}".removesuffix(".0") + " MB" if limit >= mb else f"{limit // 1024} KB"
    return ValidationFailed({"file": _("超过大小上限 %(limit)s") % {"limit": shown}}, code="too_large")


def _read(upload: Upload, limit: int) -> tuple[str, bytes]:
    if isinstance(upload, tuple):
        name, content = upload
        if len(content) > limit:
            raise _too_large(limit)
        return name, bytes(content)
    # The declared size is checked first so an oversized upload is never read into memory.
    if upload.size is not None and upload.size > limit:
        raise _too_large(limit)
    chunks: list[bytes] = []
    total = 0
    upload.seek(0)
    for chunk in upload.chunks():
        total += len(chunk)
        if total > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return upload.name or "", b"".join(chunks)


def file_store(*, actor: Actor, zone_id: int, upload: Upload,
               allowed: frozenset[str] = DOCUMENT_KINDS, max_bytes: int | None = None) -> StoredFile:
    """Check an upload (type from the content, size, name) and store it; audited.

    Raises ValidationFailed({"file": reason}) naming what was wrong.
    """
    if actor.user is not None and zone_id not in actor.user.visible_zone_ids:
        raise NotFound()
    try:
        return _store(actor=actor, zone_id=zone_id, upload=upload, allowed=allowed, max_bytes=max_bytes)
    except ValidationFailed as exc:
        # Name the file: with several uploads (materials, attachments) the person must know which
        # one to replace.
        raw = (upload[0] if isinstance(upload, tuple) else getattr(upload, "name", "")) or ""
        # Shown, not stored: the last part of the path, printable characters only, kept short.
        name = "".join(c for c in raw.replace("\\", "/").rsplit("/", 1)[-1] if c.isprintable())[:80]
        if not name:
            raise
        raise ValidationFailed({field: _("文件「%(name)s」：%(reason)s") % {"name": name, "reason": msg}
                                for field, msg in exc.errors.items()}, code=exc.code) from exc


def _store(*, actor: Actor, zone_id: int, upload: Upload, allowed: frozenset[str],
           max_bytes: int | None) -> StoredFile:
    limit = _limit(max_bytes)
    raw_name, content = _read(upload, limit)
    if not content:
        raise ValidationFailed({"file": _("空文件")}, code="empty")
    found = detect(content)
    if not isinstance(found, Detected):
        raise ValidationFailed({"file": _("文件类型不允许（检测为%(what)s）") % {"what": found.what}},
                               code="type_not_allowed")
    if found.kind not in allowed:
        wanted = "、".join(k.upper() for k in sorted(allowed))
        raise ValidationFailed(
            {"file": _("文件类型不允许（检测为 %(kind)s，只接受 %(wanted)s）")
             % {"kind": found.kind.upper(), "wanted": wanted}},
            code="type_not_allowed")
    name = safe_name(raw_name, found.kind)
    if name is None:
        raise ValidationFailed({"file": _("文件名不合法")}, code="bad_name")
    digest = hashlib.sha256(content).hexdigest()
    # The stored name is generated: nothing the client sent reaches the file system.
    storage_name = f"{zone_id}/{digest[:2]}/{uuid.uuid4().hex}.{found.kind}"
    saved = default_storage.save(storage_name, ContentFile(content))
    try:
        # No savepoint of its own: a failure here fails the caller's transaction anyway (the
        # file is removed below), and a savepoint is two more round trips per upload.
        with transaction.atomic(savepoint=False):
            stored = StoredFile.objects.create(
                zone_id=zone_id, sha256=digest, name=name, kind=found.kind,
                content_type=found.content_type, size=len(content), storage_name=saved,
                uploaded_by=actor.user,
            )
            audit_record(actor=actor, action="file.store", obj=stored, zone_id=zone_id,
                         after=_audit_view(stored))
    except BaseException:
        default_storage.delete(saved)
        raise
    return stored


def _audit_view(stored: StoredFile) -> dict[str, Any]:
    return {"name": stored.name, "kind": stored.kind, "size": stored.size, "sha256": stored.sha256}
