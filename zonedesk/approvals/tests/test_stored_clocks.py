"""The stored item clocks: kept by every service that moves them, equal to the clock recomputed
from the pauses, checked for drift, and swept for yellow/red warnings once per state change."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from freezegun import freeze_time

from zonedesk.approvals import services
from zonedesk.approvals.catalogue import settings_for
from zonedesk.approvals.clocks import read_clock, stored_clock
from zonedesk.approvals.models import ApplicationItem, ItemState
from zonedesk.approvals.services.clocks import item_clock_drift, item_clocks_refresh
from zonedesk.approvals.tests.conftest import actor, ask_supplement, new_project, reviewer_of, run_stage
from zonedesk.audit.models import AuditRecord
from zonedesk.core.clockwarn import clock_warnings
from zonedesk.workdays.selectors import work_calendar

pytestmark = pytest.mark.django_db


def _at(day: str):
    return freeze_time(f"{day}+08:00")


def _t(*parts: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*parts))


def _live(ai: ApplicationItem, now: dt.datetime):
    ai.refresh_from_db()
    return read_clock(ai, list(ai.pauses.all()), work_calendar(), now, settings_for(ai.zone_id).yellow_ratio)


def test_services_keep_the_stored_clock_equal_to_the_recomputed_one() -> None:
    with _at("2026-03-02 09:00"):  # Monday
        app = run_stage(new_project(["XX-71"]), "land", finish=False)
    ai = app.items.filter(state=ItemState.IN_REVIEW).order_by("-limit_days", "pk").first()
    ratio = settings_for(ai.zone_id).yellow_ratio
    cal = work_calendar()
    assert ai.due_date is not None and ai.yellow_on is not None and not ai.due_paused
    assert ai.due_date == _live(ai, _t(2026, 3, 2, 10)).due.date
    first_due = ai.due_date
    with _at("2026-03-03 10:00"):
        ask_supplement(ai, "补正图纸")
    ai.refresh_from_db()
    assert ai.due_paused and ai.state == ItemState.SUPPLEMENT
    with _at("2026-03-06 10:00"):  # paused Tue→Fri: Wed, Thu, Fri do not count
        services.item_answer_supplement(actor=actor("enterprise"), item_id=ai.pk, answer="已补正")
    ai.refresh_from_db()
    assert not ai.due_paused
    assert ai.due_date == cal.add_working_days(first_due, 3).date
    assert ai.due_date == _live(ai, _t(2026, 3, 6, 11)).due.date
    with _at("2026-03-09 10:00"):
        services.item_approve(actor=reviewer_of(ai), item_id=ai.pk)
    ai.refresh_from_db()
    live = _live(ai, _t(2026, 3, 9, 11))
    assert ai.decided_on_time is True and ai.used_days == live.used
    fresh = stored_clock(ai, list(ai.pauses.all()), cal, _t(2026, 3, 9, 11), ratio)
    assert (ai.due_date, ai.yellow_on, ai.decided_on_time, ai.used_days) == (
        fresh.due_date, fresh.yellow_on, fresh.decided_on_time, fresh.used_days)


def test_a_completed_stage_stores_its_slowest_item() -> None:
    with _at("2026-03-02 09:00"):
        app = run_stage(new_project(["XX-72"]), "land", finish=False)
    items = list(app.items.filter(state=ItemState.IN_REVIEW))
    for n, ai in enumerate(items):
        with _at(f"2026-03-{3 + n:02d} 10:00"):
            services.item_approve(actor=reviewer_of(ai), item_id=ai.pk)
    app.refresh_from_db()
    assert app.status == "lead_summary"  # every item decided; the lead's summary completes it
    assert app.used_days == max(ai.used_days for ai in app.items.exclude(used_days=None)) > 0


def test_a_completed_project_stores_the_sum_of_its_stages_days_and_a_refresh_keeps_it() -> None:
    from django.db.models import Sum

    from zonedesk.approvals.models import Application

    with _at("2026-03-02 09:00"):
        project = new_project(["XX-73"])
    for n, stage in enumerate(("land", "build", "construct")):
        with _at(f"2026-03-{9 + 7 * n:02d} 09:00"):
            run_stage(project, stage)
    with _at("2026-04-06 09:00"):
        # The demo's stage without a lead completes on its last decision (stage_finish_if_done);
        # the others on the lead's close (stage_close): whichever completes 竣工验收 stores it.
        last = run_stage(project, "complete")
    last.refresh_from_db()
    stages = Application.objects.filter(project=project, status="completed")
    total = stages.aggregate(t=Sum("used_days"))["t"]
    assert stages.count() == 4 and last.status == "completed"
    assert last.project_days == total
    # Only the completing 竣工验收 carries it.
    assert list(stages.exclude(pk=last.pk).values_list("project_days", flat=True)) == [None] * 3
    # A refresh of a stage's clocks (what a calendar correction runs) stores the total again.
    Application.objects.filter(pk=last.pk).update(project_days=0)
    land = ApplicationItem.objects.filter(application__project=project, application__stage="land")
    item_clocks_refresh(queryset=land)
    last.refresh_from_db()
    assert last.project_days == total


def test_the_check_command_finds_no_drift_and_reports_a_corrupted_row() -> None:
    checked, drift = item_clock_drift(sample=100000)
    assert checked > 10 and drift == []
    call_command("approvals_clock_check", "--sample", "100000", verbosity=0)
    ai = ApplicationItem.objects.filter(due_paused=False, decided_at=None).exclude(due_date=None).first()
    ApplicationItem.objects.filter(pk=ai.pk).update(due_date=ai.due_date + dt.timedelta(days=3))
    _, drift = item_clock_drift(sample=100000)
    assert [(d.item_id, d.field) for d in drift] == [(ai.pk, "due_date")]
    with pytest.raises(CommandError):
        call_command("approvals_clock_check", "--sample", "100000", verbosity=0)
    assert item_clocks_refresh() > 0  # --fix
    assert item_clock_drift(sample=100000)[1] == []


@pytest.fixture
def received():
    got: list = []

    def receiver(warnings):
        got.extend(warnings)

    clock_warnings.register(receiver)
    yield got
    clock_warnings.receivers.remove(receiver)


def test_items_turn_yellow_then_red_and_are_warned_once_each(
    received, django_capture_on_commit_callbacks
) -> None:
    with _at("2026-03-02 09:00"):
        app = run_stage(new_project(["XX-73"]), "land", finish=False)
    mine = list(app.items.filter(state=ItemState.IN_REVIEW).order_by("-limit_days", "pk"))
    ai = mine[0]  # the longest limit: a yellow day before the red one
    ids = {a.pk for a in mine}

    def run(day: dt.date):
        with django_capture_on_commit_callbacks(execute=True):
            return services.items_warn(today=day, batch=2)

    before_yellow = ai.yellow_on - dt.timedelta(days=1)
    run(before_yellow)  # shorter items of the application may be warned already, not this one
    ai.refresh_from_db()
    assert ai.clock_warned == ""
    received.clear()
    run(ai.yellow_on)
    ai.refresh_from_db()
    assert ai.clock_warned == "yellow"
    assert [w.level for w in received if w.object_id == ai.pk] == ["yellow"]
    assert run(ai.yellow_on).yellow == 0  # nothing twice
    red_day = ai.due_date + dt.timedelta(days=1)
    received.clear()
    result = run(red_day)
    ai.refresh_from_db()
    assert ai.clock_warned == "red" and result.red >= 1
    assert set(ApplicationItem.objects.filter(pk__in=ids).values_list("clock_warned", flat=True)) == {"red"}
    assert [w.level for w in received if w.object_id == ai.pk] == ["red"]
    # Every overdue open item of the database is warned, each once, whatever the batch size.
    assert not ApplicationItem.objects.filter(
        state__in=["in_review", "supplement"], due_paused=False, due_date__lt=red_day
    ).exclude(clock_warned="red").exists()
    assert run(red_day).red == 0
    assert AuditRecord.objects.filter(action="approvals.item.warn_red").exists()


def test_a_recompute_that_takes_an_item_out_of_yellow_resets_its_mark() -> None:
    with _at("2026-03-02 09:00"):
        app = run_stage(new_project(["XX-74"]), "land", finish=False)
    ai = app.items.filter(state=ItemState.IN_REVIEW).order_by("-limit_days", "pk").first()
    services.items_warn(today=ai.yellow_on)
    ai.refresh_from_db()
    assert ai.clock_warned == "yellow"
    yellow_on = ai.yellow_on
    # A correction (here: the acceptance moved ten days later) takes the clock back to running:
    # the recompute drops the mark, so the item is warned again when it really turns yellow.
    ApplicationItem.objects.filter(pk=ai.pk).update(started_at=ai.started_at + dt.timedelta(days=10))
    item_clocks_refresh(queryset=ApplicationItem.objects.filter(pk=ai.pk),
                        now=dt.datetime.combine(yellow_on, dt.time(10), tzinfo=dt.UTC))
    ai.refresh_from_db()
    assert ai.yellow_on > yellow_on and ai.clock_warned == ""
    services.items_warn(today=ai.yellow_on)
    ai.refresh_from_db()
    assert ai.clock_warned == "yellow"
