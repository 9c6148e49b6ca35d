from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Min, QuerySet
from django.shortcuts import get_object_or_404

from zonedesk.audit.chain import GENESIS, Break, Head, checkpoint_breaks, verify
from zonedesk.audit.checkpoints import keys, load_checkpoints
from zonedesk.audit.models import AuditChain, AuditRecord


def audit_list_for(*, user: Any, action: str = "", actor: str = "", object_type: str = "",
                   object_id: str = "", result: str = "", date_from: Any = None,
                   date_to: Any = None) -> QuerySet[AuditRecord]:
    qs = AuditRecord.objects.visible_to(user).select_related("zone")
    if action:
        qs = qs.filter(action__icontains=action)
    if actor:
        qs = qs.filter(actor_name__icontains=actor)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if result:
        qs = qs.filter(result=result)
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    return qs


def get_audit_record_for(user: Any, pk: int) -> AuditRecord:
    return get_object_or_404(audit_list_for(user=user), pk=pk)


def _iter_chain(key: str) -> Iterator[tuple[int, dict, str, str]]:
    for rec in AuditRecord.objects.filter(chain=key).order_by("seq").iterator(chunk_size=2000):
        yield rec.seq, rec.content(), rec.prev_hash, rec.hash


def audit_chain_verify() -> list[tuple[str, Break]]:
    """Every chain's first break, if any: each chain re-computed with the audit keys, its head
    compared with the last record, and both with the signed checkpoints kept outside the
    database (a cut tail, a re-keyed rewrite, a moved anchor). Also records that belong to no
    registered chain (its head row deleted to hide them)."""
    problems: list[tuple[str, Break]] = []
    ring = keys()
    checkpoints, unreadable = load_checkpoints()
    problems += [("checkpoints", Break(n, f"检查点文件第 {n} 行无法读取（被改动）", "checkpoint_forged"))
                 for n in unreadable]
    heads = {c.key: c for c in AuditChain.objects.order_by("key")}
    for key in sorted(set(heads) | set(checkpoints)):
        chain = heads.get(key) or AuditChain(key=key, last_seq=0, last_hash=GENESIS, anchor_seq=0,
                                             anchor_hash=GENESIS)
        broken = verify(_iter_chain(key), ring, anchor=chain.anchor_hash,
                        first_seq=chain.anchor_seq + 1) or _tail_break(chain)
        if broken is None and key in checkpoints:
            broken = _checkpoint_break(chain, checkpoints[key])
        if broken:
            problems.append((key, broken))
    orphans = (AuditRecord.objects.exclude(chain__in=set(heads)).values("chain")
               .annotate(first=Min("seq")).order_by("chain"))
    for row in orphans:
        problems.append((row["chain"], Break(row["first"], "记录所属的审计链链头不存在（链头被删除）",
                                             "orphan")))
    return problems


def _checkpoint_break(chain: AuditChain, checkpoints: list[dict]) -> Break | None:
    last = AuditRecord.objects.filter(chain=chain.key).order_by("-seq").values_list("seq", flat=True)
    last_seq = last.first() or chain.anchor_seq
    wanted = {cp.get("seq") for cp in checkpoints if isinstance(cp.get("seq"), int)}
    hash_at = dict(AuditRecord.objects.filter(chain=chain.key, seq__in=wanted)
                   .values_list("seq", "hash"))
    return checkpoint_breaks(Head(chain.anchor_seq, chain.anchor_hash, last_seq), checkpoints,
                             hash_at, keys())


def _tail_break(chain: AuditChain) -> Break | None:
    last = AuditRecord.objects.filter(chain=chain.key).order_by("-seq").first()
    last_seq = last.seq if last else chain.anchor_seq
    last_hash = last.hash if last else chain.anchor_hash
    if last_seq != chain.last_seq or last_hash != chain.last_hash:
        return Break(last_seq + 1, "链尾记录缺失：链头登记的最后一条记录不存在", "truncated")
    return None
