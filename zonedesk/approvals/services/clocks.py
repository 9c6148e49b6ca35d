"""Recomputing the stored item clocks from their recorded pauses: after a calendar correction,
after the demo back-dates its history, and to check that the stored columns have not drifted
(`approvals_clock_check`)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Min, OuterRef, Subquery
from django.utils import timezone

from zonedesk.approvals.catalogue import settings_for
from zonedesk.approvals.clocks import StoredClock, stored_clock, warned_cap
from zonedesk.approvals.models import Application, ApplicationItem, ApplicationStatus
from zonedesk.approvals.services._common import CLOCK_FIELDS
from zonedesk.workdays.selectors import work_calendar


def _ratios(zone_ids: Iterable[int]) -> dict[int, object]:
    return {z: settings_for(z).yellow_ratio for z in set(zone_ids)}


def item_clocks_refresh(*, queryset=None, now: dt.datetime | None = None, batch: int = 1000) -> int:
    """Recompute and store the clock of every started item in ``queryset`` (default: every
    open one), in id order, one transaction per batch. Returns the number of rows written."""
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
            for ai in rows:
                stored = stored_clock(ai, list(ai.pauses.all()), cal, now, ratios[ai.zone_id])
                stored.apply(ai)
                ai.clock_warned = warned_cap(ai.clock_warned, stored, ai.state, today)
            ApplicationItem.objects.bulk_update(rows, CLOCK_FIELDS)
            # A completed stage took as long as its slowest item.
            done = {ai.application_id for ai in rows}
            Application.objects.filter(pk__in=done, status=ApplicationStatus.COMPLETED).update(
                used_days=Subquery(
                    ApplicationItem.objects.filter(application_id=OuterRef("pk"))
                    .values("application_id")
                    .annotate(m=Max("used_days"))
                    .values("m")[:1]
                )
            )
            written += len(rows)
            last = rows[-1].pk
    return written


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
