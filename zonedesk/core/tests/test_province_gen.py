"""bench/province_gen.py writes what the services would: generated on top of the demo, the
app's own checks find no drift (stored clocks against clocks recomputed from the pauses, the
audit chain), the dashboard's figures move by what a per-case recount says, and a run grows the
same data or, when a batch fails, leaves nothing of it."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from bench import province_gen as gen
from zonedesk.appeals import clocks as appeal_clocks
from zonedesk.appeals.models import Appeal, AppealPause, Rating
from zonedesk.appeals.rules import ACTIVE, OPEN
from zonedesk.approvals.catalogue import settings_for
from zonedesk.approvals.clocks import read_clock
from zonedesk.approvals.models import Application, ApplicationItem, ConstructionProject, Pause
from zonedesk.approvals.selectors import LIVE_STATUSES, ProjectFigure
from zonedesk.enterprises.models import Enterprise
from zonedesk.organisation.models import Zone
from zonedesk.workdays.selectors import work_calendar

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the generator writes with PostgreSQL COPY"),
]


def _figures(client) -> tuple[dict, dict]:
    body = client.get("/api/dashboard/summary").json()
    return {k: v["value"] for k, v in body["total"]["figures"].items()}, body["period"]


def _generated_items(zone):
    return (ApplicationItem.objects
            .filter(zone=zone, application__project__name__startswith=gen.PROJECT_PREFIX)
            .select_related("application").prefetch_related("pauses"))


def _generated_appeals(zone):
    return Appeal.objects.filter(zone=zone, number__startswith=gen.APPEAL_PREFIX).prefetch_related("pauses")


def test_generated_rows_pass_the_apps_own_checks_and_the_dashboard_recount(login_client) -> None:
    client = login_client("leader")
    ly = Zone.objects.get(code="LY")
    before, period = _figures(client)
    start, end = dt.date.fromisoformat(period["start"]), dt.date.fromisoformat(period["end"])
    decided_before = ProjectFigure("decided", start, end, timezone.localdate()).items([ly.pk])
    n0, ot0 = decided_before.count(), decided_before.filter(decided_on_time=True).count()

    now = timezone.now()
    gen.write(enterprises=30, applications=60, appeals=80, now=now)

    assert Enterprise.objects.filter(name__startswith=gen.ENTERPRISE_PREFIX).count() == 30
    assert Application.objects.filter(project__name__startswith=gen.PROJECT_PREFIX).count() == 60
    assert Appeal.objects.filter(number__startswith=gen.APPEAL_PREFIX).count() == 80
    # The app's own consistency checks, over every item and appeal (sample above the count).
    out = StringIO()
    call_command("approvals_clock_check", sample=10**6, seed=1, stdout=out)
    call_command("appeals_clock_check", sample=10**6, seed=1, stdout=out)
    call_command("audit_verify", stdout=out)
    assert "偏差 0 处" in out.getvalue()
    assert out.getvalue().count("偏差 0 处") == 2

    # The dashboard renders, and its figures moved by what the clock recomputed per case says.
    page = client.get(reverse("dashboard:index"))
    assert page.status_code == 200
    after, _ = _figures(client)
    cal = work_calendar()
    ratio = settings_for(ly.pk).yellow_ratio
    items = list(_generated_items(ly))
    assert items
    clocks = {ai.pk: read_clock(ai, list(ai.pauses.all()), cal, now, ratio) for ai in items}
    red = sum(1 for ai in items if ai.state == "in_review" and clocks[ai.pk].state == "red")
    assert red and {ai.state for ai in items} >= {"approved", "in_review"}  # the mix is there
    assert after["approvals.overdue_items"] - before["approvals.overdue_items"] == red
    live = {ai.application.project_id for ai in items if ai.application.status in LIVE_STATUSES}
    assert after["approvals.projects_in_approval"] - before["approvals.projects_in_approval"] == len(live)
    lo = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    hi = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(1), dt.time.min))
    decided = [ai for ai in items if ai.decided_at is not None and lo <= ai.decided_at < hi]
    on_time = sum(1 for ai in decided if clocks[ai.pk].done_on_time)
    if n0 + len(decided):
        assert Decimal(str(after["approvals.on_time_rate"])) == _pct(ot0 + on_time, n0 + len(decided))
    for ai in items:  # and row by row: the stored flag is the clock's
        if ai.decided_at is not None:
            assert ai.decided_on_time == clocks[ai.pk].done_on_time, ai.pk
            assert ai.used_days == clocks[ai.pk].used, ai.pk

    appeals = list(_generated_appeals(ly))
    a_ratio = appeal_clocks.zone_settings(ly.pk).yellow_ratio
    a_red = sum(1 for a in appeals if a.status in ACTIVE
                and appeal_clocks.timing(a, cal, a_ratio, timezone.now()).state == "red")
    assert a_red and after["appeals.overdue"] - before["appeals.overdue"] == a_red
    assert after["appeals.open"] - before["appeals.open"] == sum(1 for a in appeals if a.status in OPEN)
    for a in appeals:
        if a.replied_at is not None:
            assert a.replied_on_time == appeal_clocks.on_time(a, cal, a.replied_at), a.pk
    # Every generated child row carries its parent's zone.
    ratings = Rating.objects.filter(kind="appeal", case_id__in=[a.pk for a in appeals])
    assert not ratings.exclude(zone=ly).exists()
    assert not AppealPause.objects.filter(appeal__in=appeals).exclude(zone=ly).exists()
    assert not Pause.objects.filter(application_item__in=items).exclude(zone=ly).exists()
    assert not ConstructionProject.objects.filter(name__startswith=gen.PROJECT_PREFIX).exclude(
        enterprise__zone=F("zone")).exists()


def _pct(part: int, whole: int) -> Decimal:
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def test_a_second_run_grows_the_same_data_and_a_failed_batch_leaves_nothing(monkeypatch) -> None:
    gen.write(enterprises=10, applications=25, appeals=10)
    gen.write(enterprises=10, applications=40, appeals=10)  # continues: 15 more applications
    generated = Application.objects.filter(project__name__startswith=gen.PROJECT_PREFIX)
    assert generated.count() == 40
    assert Enterprise.objects.filter(name__startswith=gen.ENTERPRISE_PREFIX).count() == 10
    items = ApplicationItem.objects.filter(application__in=generated).count()
    marks = _audit_marks()

    import zonedesk.audit.services as audit_services

    def fail(**kwargs):
        raise RuntimeError("crash in the middle of a batch")

    monkeypatch.setattr(audit_services, "audit_record", fail)
    with pytest.raises(RuntimeError):
        gen.write(enterprises=10, applications=60, appeals=10)
    # The batch rolled back whole: no applications, items or progress of it.
    assert generated.count() == 40
    assert ApplicationItem.objects.filter(application__in=generated).count() == items
    assert gen._done("applications") == (40, 2)
    monkeypatch.undo()
    gen.write(enterprises=10, applications=60, appeals=10)
    assert generated.count() == 60
    assert _audit_marks() > marks  # each batch leaves its audit record(s)
    call_command("audit_verify", stdout=StringIO())


def _audit_marks() -> int:
    from zonedesk.audit.models import AuditRecord

    return AuditRecord.objects.filter(action="bench.province.generate").count()
