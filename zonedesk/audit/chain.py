"""The keyed audit chain and its signed checkpoints (pure: no database, no Django).

Each record's MAC is HMAC-SM3 under a secret key held outside the database, over the
previous record's MAC and the record's canonical content (which names the key id, so keys
can be rotated and old records still verify). Without the key nobody can re-compute the
chain after editing, inserting or deleting a record.

What the chain alone cannot show is a cut at its end (delete the newest records, rewind the
head): that is caught by *checkpoints*, signed statements of each chain head (seq, MAC,
anchor) written outside the database (a file and syslog). A verifier holding the key and the
checkpoints detects a truncated tail, a rewritten record, a missing record and a forged or
edited checkpoint, and names each (``Break.kind``).

This file is also the offline verification kit: ``audit_export`` copies it next to the
exported records as ``verify_audit.py``; it needs Python 3.10+ and ``cryptography`` only::

    python verify_audit.py EXPORT_DIR --keys KEYFILE [--checkpoints FILE]

The canonical form is JSON with sorted keys and no insignificant whitespace.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes, hmac

GENESIS = "0" * 64
CHECKPOINT_FIELDS = ("chain", "seq", "hash", "anchor_seq", "anchor_hash", "at", "key_id")


def sm3_hex(data: bytes) -> str:
    h = hashes.Hash(hashes.SM3())
    h.update(data)
    return h.finalize().hex()


def hmac_sm3_hex(key: bytes, data: bytes) -> str:
    h = hmac.HMAC(key, hashes.SM3())
    h.update(data)
    return h.finalize().hex()


def canonical(content: Mapping[str, Any]) -> bytes:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def record_hash(content: Mapping[str, Any], prev_hash: str, key: bytes) -> str:
    if not key:
        raise ValueError("the audit chain needs a key")
    return hmac_sm3_hex(key, prev_hash.encode() + b"\n" + canonical(content))


def parse_keys(text: str) -> dict[str, bytes]:
    """``key_id=hex`` per line or comma-separated; ``#`` starts a comment."""
    keys: dict[str, bytes] = {}
    for part in text.replace(",", "\n").splitlines():
        part = part.split("#", 1)[0].strip()
        if not part:
            continue
        key_id, sep, value = part.partition("=")
        key_id, value = key_id.strip(), value.strip()
        if not sep or not key_id or not value:
            raise ValueError("每个审计密钥写作 key_id=十六进制密钥 / each audit key is key_id=hex")
        try:
            key = bytes.fromhex(value)
        except ValueError as exc:
            raise ValueError(f"审计密钥 {key_id} 不是十六进制 / audit key {key_id} is not hex") from exc
        if len(key) < 16:
            raise ValueError(f"审计密钥 {key_id} 短于 16 字节 / audit key {key_id} is shorter than 16 bytes")
        keys[key_id] = key
    return keys


@dataclass(frozen=True)
class Break:
    seq: int
    reason: str
    # missing | relinked | rewritten | unknown_key | truncated | checkpoint_forged |
    # checkpoint_mismatch | anchor_unsigned | orphan
    kind: str = "broken"


def verify(records: Iterable[tuple[int, Mapping[str, Any], str, str]], keys: Mapping[str, bytes],
           anchor: str = GENESIS, first_seq: int = 1) -> Break | None:
    """Check (seq, content, prev_hash, hash) tuples in sequence order.

    ``anchor`` is the hash the first record must point at and ``first_seq`` its number
    (both move forward when old records are pruned under the retention rule). Each record's
    key is ``keys[content["key_id"]]``.
    """
    expected_prev = anchor
    expected_seq = first_seq
    for seq, content, prev_hash, stored in records:
        if seq != expected_seq:
            return Break(expected_seq, f"第 {expected_seq} 条记录缺失（下一条为第 {seq} 条）", "missing")
        if prev_hash != expected_prev:
            return Break(seq, "前序哈希与上一条记录不符（记录被删除、插入或改动）", "relinked")
        key = keys.get(str(content.get("key_id") or ""))
        if key is None:
            return Break(seq, f"记录的密钥 {content.get('key_id')!r} 不在密钥环中（无法验证或被伪造）",
                         "unknown_key")
        if record_hash(content, prev_hash, key) != stored:
            return Break(seq, "记录内容与其 HMAC-SM3 不符（记录被改写或重算）", "rewritten")
        expected_prev = stored
        expected_seq = seq + 1
    return None


# --- checkpoints ------------------------------------------------------------------------------

def _checkpoint_mac(body: Mapping[str, Any], key: bytes) -> str:
    return hmac_sm3_hex(key, b"zonedesk-audit-checkpoint\n" + canonical(body))


def checkpoint_sign(*, chain: str, seq: int, hash: str, anchor_seq: int, anchor_hash: str, at: str,
                    key_id: str, key: bytes) -> dict[str, Any]:
    body = {"chain": chain, "seq": seq, "hash": hash, "anchor_seq": anchor_seq,
            "anchor_hash": anchor_hash, "at": at, "key_id": key_id}
    return {**body, "mac": _checkpoint_mac(body, key)}


def checkpoint_valid(cp: Mapping[str, Any], keys: Mapping[str, bytes]) -> bool:
    try:
        body = {f: cp[f] for f in CHECKPOINT_FIELDS}
        key = keys[str(cp["key_id"])]
        return isinstance(cp.get("mac"), str) and _checkpoint_mac(body, key) == cp["mac"]
    except (KeyError, TypeError, ValueError):
        return False


def read_checkpoints(lines: Iterable[str]) -> Iterator[tuple[int, dict[str, Any] | None]]:
    """(line number, checkpoint or None when the line is not a JSON object)."""
    for n, line in enumerate(lines, start=1):
        line = line.strip()
        if not line:
            continue
        try:
            value = json.loads(line)
        except ValueError:
            yield n, None
            continue
        yield n, value if isinstance(value, dict) else None


@dataclass(frozen=True)
class Head:
    """A chain as found: its anchor and its actual last record (not what the head row claims)."""

    anchor_seq: int
    anchor_hash: str
    last_seq: int


def checkpoint_breaks(head: Head, checkpoints: list[Mapping[str, Any]], hash_at: Mapping[int, str],
                      keys: Mapping[str, bytes]) -> Break | None:
    """Compare one chain with its signed checkpoints (in the order they were written).

    ``hash_at`` maps each checkpointed seq still present to the stored hash.
    """
    valid = []
    for cp in checkpoints:
        if not checkpoint_valid(cp, keys):
            seq = cp.get("seq") if isinstance(cp.get("seq"), int) else 0
            return Break(seq, "检查点签名无效（检查点被改动或伪造）", "checkpoint_forged")
        valid.append(cp)
    for cp in valid:
        seq = cp["seq"]
        if seq > head.last_seq:
            return Break(head.last_seq + 1, f"链尾被截断：签名检查点记载到第 {seq} 条，"
                                            f"现仅到第 {head.last_seq} 条", "truncated")
        if seq > head.anchor_seq and hash_at.get(seq) != cp["hash"]:
            return Break(seq, "记录与签名检查点不符（记录被改写后重算）", "checkpoint_mismatch")
        if seq == head.anchor_seq and seq and head.anchor_hash != cp["hash"]:
            return Break(seq, "锚点与签名检查点不符", "checkpoint_mismatch")
    if valid:
        last = valid[-1]
        if (last["anchor_seq"], last["anchor_hash"]) != (head.anchor_seq, head.anchor_hash):
            return Break(head.anchor_seq, "锚点被移动但没有对应的签名检查点（记录被删除）",
                         "anchor_unsigned")
    return None


# --- the offline kit ---------------------------------------------------------------------------
# EXPORT_DIR/heads.json: [{"key", "anchor_seq", "anchor_hash", "last_seq", "last_hash"}, ...]
# EXPORT_DIR/records/<chain>.jsonl: {"seq", "content", "prev_hash", "hash"} in seq order
# EXPORT_DIR/checkpoints.jsonl: the checkpoint file as written by the application

def _export_records(path: Path) -> Iterator[tuple[int, dict[str, Any], str, str]]:
    if not path.exists():
        return
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                yield row["seq"], row["content"], row["prev_hash"], row["hash"]


def verify_export(directory: Path, keys: Mapping[str, bytes],
                  checkpoints_file: Path | None = None) -> list[tuple[str, Break]]:
    heads = {h["key"]: h for h in json.loads((directory / "heads.json").read_text(encoding="utf-8"))}
    cp_path = checkpoints_file or directory / "checkpoints.jsonl"
    by_chain: dict[str, list[dict[str, Any]]] = {}
    problems: list[tuple[str, Break]] = []
    if cp_path.exists():
        for n, cp in read_checkpoints(cp_path.read_text(encoding="utf-8").splitlines()):
            if cp is None or not isinstance(cp.get("chain"), str):
                problems.append(("checkpoints", Break(n, f"检查点文件第 {n} 行无法读取",
                                                      "checkpoint_forged")))
            else:
                by_chain.setdefault(cp["chain"], []).append(cp)
    record_files = {p.stem for p in (directory / "records").glob("*.jsonl")}
    for key in sorted(set(heads) | set(by_chain) | record_files):
        broken = _verify_exported_chain(directory / "records" / f"{key}.jsonl", heads.get(key),
                                        by_chain.get(key, []), keys)
        if broken:
            problems.append((key, broken))
    return problems


def _verify_exported_chain(path: Path, head: Mapping[str, Any] | None,
                           checkpoints: list[dict[str, Any]], keys: Mapping[str, bytes]) -> Break | None:
    if head is None and path.exists():
        first = next(_export_records(path), None)
        return Break(first[0] if first else 0, "记录所属的审计链链头不存在（链头被删除）", "orphan")
    anchor_seq = head["anchor_seq"] if head else 0
    anchor_hash = head["anchor_hash"] if head else GENESIS
    wanted = {cp.get("seq") for cp in checkpoints}
    hash_at: dict[int, str] = {}
    last = [anchor_seq, anchor_hash]

    def rows() -> Iterator[tuple[int, dict[str, Any], str, str]]:
        for seq, content, prev, digest in _export_records(path):
            if seq in wanted:
                hash_at[seq] = digest
            last[:] = [seq, digest]
            yield seq, content, prev, digest

    broken = verify(rows(), keys, anchor=anchor_hash, first_seq=anchor_seq + 1)
    if broken is None and head and [head["last_seq"], head["last_hash"]] != last:
        broken = Break(last[0] + 1, "链尾记录缺失：链头登记的最后一条记录不存在", "truncated")
    return broken or checkpoint_breaks(Head(anchor_seq, anchor_hash, last[0]), checkpoints,
                                       hash_at, keys)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Verify an exported zonedesk audit trail offline.")
    parser.add_argument("export_dir", type=Path)
    parser.add_argument("--keys", type=Path, required=True, help="key file: key_id=hex per line")
    parser.add_argument("--checkpoints", type=Path,
                        help="checkpoints held elsewhere (e.g. from syslog); default: the export's")
    args = parser.parse_args(argv)
    keys = parse_keys(args.keys.read_text(encoding="utf-8"))
    problems = verify_export(args.export_dir, keys, args.checkpoints)
    for key, broken in problems:
        print(f"审计链 {key}: 第 {broken.seq} 条记录异常 [{broken.kind}]：{broken.reason}", file=sys.stderr)
    if problems:
        return 1
    print("审计链完整 / audit chain intact")
    return 0


if __name__ == "__main__":
    sys.exit(main())
