"""The per-day decision summary behind the dashboard's 按时办结率: counted by the deciding
services, equal to a count over the items, repaired by the check command when it drifts."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from freezegun import freeze_time

from zonedesk.approvals import services
from zonedesk.approvals.hooks import approval_figures
from zonedesk.approvals.models import ApplicationItem, ItemDecisionDay, ItemState
from zonedesk.approvals.services.summary import decisions_drift, decisions_rebuild
from zonedesk.approvals.tests.conftest import new_project, reviewer_of, run_stage
from zonedesk.audit.models import AuditRecord
from zonedesk.core.figures import Period
from zonedesk.organisation.models import Zone

pytestmark = pytest.mark.django_db


def _row(zone_id: int, day: dt.date) -> tuple[int, int]:
    row = ItemDecisionDay.objects.filter(zone_id=zone_id, day=day).first()
    return (row.decided, row.on_time) if row else (0, 0)


def test_approvals_and_refusals_are_counted_on_their_day_with_the_on_time_flag() -> None:
    with freeze_time("2026-03-02 09:00+08:00"):
        app = run_stage(new_project(["XX-81"]), "land", finish=False)
    items = list(app.items.filter(state=ItemState.IN_REVIEW).order_by("pk"))
    assert len(items) >= 2
    day = dt.date(2026, 3, 4)
    before = _row(app.zone_id, day)
    with freeze_time("2026-03-04 10:00+08:00"):
        services.item_approve(actor=reviewer_of(items[0]), item_id=items[0].pk)
        services.item_refuse(actor=reviewer_of(items[1]), item_id=items[1].pk, reason="不符合规划条件")
    on_time = ApplicationItem.objects.filter(pk__in=[items[0].pk, items[1].pk], decided_on_time=True).count()
    assert on_time >= 1  # the flag each decision stored, whatever it is, is what is counted
    assert _row(app.zone_id, day) == (before[0] + 2, before[1] + on_time)
    assert decisions_drift() == []


def test_a_late_decision_counts_as_decided_but_not_on_time() -> None:
    with freeze_time("2026-03-02 09:00+08:00"):
        app = run_stage(new_project(["XX-82"]), "land", finish=False)
    ai = app.items.filter(state=ItemState.IN_REVIEW).order_by("limit_days", "pk").first()
    assert ai is not None
    day = dt.date(2026, 6, 1)
    before = _row(app.zone_id, day)
    with freeze_time("2026-06-01 10:00+08:00"):  # months after its limit
        services.item_approve(actor=reviewer_of(ai), item_id=ai.pk)
    ai.refresh_from_db()
    assert ai.decided_on_time is False
    assert _row(app.zone_id, day) == (before[0] + 1, before[1])
    assert decisions_drift() == []


def test_the_demo_summary_equals_the_items_and_the_figure_counts_them() -> None:
    assert decisions_drift() == []
    zone = Zone.objects.get(code="LY")
    period = Period(dt.date(2000, 1, 1), dt.date(2100, 12, 31))
    decided = ApplicationItem.objects.filter(zone=zone, state__in=[ItemState.APPROVED, ItemState.REFUSED],
                                             decided_at__isnull=False)
    n, on_time = decided.count(), decided.filter(decided_on_time=True).count()
    assert n > 0
    figures = {f.key: f for f in approval_figures(frozenset({zone.pk}), period)}
    expected = (Decimal(on_time) * 100 / Decimal(n)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    assert figures["approvals.on_time_rate"].value == expected


def test_the_check_command_finds_drift_and_fix_repairs_it(capsys) -> None:
    zone = Zone.objects.get(code="LY")
    row = ItemDecisionDay.objects.filter(zone=zone).order_by("pk").first()
    assert row is not None
    row.decided += 2
    row.save()
    ItemDecisionDay.objects.create(zone=zone, day=dt.date(2019, 5, 6), decided=4, on_time=1)
    drift = decisions_drift([zone.pk])
    found = {(d.key[1], d.stored[0] - d.computed[0]) for d in drift}
    assert found == {(row.day, 2), (dt.date(2019, 5, 6), 4)}
    with pytest.raises(CommandError, match="2 处偏差"):
        call_command("approvals_summary_check")
    audits = AuditRecord.objects.filter(action="approvals.decision_summary.rebuild").count()
    call_command("approvals_summary_check", "--fix")
    assert decisions_drift() == []
    assert AuditRecord.objects.filter(action="approvals.decision_summary.rebuild").count() == audits + 1
    call_command("approvals_summary_check")
    assert "偏差 0 处" in capsys.readouterr().out
    assert decisions_rebuild([zone.pk]) > 0
