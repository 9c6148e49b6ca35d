"""Keeping the per-day appeals summary (``AppealDay``) true.

A case's contribution is one row key (zone, lead department, category, deadline day, closed day)
and two flags (closed on time, open). The services take the contribution before a change from
the locked row and move it after the change (``case_moved``), in the writing transaction; the
calendar refresh moves a batch at once. ``appeals_drift`` / ``appeals_rebuild`` recompute the
table from the cases in one grouped query (the check command, the demo, the bench)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import Case, Count, DateField, F, Q, Value, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.appeals import rules
from zonedesk.appeals.models import NO_DAY, Appeal, AppealDay, Status
from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.counters import bump, summary_replace
from zonedesk.core.summary_check import Drift, drift_between

# (zone, department or 0, category, deadline day or NO_DAY, closed day or NO_DAY)
Key = tuple[int, int, int, dt.date, dt.date]
Share = tuple[Key, int, int]  # (key, on time, open) of one case
# The columns a case's contribution reads.
FIELDS = (
    "zone_id",
    "lead_department_id",
    "category_id",
    "due_on",
    "due_paused",
    "status",
    "closed_at",
    "replied_on_time",
)


def share(a: Appeal) -> Share:
    """What one case adds to the table: the same rules as ``selectors.counted_q``."""
    due = a.due_on if a.due_on is not None and not a.due_paused and a.status != Status.MERGED else NO_DAY
    closed = timezone.localtime(a.closed_at).date() if a.status == Status.CLOSED and a.closed_at else NO_DAY
    on_time = int(closed != NO_DAY and a.replied_on_time is True)
    open_ = int(a.status in rules.OPEN)
    return (a.zone_id, a.lead_department_id or 0, a.category_id, due, closed), on_time, open_


def stored_share(appeal_id: int) -> Share | None:
    """The case's contribution as its row stands (call it on the locked row, before saving)."""
    row = Appeal.objects.filter(pk=appeal_id).only(*FIELDS).first()
    return share(row) if row is not None else None


def _apply(moves: Counter[Share]) -> None:
    """Add (or, with a negative count, take off) each contribution; one bump per row key."""
    per_key: dict[Key, list[int]] = {}
    for (key, on_time, open_), n in moves.items():
        acc = per_key.setdefault(key, [0, 0, 0])
        acc[0] += n
        acc[1] += n * on_time
        acc[2] += n * open_
    for key in sorted(per_key):  # one order for every writer: two batches cannot deadlock
        cases, on_time, open_ = per_key[key]
        zone, department, category, due_on, closed_on = key
        bump(
            AppealDay,
            {
                "zone_id": zone,
                "department": department,
                "category_id": category,
                "due_on": due_on,
                "closed_on": closed_on,
            },
            cases=cases,
            on_time=on_time,
            open=open_,
        )


def case_moved(before: Share | None, appeal: Appeal) -> None:
    """In the writing transaction, after ``appeal`` is saved: move its contribution from
    ``before`` (None: a new case) to what it is now."""
    after = share(appeal)
    if before == after:
        return
    moves: Counter[Share] = Counter({after: 1})
    if before is not None:
        moves[before] -= 1
    _apply(moves)


def cases_moved(pairs: Sequence[tuple[Share, Share]]) -> None:
    """Several cases at once, (before, after) each: the calendar refresh's batch."""
    moves: Counter[Share] = Counter()
    for before, after in pairs:
        if before != after:
            moves[before] -= 1
            moves[after] += 1
    _apply(moves)


# -- recompute, drift, repair ---------------------------------------------------------------


def appeals_recompute(
    zone_ids: Iterable[int] | None = None, *, model=Appeal
) -> dict[Key, tuple[int, int, int]]:
    """key → (cases, on time, open) from the cases: one grouped query in the database. (The
    model is a parameter so the migration that creates the table fills it.)"""
    qs = model.objects.all()
    if zone_ids is not None:
        qs = qs.filter(zone_id__in=list(zone_ids))
    no_day = Value(NO_DAY, output_field=DateField())
    counted = Q(due_on__isnull=False, due_paused=False) & ~Q(status=Status.MERGED)
    closed = Q(status=Status.CLOSED, closed_at__isnull=False)
    rows = (
        qs.order_by()
        .annotate(
            k_department=Coalesce(F("lead_department_id"), Value(0)),
            k_due=Case(When(counted, then=F("due_on")), default=no_day, output_field=DateField()),
            k_closed=Case(
                When(closed, then=TruncDate("closed_at", tzinfo=timezone.get_current_timezone())),
                default=no_day,
                output_field=DateField(),
            ),
        )
        .values("zone_id", "k_department", "category_id", "k_due", "k_closed")
        .annotate(
            n=Count("pk"),
            on_time=Count("pk", filter=closed & Q(replied_on_time=True)),
            open=Count("pk", filter=Q(status__in=sorted(rules.OPEN))),
        )
    )
    return {
        (r["zone_id"], r["k_department"], r["category_id"], r["k_due"], r["k_closed"]): (
            r["n"],
            r["on_time"],
            r["open"],
        )
        for r in rows
    }


def _stored(zone_ids: Iterable[int] | None) -> dict[Key, tuple[int, int, int]]:
    qs = AppealDay.objects.exclude(cases=0, on_time=0, open=0)
    if zone_ids is not None:
        qs = qs.filter(zone_id__in=list(zone_ids))
    rows = qs.values_list(
        "zone_id", "department", "category_id", "due_on", "closed_on", "cases", "on_time", "open"
    )
    return {(z, d, c, due, closed): (n, o, op) for z, d, c, due, closed, n, o, op in rows}


def appeals_drift(zone_ids: Iterable[int] | None = None) -> list[Drift]:
    """Row keys whose stored (cases, on time, open) differ from the recount."""
    return drift_between(appeals_recompute(zone_ids), _stored(zone_ids), (0, 0, 0))


def appeals_rebuild(zone_ids: Iterable[int] | None = None, *, actor: Actor | None = None) -> int:
    """Replace the zones' rows with the recomputed ones in one transaction, locked against the
    services' bumps on PostgreSQL (``summary_replace``). Returns the rows written."""
    zones = list(zone_ids) if zone_ids is not None else None
    computed: dict[Key, tuple[int, int, int]] = {}

    def recompute() -> list[AppealDay]:
        computed.update(appeals_recompute(zones))
        return [
            AppealDay(
                zone_id=z,
                department=d,
                category_id=c,
                due_on=due,
                closed_on=closed,
                cases=n,
                on_time=o,
                open=op,
            )
            for (z, d, c, due, closed), (n, o, op) in computed.items()
        ]

    old = AppealDay.objects.all()
    if zones is not None:
        old = old.filter(zone_id__in=zones)
    with transaction.atomic():
        before = summary_replace(AppealDay, old, recompute, total="cases")
        if actor is not None:
            audit_record(
                actor=actor,
                action="appeals.summary.rebuild",
                object_type="appeals.appealday",
                object_repr=_("诉求日汇总"),
                before={"cases": before},
                after={
                    "cases": sum(n for n, _o, _p in computed.values()),
                    "rows": len(computed),
                    "zones": zones or "all",
                },
            )
    return len(computed)
