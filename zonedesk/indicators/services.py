"""Keeping the per-zone, per-day summary (``IndicatorDay``) true.

Written by the approval services in the transaction that ends a case:

- ``permit_case_completed``: a project's 竣工验收 stage completed — the 办理建筑许可 case (first
  submission → this completion) is counted on its final day;
- ``utility_case_approved``: a 报装 item (water, power, gas, heat) was granted — its
  获得用水/电/气/热 case (stage submission → grant) is counted on the day of the grant.

A case's working days are counted on the calendar as the indicators page counts them
(``rules.measure``). ``summary_rebuild`` recomputes the table from the cases (the check command,
the demo and a calendar correction use it); ``summary_drift`` says where it differs.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from zonedesk.approvals.models import (
    Application,
    ApplicationItem,
    ApplicationStatus,
    ConstructionProject,
    ItemState,
    Stage,
    UtilityKind,
)
from zonedesk.core.actor import Actor
from zonedesk.core.counters import bump, summary_table_rebuild
from zonedesk.core.summary_check import Drift, drift_between
from zonedesk.indicators import rules
from zonedesk.indicators.models import IndicatorDay
from zonedesk.workdays.selectors import work_calendar

PERMIT = "building_permit"
# (zone, indicator, final day, working days)
Bucket = tuple[int, str, dt.date, int]


def _day(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


def _working_days(first: dt.datetime, final: dt.datetime, cal=None) -> int:
    facts = rules.CaseFacts(0, "", "", _day(first), _day(final), 0, Decimal(0), Decimal(0))
    return rules.measure(facts, cal or work_calendar()).working_days


def _bump(bucket: Bucket, delta: int) -> None:
    zone_id, indicator, day, days = bucket
    bump(IndicatorDay, {"zone_id": zone_id, "indicator": indicator, "day": day, "working_days": days},
         cases=delta)


def permit_case_completed(app: Application) -> None:
    """In the transaction that completed ``app``: count its project's 办理建筑许可 case. A
    project whose 竣工验收 completed before (a later completion moves its final day) is taken
    off its old bucket first, so a project counts once."""
    if app.stage != Stage.COMPLETE or app.status != ApplicationStatus.COMPLETED or not app.completed_at:
        return
    agg = Application.objects.filter(project_id=app.project_id).aggregate(
        first=Min("submitted_at"),
        before=Max("completed_at", filter=Q(stage=Stage.COMPLETE, status=ApplicationStatus.COMPLETED)
                    & ~Q(pk=app.pk)),
    )
    first, before = agg["first"], agg["before"]
    if first is None:
        return
    zone_id = app.zone_id
    if before is not None:
        _bump((zone_id, PERMIT, _day(before), _working_days(first, before)), -1)
    final = max(before, app.completed_at) if before is not None else app.completed_at
    _bump((zone_id, PERMIT, _day(final), _working_days(first, final)), +1)


def utility_case_approved(ai: ApplicationItem, app: Application) -> None:
    """In the transaction that granted ``ai``: count its 获得用水/电/气/热 case."""
    kind = ai.item.utility_kind
    if not kind or ai.state != ItemState.APPROVED or not ai.decided_at or not app.submitted_at:
        return
    days = _working_days(app.submitted_at, ai.decided_at)
    _bump((app.zone_id, f"utility_{kind}", _day(ai.decided_at), days), +1)


# -- recompute, drift, repair ---------------------------------------------------------------


def summary_recompute(
    zone_ids: Iterable[int] | None = None,
    since: dt.date | None = None,
    *,
    projects_model=ConstructionProject,
    items_model=ApplicationItem,
) -> Counter[Bucket]:
    """The table as the cases give it: each case measured once (a streamed, grouped query for
    the projects, one for the hook-ups). A maintenance job, not a page: linear in the cases.
    (The models are parameters so the migration that creates the table fills it from its
    historical models.)"""
    cal = work_calendar()
    out: Counter[Bucket] = Counter()
    since_at = (timezone.make_aware(dt.datetime.combine(since, dt.time.min)) if since else None)
    projects = projects_model.objects.all()
    items = items_model.objects.filter(
        state=ItemState.APPROVED, decided_at__isnull=False,
        item__utility_kind__in=[k.value for k in UtilityKind],
    )
    if zone_ids is not None:
        zones = list(zone_ids)
        projects = projects.filter(zone_id__in=zones)
        items = items.filter(application__project__zone_id__in=zones)
    rows = (
        projects.annotate(
            first=Min("applications__submitted_at"),
            final=Max("applications__completed_at", filter=Q(
                applications__stage=Stage.COMPLETE, applications__status=ApplicationStatus.COMPLETED)),
        )
        .filter(final__isnull=False, first__isnull=False)
        .order_by()
        .values_list("zone_id", "first", "final")
    )
    if since_at is not None:
        rows = rows.filter(final__gte=since_at)
        items = items.filter(decided_at__gte=since_at)
    for zone_id, first, final in rows.iterator(chunk_size=5000):
        out[(zone_id, PERMIT, _day(final), _working_days(first, final, cal))] += 1
    for zone_id, kind, submitted, decided in (
        items.exclude(application__submitted_at=None).order_by()
        .values_list("application__project__zone_id", "item__utility_kind", "application__submitted_at",
                     "decided_at")
        .iterator(chunk_size=5000)
    ):
        out[(zone_id, f"utility_{kind}", _day(decided), _working_days(submitted, decided, cal))] += 1
    return out


def _stored(zone_ids: Iterable[int] | None, since: dt.date | None) -> Counter[Bucket]:
    qs = IndicatorDay.objects.exclude(cases=0)
    if zone_ids is not None:
        qs = qs.filter(zone_id__in=list(zone_ids))
    if since is not None:
        qs = qs.filter(day__gte=since)
    out: Counter[Bucket] = Counter()
    rows = qs.values_list("zone_id", "indicator", "day", "working_days", "cases")
    for zone_id, indicator, day, days, n in rows:
        out[(zone_id, indicator, day, days)] = n
    return out


def summary_drift(zone_ids: Iterable[int] | None = None, since: dt.date | None = None) -> list[Drift]:
    """Buckets (zone, indicator, day, working days) whose stored count differs from the recount."""
    return drift_between(summary_recompute(zone_ids, since), _stored(zone_ids, since), 0)


def summary_rebuild(
    zone_ids: Iterable[int] | None = None, since: dt.date | None = None, *, actor: Actor | None = None
) -> int:
    """Replace the table's rows (of the zones, from ``since``) with the recomputed ones, in one
    transaction. On PostgreSQL the table is locked against the writers' bumps first, so a case
    that ends meanwhile is either in the recompute or bumped after it, never lost or counted
    twice. Returns the number of buckets written."""
    zones = list(zone_ids) if zone_ids is not None else None
    computed: Counter[Bucket] = Counter()

    def recompute() -> list[IndicatorDay]:
        computed.update(summary_recompute(zones, since))
        return [IndicatorDay(zone_id=z, indicator=i, day=d, working_days=w, cases=n)
                for (z, i, d, w), n in computed.items() if n]

    old = IndicatorDay.objects.filter(day__gte=since) if since is not None else None
    summary_table_rebuild(IndicatorDay, zones=zones, recompute=recompute, total="cases", actor=actor, old=old,
                    action="indicators.summary.rebuild", label=gettext_noop("营商环境指标日汇总"),
                    after=lambda: {"cases": sum(computed.values()), "buckets": len(computed),
                                   "since": since.isoformat() if since else ""})
    return len(computed)
