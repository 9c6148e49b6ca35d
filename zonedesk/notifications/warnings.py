"""Yellow and red warnings the other sweeps do not send: an appeal entering its yellow band
(its red is the escalation's own ``appeal.overdue`` message) and the 差评 rectifications, yellow
when few working days are left and red when overdue. Each warning is keyed by its level and
the due date, so a run that sees the same state again sends nothing and a moved deadline
warns again. Both reads are range queries on indexed columns of open cases only."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.notifications.emit import department_people, notify_people

# Open rectifications due within this many calendar days are examined: it covers a yellow band
# of 20 working days (a 100-day limit at 20%) with the longest holidays in between.
RECTIFICATION_HORIZON_DAYS = 45


def rectification_level(
    today: dt.date, due_on: dt.date, limit_days: int, ratio: Decimal, working_days_left: int
) -> str:
    """ "red" when overdue, "yellow" when at most ``ratio`` of the limit is left, else ""."""
    if due_on < today:
        return "red"
    if working_days_left <= math.ceil(limit_days * ratio):
        return "yellow"
    return ""


def appeal_yellow_sweep(*, now: dt.datetime | None = None, batch: int = 500) -> int:
    from zonedesk.appeals.models import ACTIVE_STATUSES, Appeal

    now = now or timezone.now()
    rows = (
        Appeal.objects.filter(
            status__in=ACTIVE_STATUSES,
            escalated_at__isnull=True,
            due_paused=False,
            yellow_at__lte=now,
            due_at__gt=now,
        )
        .only("id", "zone_id", "number", "title", "lead_department_id", "due_at")
        .order_by("due_at", "id")
    )
    sent = 0
    for a in rows[:batch]:
        due = timezone.localtime(a.due_at)
        with transaction.atomic():
            sent += bool(
                notify_people(
                    "warning.yellow",
                    recipients=department_people(a.lead_department_id),
                    zone_id=a.zone_id,
                    object_key=f"appeals.appeal:{a.pk}",
                    state=f"yellow:{due.isoformat()}",
                    subject=a.title,
                    case=a.number,
                    detail=due.strftime("%Y-%m-%d %H:%M"),
                    url=reverse("appeals:detail", args=[a.pk]),
                )
            )
    return sent


def rectification_sweep(*, today: dt.date | None = None, batch: int = 500) -> int:
    from zonedesk.appeals.models import AppealSettings, Rectification, RectificationStatus
    from zonedesk.workdays.selectors import work_calendar

    today = today or timezone.localdate()
    calendar = work_calendar()
    ratios = dict(AppealSettings.objects.values_list("zone_id", "yellow_ratio"))
    rows = (
        Rectification.objects.filter(
            status=RectificationStatus.OPEN, due_on__lte=today + dt.timedelta(days=RECTIFICATION_HORIZON_DAYS)
        )
        .select_related("rating")
        .order_by("due_on", "id")
    )
    sent = 0
    for r in rows[:batch]:
        level = rectification_level(
            today,
            r.due_on,
            r.limit_days,
            ratios.get(r.zone_id, Decimal("0.20")),
            calendar.working_days_between(today, r.due_on),
        )
        if not level:
            continue
        rating = r.rating
        subject = (_("差评整改即将到期：%(t)s") if level == "yellow" else _("差评整改已超期：%(t)s")) % {
            "t": rating.case_title
        }
        with transaction.atomic():
            sent += bool(
                notify_people(
                    f"warning.{level}",
                    recipients=department_people(*rating.departments.values_list("pk", flat=True)),
                    zone_id=r.zone_id,
                    object_key=f"appeals.rating:{rating.pk}",
                    state=f"{level}:{r.due_on}",
                    subject=subject,
                    detail=r.due_on.isoformat(),
                    url=reverse("appeals:rating", args=[rating.pk]),
                )
            )
    return sent
