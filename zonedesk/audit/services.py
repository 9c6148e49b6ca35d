"""Writing the audit trail.

``audit_record`` is called by every service inside its own transaction, so the audit row
commits or rolls back with the change it describes. ``audit_event`` is for events that have
no business transaction of their own (a failed login, a denied request) and opens one.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, models, transaction
from django.db.models import Min
from django.utils import timezone

from zonedesk.audit.chain import GENESIS, Break, record_hash, verify
from zonedesk.audit.checkpoints import current_key, keys, write_checkpoints
from zonedesk.audit.models import AuditChain, AuditRecord, Result
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict
from zonedesk.core.jsonable import jsonable

GLOBAL_CHAIN = "_global"


def _chain_key(zone_id: int | None) -> str:
    return f"zone-{zone_id}" if zone_id else GLOBAL_CHAIN


def _lane_keys(key: str) -> list[str]:
    return [key] + [f"{key}.{lane}" for lane in range(1, settings.AUDIT_CHAIN_LANES)]


def _lock_chain(key: str) -> AuditChain:
    """Lock the first lane of the chain ``key`` that no other open transaction holds.

    A chain appends one record at a time (each record's MAC covers the previous one), so its
    head stays locked from the audit record to the commit. Every lane is an ordinary chain —
    verified, checkpointed, exported and pruned on its own — so a zone's writers take turns only
    when all its lanes are busy; without contention every record goes to the first lane (the
    key itself). A transaction already holding a lane gets it back (its own lock never skips)."""
    lanes = _lane_keys(key)
    free = (AuditChain.objects.select_for_update(skip_locked=True).filter(key__in=lanes)
            .order_by("key").first())
    if free is not None:
        return free
    have = set(AuditChain.objects.filter(key__in=lanes).values_list("key", flat=True))
    for lane in lanes:
        if lane in have:
            continue
        # get_or_create under a unique key: a concurrent creator's lane may be locked again by
        # the time we see it, then we look for the next one.
        AuditChain.objects.get_or_create(
            key=lane, defaults={"last_hash": GENESIS, "anchor_hash": GENESIS}
        )
        made = AuditChain.objects.select_for_update(skip_locked=True).filter(key=lane).first()
        if made is not None:
            return made
    # Every lane busy: queue on one of them (spread, so the waiters do not pile on the first).
    return AuditChain.objects.select_for_update().get(key=secrets.choice(lanes))


class LaneHeld:
    """A no-op commit hook marking the transaction's last record on a chain. Django drops a
    hook when the transaction or the savepoint it was registered in rolls back, so while this
    one is still registered, the lane's head as this transaction last wrote it is the head in
    the database (the lane stays locked by this transaction until it ends)."""

    __slots__ = ()

    def __call__(self) -> None:
        return None


def _held_lane(conn, key: str) -> AuditChain | None:
    """The lane this transaction took for ``key`` and still holds, with its head as last
    written: a second record in one transaction needs no second locking read."""
    held: dict[str, tuple[LaneHeld, AuditChain]] | None = getattr(conn, "_zonedesk_audit_lanes", None)
    entry = held.get(key) if held else None
    if held is None or entry is None:
        return None
    marker, chain = entry
    if any(hook[1] is marker for hook in reversed(conn.run_on_commit)):
        return chain
    del held[key]
    return None


def _remember_lane(conn, key: str, chain: AuditChain) -> None:
    marker = LaneHeld()
    transaction.on_commit(marker)
    if not hasattr(conn, "_zonedesk_audit_lanes"):
        conn._zonedesk_audit_lanes = {}
    conn._zonedesk_audit_lanes[key] = (marker, chain)


def _forget_lanes(conn) -> None:
    if hasattr(conn, "_zonedesk_audit_lanes"):
        conn._zonedesk_audit_lanes.clear()


def _append(conn, record: AuditRecord, chain: AuditChain) -> None:
    """Insert the record and move the lane's head to it. On PostgreSQL one statement (the head's
    UPDATE in a data-modifying WITH of the record's INSERT); elsewhere two."""
    if conn.vendor != "postgresql":
        record.save()
        chain.save(update_fields=["last_seq", "last_hash"])
        return
    from django.db.models.sql.subqueries import InsertQuery

    meta = AuditRecord._meta
    query = InsertQuery(AuditRecord)
    query.insert_values([f for f in meta.concrete_fields if not f.primary_key], [record])
    compiler = query.get_compiler(connection=conn)
    compiler.returning_fields = [meta.pk]
    [(insert_sql, params)] = compiler.as_sql()
    qn = conn.ops.quote_name
    head = (f"UPDATE {qn(AuditChain._meta.db_table)} SET {qn('last_seq')} = %s, {qn('last_hash')} = %s "
            f"WHERE {qn('id')} = %s")
    with conn.cursor() as cursor:
        cursor.execute(f"WITH head AS ({head}) {insert_sql}", [record.seq, record.hash, chain.pk, *params])
        record.pk = cursor.fetchone()[0]
    record._state.adding = False
    record._state.db = conn.alias


def audit_record(
    *,
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: Any = "",
    object_repr: str = "",
    before: dict | None = None,
    after: dict | None = None,
    result: str = Result.OK,
    message: str = "",
    zone_id: int | None = None,
) -> AuditRecord:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the service's transaction")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        object_repr = object_repr or str(obj)[:200]
        if zone_id is None:
            zone_id = getattr(obj, "zone_id", None)
    if zone_id is None and actor.user is not None:
        zone_id = actor.user.zone_id
    conn = transaction.get_connection()
    key = _chain_key(zone_id)
    chain = _held_lane(conn, key) or _lock_chain(key)
    key_id, secret = current_key()
    record = AuditRecord(
        chain=chain.key,
        seq=chain.last_seq + 1,
        zone_id=zone_id,
        # Microseconds are kept: the hash covers the ISO text, which both databases round-trip.
        at=timezone.now(),
        actor=actor.user,
        actor_name=actor.display[:100],
        channel=actor.channel,
        action=action,
        object_type=object_type,
        object_id=str(object_id or ""),
        object_repr=object_repr[:200],
        before=jsonable(before) if before is not None else None,
        after=jsonable(after) if after is not None else None,
        result=result,
        message=message[:500],
        ip=actor.ip or "",
        key_id=key_id,
        prev_hash=chain.last_hash,
        hash="",
    )
    record.hash = record_hash(record.content(), record.prev_hash, secret)
    chain.last_seq = record.seq
    chain.last_hash = record.hash
    _append(conn, record, chain)
    _remember_lane(conn, key, chain)
    every = settings.AUDIT_CHECKPOINT_EVERY
    if every and record.seq % every == 0:
        head = (chain.key, record.seq, record.hash, chain.anchor_seq, chain.anchor_hash)
        transaction.on_commit(lambda: write_checkpoints([head]))
    return record


def audit_event(**kwargs: Any) -> AuditRecord:
    with transaction.atomic():
        return audit_record(**kwargs)


def audit_prune(*, actor: Actor, now: dt.datetime | None = None) -> int:
    """Delete records older than the retention period, moving each chain's anchor forward.

    The anchor is the hash of the last pruned record, so verification of what remains still
    detects any later deletion or edit. A chain whose prunable part does not verify is not
    pruned at all (the whole call is refused): deleting it would destroy the evidence.
    """
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.AUDIT_RETENTION_DAYS)
    removed = 0
    moved: list[tuple[str, int, str, int, str]] = []
    with transaction.atomic():
        _forget_lanes(transaction.get_connection())  # anchors move: read every head afresh
        # Every chain is locked in key order, the one order any writer of several chains uses.
        for chain in AuditChain.objects.select_for_update().order_by("key"):
            count = _prune_chain(chain, cutoff)
            if count:
                removed += count
                moved.append((chain.key, chain.last_seq, chain.last_hash, chain.anchor_seq,
                              chain.anchor_hash))
        # The moved anchors are signed outside the database once the deletion is committed, so
        # a verifier can tell this prune from someone deleting records by hand.
        transaction.on_commit(lambda: write_checkpoints(moved))
        audit_record(actor=actor, action="audit.prune", object_type="audit.auditrecord",
                     after={"removed": removed, "cutoff": cutoff.isoformat(),
                            "retention_days": settings.AUDIT_RETENTION_DAYS})
    return removed


def _prune_chain(chain: AuditChain, cutoff: dt.datetime) -> int:
    records = AuditRecord.objects.filter(chain=chain.key)
    # Only the unbroken run of old records at the chain's start: a record at or after the
    # cutoff is kept even if the clock stepped back and an older one follows it.
    first_kept = records.filter(at__gte=cutoff).aggregate(seq=Min("seq"))["seq"]
    upto = chain.last_seq if first_kept is None else first_kept - 1
    if upto <= chain.anchor_seq:
        return 0
    segment = records.filter(seq__lte=upto).order_by("seq")
    broken = verify(((r.seq, r.content(), r.prev_hash, r.hash) for r in segment.iterator()), keys(),
                    anchor=chain.anchor_hash, first_seq=chain.anchor_seq + 1)
    last = segment.filter(seq=upto).first()
    if last is None or broken is not None:
        where = broken or Break(upto, "待清理的最后一条记录缺失")
        raise Conflict("audit_chain_broken",
                       f"审计链 {chain.key} 第 {where.seq} 条记录异常，拒绝清理：{where.reason}")
    with _as_pruner():
        count = segment.delete()[0]
        chain.anchor_seq = last.seq
        chain.anchor_hash = last.hash
        chain.save(update_fields=["anchor_seq", "anchor_hash"])
    return count


@contextmanager
def _as_pruner() -> Iterator[None]:
    """On PostgreSQL, only AUDIT_PRUNE_DB_ROLE may delete audit rows or move an anchor (a
    trigger refuses everyone else); the deletion runs under that role, for this transaction."""
    if connection.vendor != "postgresql":
        yield
        return
    role = settings.AUDIT_PRUNE_DB_ROLE
    with connection.cursor() as cursor:
        try:
            with transaction.atomic():
                cursor.execute(f'SET LOCAL ROLE "{role}"')
        except DatabaseError as exc:
            raise Conflict("audit_prune_role", f"数据库角色 {role} 不可用，无法清理审计记录"
                           f"（见 docs/security.md）：{exc}") from exc
        yield
        cursor.execute("RESET ROLE")
