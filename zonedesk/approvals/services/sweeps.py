"""The approval items' warning sweep: yellow when at most the zone's ratio of the limit is
left, red once the deadline has passed. One warning per state change, whatever the number of
runs or workers.

Each pass is an indexed range query over the stored clock (`due_date < today AND open AND not
yet warned red`, the partial index `approvals_item_red_sweep`; the same for yellow), a batch
locked with SKIP LOCKED and marked by the same statement (`core.sweeps.mark_batch`: one
UPDATE … RETURNING per batch, no model instances), so several workers share the work and every
case is reached exactly once; a marked row leaves the range, so the loop ends. A run's
warnings are told once, after its last batch commits (the message centre's digests).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from zonedesk.approvals.models import SWEPT_STATES, ApplicationItem, ItemState, Pause
from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.clockwarn import ClockWarning, clock_warnings
from zonedesk.core.sweeps import mark_batch

# Rows marked per transaction: each batch is one UPDATE … RETURNING and one audit record per
# zone. 20,000 was 20-40 % faster than 1,000 or 5,000 on the bench province (docs/scaling.md);
# the price is that a decision on an item of the batch waits for the batch's commit (2-3 s
# on the loaded bench machine), which only a backlog's first run makes; a daily run is one
# small batch.
BATCH = 20000


@dataclass
class SweepResult:
    red: int = 0
    yellow: int = 0


def _candidates(level: str, today: dt.date):
    if level == "red":
        return (
            ApplicationItem.objects.filter(state__in=SWEPT_STATES, due_paused=False, due_date__lt=today)
            .exclude(clock_warned="red")
            .order_by("due_date", "id")
        )
    return ApplicationItem.objects.filter(
        state=ItemState.IN_REVIEW, clock_warned="", yellow_on__lte=today, due_date__gte=today
    ).order_by("yellow_on", "id")


def _warn_batch(actor: Actor, level: str, today: dt.date, batch: int) -> list[ClockWarning]:
    """Mark one batch and audit it; returns its warnings (told after the run, see items_warn)."""
    with transaction.atomic():
        rows = mark_batch(
            _candidates(level, today),
            limit=batch,
            marks={"clock_warned": level},
            returning=("id", "zone_id", "department_id", "due_date"),
        )
        if not rows:
            return []
        rows.sort()  # RETURNING comes in no order: the audit lists the items by id
        by_zone: dict[int, list[int]] = {}
        for pk, zone_id, _dept, _due in rows:
            by_zone.setdefault(zone_id, []).append(pk)
        # One audit row per zone and batch (not per item): the trail says which items were
        # warned and when, without a chain append per clock.
        for zone_id, zone_ids in by_zone.items():
            audit_record(
                actor=actor,
                action=f"approvals.item.warn_{level}",
                object_type="approvals.applicationitem",
                object_repr=f"×{len(zone_ids)}",  # a count: the kind shows from object_type, translated
                after={"level": level, "items": zone_ids, "today": today.isoformat()},
                zone_id=zone_id,
            )
    return [ClockWarning("approvals.item", pk, zone_id, level, due, dept) for pk, zone_id, dept, due in rows]


def items_warn(*, today: dt.date | None = None, batch: int = BATCH) -> SweepResult:
    """Warn every item that turned red, then every item that turned yellow, since the last run.

    The marks commit batch by batch; the run's warnings go to ``clock_warnings`` once, after
    the last batch commits, so a receiver sees the whole run (the message centre tells each
    department one digest per level and run, not one message per item). A crash between the
    batches and the end loses that run's digest, not the marks: each item shows its state
    (``clock_warned``, the inbox's red and yellow filters) and the audit names it."""
    today = today or timezone.localdate()
    actor = Actor.system("approvals.items_warn")
    result = SweepResult()
    warnings: list[ClockWarning] = []
    for level in ("red", "yellow"):  # red first: an overdue item is never warned yellow after
        while marked := _warn_batch(actor, level, today, batch):
            warnings += marked
            if level == "red":
                result.red += len(marked)
            else:
                result.yellow += len(marked)
    if warnings:
        transaction.on_commit(lambda: clock_warnings.emit(warnings))
    return result


def _supplement_overdue_batch(actor: Actor, today: dt.date, batch: int) -> list[ClockWarning]:
    with transaction.atomic():
        rows = mark_batch(
            Pause.objects.filter(end__isnull=True, overdue_warned=False, due_on__lt=today)
            .order_by("due_on", "id"),
            limit=batch,
            marks={"overdue_warned": True},
            returning=("id", "zone_id", "application_item_id", "due_on"),
        )
        if not rows:
            return []
        rows.sort()
        departments = dict(
            ApplicationItem.objects.filter(pk__in=[r[2] for r in rows]).values_list("pk", "department_id")
        )
        by_zone: dict[int, list[int]] = {}
        for _pk, zone_id, item_id, _due in rows:
            by_zone.setdefault(zone_id, []).append(item_id)
        for zone_id, item_ids in by_zone.items():
            audit_record(
                actor=actor,
                action="approvals.item.supplement_overdue",
                object_type="approvals.applicationitem",
                object_repr=f"×{len(item_ids)}",
                after={"items": item_ids, "today": today.isoformat()},
                zone_id=zone_id,
            )
    return [
        ClockWarning("approvals.supplement", item_id, zone_id, "overdue", due_on, departments.get(item_id))
        for _pk, zone_id, item_id, due_on in rows
    ]


def supplements_overdue(*, today: dt.date | None = None, batch: int = BATCH) -> int:
    """Every 补正 whose deadline for the applicant passed unanswered, told once to the applicant
    and to the item's department (the clock stays stopped: what follows — a reminder call, an
    extension, a refusal — is the department's decision, not the sweep's). An indexed range over
    the open 补正 pauses not yet told, marked batch by batch like the item warnings and told
    after the run (each 补正 on its own: the applicant has to act on that item)."""
    today = today or timezone.localdate()
    actor = Actor.system("approvals.supplements_overdue")
    warnings: list[ClockWarning] = []
    while marked := _supplement_overdue_batch(actor, today, batch):
        warnings += marked
    if warnings:
        transaction.on_commit(lambda: clock_warnings.emit(warnings))
    return len(warnings)
