"""SM3 hash chain over audit records (pure: no database).

Each record's hash covers its canonical content and the previous record's hash, so editing,
inserting or deleting any record breaks every hash after it. The canonical form is JSON with
sorted keys and no insignificant whitespace; values are already plain JSON (see jsonable).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import hashes

GENESIS = "0" * 64


def sm3_hex(data: bytes) -> str:
    h = hashes.Hash(hashes.SM3())
    h.update(data)
    return h.finalize().hex()


def canonical(content: Mapping[str, Any]) -> bytes:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def record_hash(content: Mapping[str, Any], prev_hash: str) -> str:
    return sm3_hex(prev_hash.encode() + b"\n" + canonical(content))


@dataclass(frozen=True)
class Break:
    seq: int
    reason: str


def verify(records: Iterable[tuple[int, Mapping[str, Any], str, str]], anchor: str = GENESIS,
           first_seq: int = 1) -> Break | None:
    """Check (seq, content, prev_hash, hash) tuples in sequence order.

    ``anchor`` is the hash the first record must point at and ``first_seq`` its number
    (both move forward when old records are pruned under the retention rule).
    """
    expected_prev = anchor
    expected_seq = first_seq
    for seq, content, prev_hash, stored in records:
        if seq != expected_seq:
            return Break(expected_seq, f"第 {expected_seq} 条记录缺失（下一条为第 {seq} 条）")
        if prev_hash != expected_prev:
            return Break(seq, "前序哈希与上一条记录不符（记录被删除、插入或改动）")
        if record_hash(content, prev_hash) != stored:
            return Break(seq, "记录内容与其 SM3 哈希不符（记录被改动）")
        expected_prev = stored
        expected_seq = seq + 1
    return None
