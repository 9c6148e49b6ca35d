"""Keeping the per-day decision summary (``ItemDecisionDay``) true: each approval or refusal
is counted on its day in the deciding transaction; ``decisions_drift`` / ``decisions_rebuild``
recompute it from the items in one grouped query (the check command, the demo, the bench)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_noop

from zonedesk.approvals.models import ApplicationItem, ItemDecisionDay, ItemState
from zonedesk.core.actor import Actor
from zonedesk.core.counters import bump, summary_table_rebuild
from zonedesk.core.summary_check import Drift, drift_between

DECIDED = (ItemState.APPROVED, ItemState.REFUSED)

Key = tuple[int, dt.date]  # (zone, day)


def decision_counted(ai: ApplicationItem) -> None:
    """In the deciding transaction, after the item's stored clock is set (on time or not)."""
    if ai.state not in DECIDED or ai.decided_at is None:
        return
    day = timezone.localtime(ai.decided_at).date()
    on_time = int(bool(ai.decided_on_time))
    bump(ItemDecisionDay, {"zone_id": ai.zone_id, "day": day}, decided=1, on_time=on_time)


def decisions_recompute(zone_ids: Iterable[int] | None = None) -> dict[Key, tuple[int, int]]:
    """(zone, day) → (decided, on time) from the items: one grouped query in the database."""
    qs = ApplicationItem.objects.filter(state__in=DECIDED, decided_at__isnull=False)
    if zone_ids is not None:
        qs = qs.filter(zone_id__in=list(zone_ids))
    rows = (
        qs.annotate(day=TruncDate("decided_at", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values("zone_id", "day")
        .annotate(n=Count("pk"), on_time=Count("pk", filter=Q(decided_on_time=True)))
    )
    return {(r["zone_id"], r["day"]): (r["n"], r["on_time"]) for r in rows}


def _stored(zone_ids: Iterable[int] | None) -> dict[Key, tuple[int, int]]:
    qs = ItemDecisionDay.objects.exclude(decided=0, on_time=0)
    if zone_ids is not None:
        qs = qs.filter(zone_id__in=list(zone_ids))
    return {(z, d): (n, o) for z, d, n, o in qs.values_list("zone_id", "day", "decided", "on_time")}


def decisions_drift(zone_ids: Iterable[int] | None = None) -> list[Drift]:
    """(zone, day) keys whose stored (decided, on time) differ from the recount."""
    return drift_between(decisions_recompute(zone_ids), _stored(zone_ids), (0, 0))


def decisions_rebuild(zone_ids: Iterable[int] | None = None, *, actor: Actor | None = None) -> int:
    """Replace the zones' rows with the recomputed ones in one transaction; on PostgreSQL the
    table is locked against the deciding services' bumps first (a decision committed meanwhile
    is in the recompute, a later one bumps the new rows). Returns the rows written."""
    zones = list(zone_ids) if zone_ids is not None else None
    computed: dict = {}

    def recompute() -> list[ItemDecisionDay]:
        computed.update(decisions_recompute(zones))
        return [ItemDecisionDay(zone_id=z, day=d, decided=n, on_time=o)
                for (z, d), (n, o) in computed.items()]

    summary_table_rebuild(ItemDecisionDay, zones=zones, recompute=recompute, total="decided", actor=actor,
                    action="approvals.decision_summary.rebuild", label=gettext_noop("审批事项办结日汇总"),
                    after=lambda: {"decided": sum(n for n, _o in computed.values()), "days": len(computed)})
    return len(computed)
