"""Recomputing the stored item clocks from their recorded pauses: after a calendar correction,
after the demo back-dates its history, and to check that the stored columns have not drifted
(`approvals_clock_check`)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from zonedesk.approvals.catalogue import settings_for
from zonedesk.approvals.clocks import StoredClock, stored_clock, warned_cap
from zonedesk.approvals.models import Application, ApplicationItem, ApplicationStatus, MaterialStatus
from zonedesk.approvals.services._common import CLOCK_FIELDS, project_days_refresh
from zonedesk.approvals.stage_models import DeadlineChange
from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.workdays.selectors import DateSpan, work_calendar


def _ratios(zone_ids: Iterable[int]) -> dict[int, object]:
    return {z: settings_for(z).yellow_ratio for z in set(zone_ids)}


def item_clocks_refresh(
    *, queryset=None, now: dt.datetime | None = None, batch: int = 1000, reason: str = ""
) -> int:
    """Recompute and store the clock of every started item in ``queryset`` (default: every
    open one), in id order, one transaction per batch. Returns the number of rows written.

    With a ``reason`` (a calendar correction) every deadline that moved is recorded as a
    `DeadlineChange` (the item then says it moved, and why) and audited, one audit row per zone
    and batch listing the items with their old and new deadline."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    cal = work_calendar()
    qs = queryset if queryset is not None else ApplicationItem.objects.filter(decided_at__isnull=True)
    qs = qs.filter(started_at__isnull=False)
    last, written = 0, 0
    while True:
        with transaction.atomic():
            rows = list(
                qs.filter(pk__gt=last).order_by("pk").select_for_update(of=("self",)).prefetch_related("pauses")[:batch]
            )
            if not rows:
                break
            ratios = _ratios(r.zone_id for r in rows)
            moved: list[DeadlineChange] = []
            for ai in rows:
                before = (ai.due_date, ai.due_provisional)
                stored = stored_clock(ai, list(ai.pauses.all()), cal, now, ratios[ai.zone_id])
                stored.apply(ai)
                ai.clock_warned = warned_cap(ai.clock_warned, stored, ai.state, today)
                if reason and before != (ai.due_date, ai.due_provisional):
                    moved.append(
                        DeadlineChange(
                            zone_id=ai.zone_id,
                            application_id=ai.application_id,
                            application_item=ai,
                            field="due_date",
                            before=before[0],
                            before_provisional=before[1],
                            after=ai.due_date,
                            after_provisional=ai.due_provisional,
                            changed_at=now,
                            reason=reason[:200],
                        )
                    )
            ApplicationItem.objects.bulk_update(rows, CLOCK_FIELDS)
            if moved:
                DeadlineChange.objects.bulk_create(moved)
                _audit_moved(moved, "approvals.item.deadline_recompute", reason)
            # A completed stage took as long as its slowest item.
            done = {ai.application_id for ai in rows}
            Application.objects.filter(
                pk__in=done, status__in=(ApplicationStatus.COMPLETED, ApplicationStatus.LEAD_SUMMARY)
            ).update(
                used_days=Subquery(
                    ApplicationItem.objects.filter(application_id=OuterRef("pk"))
                    .values("application_id")
                    .annotate(m=Max("used_days"))
                    .values("m")[:1]
                )
            )
            # ... and a completed project's total moves with its stages' days.
            project_days_refresh(
                Application.objects.filter(pk__in=done, status=ApplicationStatus.COMPLETED)
                .values("project_id")
            )
            written += len(rows)
            last = rows[-1].pk
    return written


def _audit_moved(moved: list[DeadlineChange], action: str, reason: str) -> None:
    actor = Actor.system("approvals.deadlines_recompute")
    by_zone: dict[int, list[DeadlineChange]] = {}
    for change in moved:
        by_zone.setdefault(change.zone_id, []).append(change)
    for zone_id, changes in by_zone.items():
        audit_record(
            actor=actor,
            action=action,
            object_type="approvals.deadlinechange",
            object_repr=f"×{len(changes)}",  # a count: the kind shows from object_type, translated
            before={str(c.application_item_id or c.application_id): c.before for c in changes},
            after={
                "reason": reason,
                "moved": {
                    str(c.application_item_id or c.application_id): [c.after, c.after_provisional]
                    for c in changes
                },
            },
            zone_id=zone_id,
        )


def tolerance_deadlines_refresh(
    *, reason: str, now: dt.datetime | None = None, batch: int = 500, queryset=None
) -> int:
    """Recompute the 容缺 deadline of every live 容缺 application from its items' clocks (run
    after those were refreshed): keyset batches, rows locked by a running sweep skipped, every
    moved deadline recorded and audited. Returns the number moved."""
    from zonedesk.approvals.services.applications import tolerance_due

    now = now or timezone.now()
    cal = work_calendar()
    last, moved_n = 0, 0
    while True:
        with transaction.atomic():
            base: QuerySet[Application] = queryset if queryset is not None else Application.objects.all()
            apps = list(
                base.select_for_update(skip_locked=True, of=("self",))
                .filter(
                    pk__gt=last,
                    status=ApplicationStatus.IN_REVIEW,
                    tolerance=True,
                    tolerance_deadline__isnull=False,
                )
                .order_by("pk")[:batch]
            )
            if not apps:
                break
            moved: list[DeadlineChange] = []
            for app in apps:
                items = list(app.items.filter(started_at__isnull=False))
                tolerated = app.materials.filter(status=MaterialStatus.TOLERATED).values_list(
                    "material_type_id", flat=True
                )
                due = tolerance_due(app, items, list(tolerated), cal, now)
                before = (app.tolerance_deadline, app.tolerance_provisional)
                if before == (due.date, due.provisional):
                    continue
                app.tolerance_deadline, app.tolerance_provisional = due.date, due.provisional
                app.save(update_fields=["tolerance_deadline", "tolerance_provisional"])
                moved.append(
                    DeadlineChange(
                        zone_id=app.zone_id,
                        application=app,
                        field="tolerance_deadline",
                        before=before[0],
                        before_provisional=before[1],
                        after=due.date,
                        after_provisional=due.provisional,
                        changed_at=now,
                        reason=reason[:200],
                    )
                )
            if moved:
                DeadlineChange.objects.bulk_create(moved)
                _audit_moved(moved, "approvals.application.tolerance_recompute", reason)
            moved_n += len(moved)
            last = apps[-1].pk
    return moved_n


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def items_touching(spans: Sequence[DateSpan]) -> QuerySet[ApplicationItem]:
    """The open item clocks whose span (started .. stored deadline) covers a changed date: only
    those can move. A paused clock's stored deadline is a lower bound, so a paused one counts
    whatever its stored date. A range on the partial index of open clocks (due_date, id)."""
    covers = Q()
    for first, last in spans:
        covers |= Q(started_at__lt=_day_start(last + dt.timedelta(days=1))) & (
            Q(due_date__gte=first) | Q(due_paused=True) | Q(due_date__isnull=True)
        )
    return ApplicationItem.objects.filter(covers, decided_at__isnull=True, started_at__isnull=False)


def tolerance_touching(spans: Sequence[DateSpan]) -> QuerySet[Application]:
    """The live 容缺 deadlines whose span (accepted .. deadline) covers a changed date (the
    index (status, tolerance_deadline)). A deadline capped by an item's moves only when that
    item's does, and then the date lies before both."""
    covers = Q()
    for first, last in spans:
        covers |= Q(accepted_at__lt=_day_start(last + dt.timedelta(days=1)), tolerance_deadline__gte=first)
    return Application.objects.filter(covers, status=ApplicationStatus.IN_REVIEW, tolerance=True)


def deadlines_recompute(
    *, reason: str, now: dt.datetime | None = None, spans: Sequence[DateSpan] | None = None
) -> dict[str, int]:
    """After a holiday edit: the open item clocks, then the 容缺 deadlines derived from them —
    only those whose span covers a changed date (``spans``), or every open one without."""
    items = item_clocks_refresh(
        queryset=items_touching(spans) if spans else None, now=now, reason=reason
    )
    tolerance = tolerance_deadlines_refresh(
        reason=reason, now=now, queryset=tolerance_touching(spans) if spans else None
    )
    return {"items": items, "tolerance_moved": tolerance}


@dataclass(frozen=True)
class Drift:
    item_id: int
    field: str
    stored: object
    computed: object


def item_clock_drift(
    *, sample: int = 1000, now: dt.datetime | None = None, seed: int | None = None
) -> tuple[int, list[Drift]]:
    """Compare the stored clock of a random sample of started items with the clock recomputed
    from their pauses. An open pause makes the stored deadline a lower bound by design, so
    for those only the flag is compared. Returns (items checked, differences)."""
    now = now or timezone.now()
    bounds = ApplicationItem.objects.filter(started_at__isnull=False).aggregate(lo=Min("id"), hi=Max("id"))
    lo, hi = bounds["lo"], bounds["hi"]
    if lo is None or hi is None:
        return 0, []
    rng = random.Random(seed)
    ids = rng.sample(range(lo, hi + 1), min(sample, hi - lo + 1))
    rows = list(
        ApplicationItem.objects.filter(pk__in=ids, started_at__isnull=False).prefetch_related("pauses")
    )
    cal = work_calendar()
    ratios = _ratios(r.zone_id for r in rows)
    drift: list[Drift] = []
    for ai in rows:
        fresh = stored_clock(ai, list(ai.pauses.all()), cal, now, ratios[ai.zone_id])
        fields = ("due_paused",) if fresh.due_paused and ai.due_paused else StoredClock.FIELDS
        if ai.decided_at is not None:  # the yellow day is not kept current once decided
            fields = tuple(f for f in fields if f != "yellow_on")
        for name in fields:
            if getattr(ai, name) != getattr(fresh, name):
                drift.append(Drift(ai.pk, name, getattr(ai, name), getattr(fresh, name)))
    return len(rows), drift
