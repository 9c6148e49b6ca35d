"""Writes of the monthly report: make (or remake) one zone's report of one month, audited, and
the scheduler's sweep that makes last month's report of every zone and tells its leaders."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Forbidden, NotFound, ValidationFailed
from zonedesk.dashboard import report
from zonedesk.dashboard.models import MonthlyReport
from zonedesk.dashboard.selectors import may_see_dashboard
from zonedesk.organisation.models import Zone
from zonedesk.organisation.roles import Role

MAKERS = frozenset({Role.LEADER, Role.PROVINCIAL})


def monthly_report_make(
    *, actor: Actor, zone_id: int, year: int, month: int, today: dt.date | None = None
) -> MonthlyReport:
    """Compute the zone's figures for the month and the year to date and keep them as that
    month's report; a report already made is recomputed (its version goes up)."""
    today = today or timezone.localdate()
    user = actor.user
    if user is not None:  # None: the scheduler
        if not may_see_dashboard(user) or zone_id not in user.visible_zone_ids:
            raise NotFound()
        if not user.roles & MAKERS:
            raise Forbidden("not_leader", _("只有领导可以生成月报"))
    errors = {}
    if not 1 <= month <= 12:
        errors["month"] = _("月份：应为 1–12")
    if not 2000 <= year <= today.year or (year, month) > (today.year, today.month):
        errors["year"] = _("年月：不能晚于本月")
    if errors:
        raise ValidationFailed(errors)
    data = report.snapshot(zone_id, year, month, today)
    name = user.display_name if user is not None else _("系统（定时生成）")
    with transaction.atomic():
        row = (
            MonthlyReport.objects.select_for_update().filter(zone_id=zone_id, year=year, month=month).first()
        )
        if row is None:
            try:
                with transaction.atomic():
                    row = MonthlyReport.objects.create(
                        zone_id=zone_id,
                        year=year,
                        month=month,
                        generated_at=timezone.now(),
                        generated_by=name[:120],
                        data=data,
                    )
            except IntegrityError:  # made by a concurrent run meanwhile: recompute that one
                row = MonthlyReport.objects.select_for_update().get(zone_id=zone_id, year=year, month=month)
            else:
                audit_record(
                    actor=actor,
                    action="dashboard.monthly_report.make",
                    obj=row,
                    after={"year": year, "month": month, "version": 1},
                )
                return row
        before = row.version
        row.data, row.generated_at, row.generated_by = data, timezone.now(), name[:120]
        row.version += 1
        row.save(update_fields=["data", "generated_at", "generated_by", "version"])
        audit_record(
            actor=actor,
            action="dashboard.monthly_report.remake",
            obj=row,
            before={"version": before},
            after={"year": year, "month": month, "version": row.version},
        )
    return row


def monthly_reports_sweep(*, today: dt.date | None = None) -> int:
    """Make last month's report of every zone that has none yet, and tell the zone's leaders
    (once: the message is keyed by the month). Idempotent; returns how many were made."""
    from zonedesk.notifications.emit import notify_people, zone_role_people

    today = today or timezone.localdate()
    year, month = report.previous_month(today)
    done = set(MonthlyReport.objects.filter(year=year, month=month).values_list("zone_id", flat=True))
    made = 0
    for zone_id in Zone.objects.exclude(pk__in=done).order_by("pk").values_list("pk", flat=True):
        row = monthly_report_make(
            actor=Actor.system("scheduler.monthly_report"),
            zone_id=zone_id,
            year=year,
            month=month,
            today=today,
        )
        made += 1
        with transaction.atomic():
            notify_people(
                "report.monthly",
                recipients=zone_role_people(zone_id, Role.LEADER),
                zone_id=zone_id,
                object_key=f"dashboard.monthlyreport:{row.pk}",
                state=f"{year}-{month:02d}",
                subject=f"{year}年{month}月",
                url=reverse("dashboard:reports"),
            )
    return made
