"""Signed checkpoints of each chain head, written outside the database.

A checkpoint states "chain K had N records ending in MAC H, anchored at (A, AH)", signed
with the audit key. It is appended to ``AUDIT_CHECKPOINT_FILE`` (one JSON object per line,
O_APPEND, fsynced) and logged to ``zonedesk.audit.checkpoint`` (syslog in production, for
the zone's log-audit system). Whoever rewinds a chain head in the database cannot rewind
those copies, and cannot forge a new one without the key.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from zonedesk.audit.chain import checkpoint_sign, read_checkpoints

log = logging.getLogger("zonedesk.audit.checkpoint")


def keys() -> dict[str, bytes]:
    return settings.AUDIT_KEYS


def current_key() -> tuple[str, bytes]:
    return settings.AUDIT_KEY_ID, settings.AUDIT_KEYS[settings.AUDIT_KEY_ID]


def checkpoint_path() -> Path | None:
    if not settings.AUDIT_CHECKPOINT_FILE:
        return None
    name = str(connection.settings_dict.get("NAME") or "default")
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", Path(name).name) or "default"
    return Path(settings.AUDIT_CHECKPOINT_FILE.replace("{db}", slug))


def write_checkpoints(heads: Iterable[tuple[str, int, str, int, str]]) -> list[dict[str, Any]]:
    """Sign and write (chain, seq, hash, anchor_seq, anchor_hash) heads; returns what was written."""
    key_id, key = current_key()
    at = timezone.now().isoformat()
    written = [checkpoint_sign(chain=c, seq=s, hash=h, anchor_seq=a, anchor_hash=ah, at=at,
                               key_id=key_id, key=key) for c, s, h, a, ah in heads]
    if not written:
        return written
    lines = "".join(json.dumps(cp, ensure_ascii=False, sort_keys=True) + "\n" for cp in written)
    path = checkpoint_path()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            os.write(fd, lines.encode())
            os.fsync(fd)
        finally:
            os.close(fd)
    for cp in written:
        log.info("zonedesk-audit-checkpoint %s", json.dumps(cp, ensure_ascii=False, sort_keys=True))
    return written


def checkpoint_all() -> list[dict[str, Any]]:
    """One checkpoint per chain head as committed now (the periodic job)."""
    from zonedesk.audit.models import AuditChain

    rows = AuditChain.objects.order_by("key").values_list(
        "key", "last_seq", "last_hash", "anchor_seq", "anchor_hash")
    return write_checkpoints(list(rows))


def load_checkpoints(path: Path | None = None) -> tuple[dict[str, list[dict[str, Any]]], list[int]]:
    """Checkpoints by chain in file order, and the numbers of unreadable lines."""
    path = path or checkpoint_path()
    by_chain: dict[str, list[dict[str, Any]]] = {}
    bad: list[int] = []
    if path is None or not path.exists():
        return by_chain, bad
    with path.open(encoding="utf-8") as fh:
        for n, cp in read_checkpoints(fh):
            if cp is None or not isinstance(cp.get("chain"), str):
                bad.append(n)
            else:
                by_chain.setdefault(cp["chain"], []).append(cp)
    return by_chain, bad
