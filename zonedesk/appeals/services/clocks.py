"""Recomputing the appeals' stored clocks from their recorded pauses: after a calendar
correction, after the demo back-dates its history, and to check the stored columns for drift
(`appeals_clock_check`)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from zonedesk.appeals import clocks
from zonedesk.appeals.models import Appeal, Status
from zonedesk.appeals.services import summary
from zonedesk.workdays.selectors import work_calendar

# Cases whose clock can still move: accepted and not yet replied (or reopened).
_LIVE = [Status.ACCEPTED, Status.DISPATCHED, Status.HANDLING, Status.WAITING]


def appeal_clocks_refresh(*, queryset=None, now: dt.datetime | None = None, batch: int = 1000) -> int:
    """Recompute and store the clock of every accepted case in ``queryset`` (default: the live
    ones), in id order, one transaction per batch. Returns the number of rows written."""
    now = now or timezone.now()
    cal = work_calendar()
    qs = queryset if queryset is not None else Appeal.objects.filter(status__in=_LIVE)
    qs = qs.filter(accepted_at__isnull=False)
    last, written = 0, 0
    ratios: dict[int, object] = {}
    while True:
        with transaction.atomic():
            rows = list(qs.filter(pk__gt=last).order_by("pk").select_for_update(of=("self",))
                        .prefetch_related("pauses")[:batch])
            if not rows:
                break
            moved = []
            for a in rows:
                ratio = ratios.setdefault(a.zone_id, clocks.zone_settings(a.zone_id).yellow_ratio)
                before = summary.share(a)
                clocks.stored_clock(a, list(a.pauses.all()), cal, ratio, now).apply(a)
                moved.append((before, summary.share(a)))
            Appeal.objects.bulk_update(rows, list(clocks.StoredClock.FIELDS))
            summary.cases_moved(moved)  # a moved deadline moves the case's summary row
            written += len(rows)
            last = rows[-1].pk
    return written


@dataclass(frozen=True)
class Drift:
    appeal_id: int
    field: str
    stored: object
    computed: object


def appeal_clock_drift(*, sample: int = 1000, now: dt.datetime | None = None,
                       seed: int | None = None) -> tuple[int, list[Drift]]:
    """Compare the stored clock of a random sample of accepted cases with the clock recomputed
    from their pauses; an open pause's deadline is a lower bound by design, so for those only
    the flag is compared. Returns (cases checked, differences)."""
    now = now or timezone.now()
    bounds = Appeal.objects.filter(accepted_at__isnull=False).aggregate(lo=Min("id"), hi=Max("id"))
    lo, hi = bounds["lo"], bounds["hi"]
    if lo is None or hi is None:
        return 0, []
    ids = random.Random(seed).sample(range(lo, hi + 1), min(sample, hi - lo + 1))
    rows = list(Appeal.objects.filter(pk__in=ids, accepted_at__isnull=False).prefetch_related("pauses"))
    cal = work_calendar()
    ratios: dict[int, object] = {}
    drift: list[Drift] = []
    for a in rows:
        ratio = ratios.setdefault(a.zone_id, clocks.zone_settings(a.zone_id).yellow_ratio)
        fresh = clocks.stored_clock(a, list(a.pauses.all()), cal, ratio, now)
        fields = ("due_paused",) if fresh.due_paused and a.due_paused else clocks.StoredClock.FIELDS
        for name in fields:
            if getattr(a, name) != getattr(fresh, name):
                drift.append(Drift(a.pk, name, getattr(a, name), getattr(fresh, name)))
    return len(rows), drift
