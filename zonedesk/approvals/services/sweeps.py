"""The approval items' warning sweep: yellow when at most the zone's ratio of the limit is
left, red once the deadline has passed. One warning per state change, whatever the number of
runs or workers.

Each pass is an indexed range query over the stored clock (`due_date < today AND open AND not
yet warned red`, the partial index `approvals_item_red_sweep`; the same for yellow), a batch
locked with SKIP LOCKED, marked in the same transaction, so several workers share the work and
every case is reached exactly once; a marked row leaves the range, so the loop ends.
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

BATCH = 1000


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


def _warn_batch(actor: Actor, level: str, today: dt.date, batch: int) -> int:
    with transaction.atomic():
        rows = list(
            _candidates(level, today)
            .select_for_update(skip_locked=True)
            .values_list("id", "zone_id", "department_id", "due_date")[:batch]
        )
        if not rows:
            return 0
        ids = [r[0] for r in rows]
        ApplicationItem.objects.filter(pk__in=ids).update(clock_warned=level)
        by_zone: dict[int, list[int]] = {}
        for pk, zone_id, *_rest in rows:
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
        warnings = [
            ClockWarning("approvals.item", pk, zone_id, level, due, department_id)
            for pk, zone_id, department_id, due in rows
        ]
        transaction.on_commit(lambda: clock_warnings.emit(warnings))
    return len(rows)


def items_warn(*, today: dt.date | None = None, batch: int = BATCH) -> SweepResult:
    """Warn every item that turned red, then every item that turned yellow, since the last run."""
    today = today or timezone.localdate()
    actor = Actor.system("approvals.items_warn")
    result = SweepResult()
    for level in ("red", "yellow"):  # red first: an overdue item is never warned yellow after
        while True:
            n = _warn_batch(actor, level, today, batch)
            if level == "red":
                result.red += n
            else:
                result.yellow += n
            if n == 0:
                break
    return result


def _supplement_overdue_batch(actor: Actor, today: dt.date, batch: int) -> int:
    with transaction.atomic():
        rows = list(
            Pause.objects.filter(end__isnull=True, overdue_warned=False, due_on__lt=today)
            .order_by("due_on", "id")
            .select_for_update(skip_locked=True)
            .values_list("id", "zone_id", "application_item_id", "application_item__department_id", "due_on")[
                :batch
            ]
        )
        if not rows:
            return 0
        Pause.objects.filter(pk__in=[r[0] for r in rows]).update(overdue_warned=True)
        by_zone: dict[int, list[int]] = {}
        for _pk, zone_id, item_id, *_rest in rows:
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
        warnings = [
            ClockWarning("approvals.supplement", item_id, zone_id, "overdue", due_on, department_id)
            for _pk, zone_id, item_id, department_id, due_on in rows
        ]
        transaction.on_commit(lambda: clock_warnings.emit(warnings))
    return len(rows)


def supplements_overdue(*, today: dt.date | None = None, batch: int = BATCH) -> int:
    """Every 补正 whose deadline for the applicant passed unanswered, told once to the applicant
    and to the item's department (the clock stays stopped: what follows — a reminder call, an
    extension, a refusal — is the department's decision, not the sweep's). An indexed range over
    the open 补正 pauses not yet told, in SKIP LOCKED batches like the item warnings."""
    today = today or timezone.localdate()
    actor = Actor.system("approvals.supplements_overdue")
    told = 0
    while n := _supplement_overdue_batch(actor, today, batch):
        told += n
    return told
