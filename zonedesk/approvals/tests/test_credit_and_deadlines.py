"""The credit consequence of a 容缺 breach; the stage form; deadlines recomputed (and saying so)
after a holiday edit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from freezegun import freeze_time

from zonedesk.approvals import services
from zonedesk.approvals.models import ApplicationStatus, CreditEvent, Stage
from zonedesk.approvals.rules import add_months
from zonedesk.approvals.stage_models import DeadlineChange, FormChange
from zonedesk.approvals.tests.conftest import (
    actor,
    ask_supplement,
    new_project,
    run_stage,
    stage_values,
    upload_missing,
)
from zonedesk.audit.models import AuditRecord
from zonedesk.core.errors import Conflict, ValidationFailed
from zonedesk.workdays.models import CalendarYear
from zonedesk.workdays.services import calendar_day_set

pytestmark = pytest.mark.django_db


def _tolerance_app(parcels=("LY-QH-50",)):
    project = new_project(list(parcels))
    run_stage(project, Stage.LAND)
    run_stage(project, Stage.BUILD)
    ent = actor("enterprise")
    app = services.application_submit(
        actor=ent, project_id=project.pk, stage=Stage.CONSTRUCT, form=stage_values(Stage.CONSTRUCT)
    )
    upload_missing(app, skip=("SUPERVISION", "FUNDS", "SAFETY"))
    services.application_sign_promise(actor=ent, application_id=app.pk)
    services.application_accept(actor=actor("window"), application_id=app.pk, tolerance=True)
    app.refresh_from_db()
    return project, app


def _client(username: str) -> Client:
    from zonedesk.organisation.models import User

    c = Client()
    c.force_login(User.objects.get(username=username))
    return c


def test_a_missed_tolerance_deadline_suspends_the_green_channel_until_repaired() -> None:
    # Given a 容缺 acceptance whose deadline never exceeds the items it covers
    project, app = _tolerance_app()
    covered = app.items.get(item__code="C02")
    assert app.tolerance_deadline <= covered.due_date
    # When the deadline passes with the materials outstanding
    day = app.tolerance_deadline + dt.timedelta(days=1)
    assert app.pk in services.tolerance_sweep(today=day)
    app.refresh_from_db()
    event = CreditEvent.objects.get(application=app)
    # Then the breach is recorded with the configured consequence (12 months) and audited
    assert app.status == ApplicationStatus.TERMINATED
    assert event.suspended_until == add_months(day, 12)
    assert AuditRecord.objects.filter(
        action="approvals.credit_event.record", object_id=str(event.pk)
    ).exists()
    # It shows on the enterprise page and in the API
    html = _client("window").get(f"/enterprises/{project.enterprise_id}/").content.decode()
    assert "容缺受理承诺未履行" in html and str(event.suspended_until) in html
    api = _client("enterprise").get(f"/api/approvals/credit-events?enterprise_id={project.enterprise_id}")
    row = next(r for r in api.json() if r["id"] == event.pk)
    assert row["suspension_active"] and row["suspended_until"] == event.suspended_until.isoformat()
    # The enterprise loses the green channel: no green channel on a new application, no promise
    again = services.application_submit(
        actor=actor("enterprise"), project_id=project.pk, stage=Stage.CONSTRUCT,
        form=stage_values(Stage.CONSTRUCT)
    )
    assert not again.green_channel
    with pytest.raises(Conflict) as exc:
        services.application_sign_promise(actor=actor("enterprise"), application_id=again.pk)
    assert exc.value.code == "promise_not_offered"
    page = _client("enterprise").get(f"/approvals/applications/{again.pk}/").content.decode()
    assert 'id="promise-button"' not in page
    # Until a recorded 信用修复
    with pytest.raises(ValidationFailed):
        services.credit_event_repair(actor=actor("window"), event_id=event.pk, note=" ")
    # (the sweep also ended the demo's own 容缺 case of this enterprise: repair every event)
    for other in CreditEvent.objects.filter(enterprise_id=project.enterprise_id, repaired_on__isnull=True):
        services.credit_event_repair(
            actor=actor("window"), event_id=other.pk, note="已补齐材料，修复申请经审核通过"
        )
    services.application_sign_promise(actor=actor("enterprise"), application_id=again.pk)


def test_the_stage_form_is_prefilled_checked_and_changed_only_through_supplement() -> None:
    project = new_project(["LY-QH-51"])
    form = _client("enterprise").get(f"/api/approvals/projects/{project.pk}/stage-form?stage=land").json()
    by_key = {f["key"]: f for f in form["fields"]}
    # the union: each key once, with the items that use it; prefilled from register and project
    assert len(by_key) == len(form["fields"]) and len(by_key["project_name"]["items"]) > 1
    assert by_key["project_code"]["value"] == project.code
    assert by_key["enterprise_name"]["value"]
    with pytest.raises(ValidationFailed) as exc:
        services.application_submit(
            actor=actor("enterprise"), project_id=project.pk, stage=Stage.LAND,
            form={**stage_values(Stage.LAND), "land_area_m2": "abc"},
        )
    assert "用地面积" in exc.value.errors["land_area_m2"]
    app = services.application_submit(
        actor=actor("enterprise"), project_id=project.pk, stage=Stage.LAND,
        form={**stage_values(Stage.LAND), "land_area_m2": "12000"},
    )
    assert app.form["land_area_m2"] == "12000" and app.form["project_code"] == project.code
    upload_missing(app)
    services.application_accept(actor=actor("window"), application_id=app.pk)
    with pytest.raises(Conflict) as exc:
        services.application_form_amend(
            actor=actor("enterprise"), application_id=app.pk, values={"land_area_m2": "1"}
        )
    assert exc.value.code == "form_locked"
    ai = app.items.get(item__code="L03")
    ask_supplement(ai, "用地面积与出让合同不一致")
    services.application_form_amend(
        actor=actor("enterprise"), application_id=app.pk, values={"land_area_m2": "11800"}
    )
    change = FormChange.objects.get(application=app)
    assert (change.before, change.after) == ("12000", "11800") and change.supplement_id
    # the next stage's form carries the value over
    nxt = _client("enterprise").get(f"/api/approvals/projects/{project.pk}/stage-form?stage=build").json()
    assert {f["key"]: f["value"] for f in nxt["fields"]}["parcels"] == "LY-QH-51"


def test_a_holiday_edit_moves_a_2027_clock_and_says_so(django_capture_on_commit_callbacks) -> None:
    assert not CalendarYear.objects.filter(year=2027, official=True).exists()
    with freeze_time("2026-12-28 09:00+08:00"):  # Monday; limits run into 2027
        project = new_project(["LY-QH-52"])
        app = run_stage(project, Stage.LAND, finish=False)
        ai = app.items.filter(state="in_review").order_by("-limit_days", "pk").first()
        before = ai.due_date
        assert before.year == 2027 and ai.due_provisional
        # the API says 暂定 on the deadline
        item = next(
            i
            for i in _client("enterprise").get(f"/api/approvals/applications/{app.pk}").json()["items"]
            if i["id"] == ai.pk
        )
        assert item["clock"]["due"]["provisional"] and any("暂定" in line for line in item["explanation"])
        # When the administrator enters a holiday inside the clock's run
        with django_capture_on_commit_callbacks(execute=True):
            calendar_day_set(
                actor=actor("admin"),
                date=before - dt.timedelta(days=1),
                is_working_day=False,
                name="测试休假",
            )
        ai.refresh_from_db()
    # Then the stored deadline moved, the change is recorded, audited and shown
    assert ai.due_date > before
    moved = DeadlineChange.objects.get(application_item=ai)
    assert (moved.before, moved.after, moved.after_provisional) == (before, ai.due_date, True)
    assert AuditRecord.objects.filter(action="approvals.item.deadline_recompute").exists()
    html = _client("enterprise").get(f"/approvals/items/{ai.pk}/").content.decode()
    assert f"办理期限由 {before.isoformat()} 改为 {ai.due_date.isoformat()}" in html
    api = _client("enterprise").get(f"/api/approvals/applications/{app.pk}").json()
    item = next(i for i in api["items"] if i["id"] == ai.pk)
    assert item["deadline_moved"][0]["after"]["date"] == ai.due_date.isoformat()


def test_a_holiday_edit_recomputes_only_the_clocks_covering_the_edited_date(
    django_capture_on_commit_callbacks, monkeypatch
) -> None:
    from zonedesk.approvals.services import clocks

    selected: list[set[int]] = []
    refresh = clocks.item_clocks_refresh

    def spy(*, queryset=None, **kwargs):
        # What the recompute selected: the rows it will lock and rewrite.
        selected.append(set(queryset.values_list("pk", flat=True)) if queryset is not None else {-1})
        return refresh(queryset=queryset, **kwargs)

    monkeypatch.setattr(clocks, "item_clocks_refresh", spy)
    with freeze_time("2026-12-28 09:00+08:00"):
        project = new_project(["LY-QH-53"])
        app = run_stage(project, Stage.LAND, finish=False)
        open_items = list(app.items.filter(state="in_review").order_by("-limit_days", "pk"))
        long, short = open_items[0], open_items[-1]
        assert short.due_date < long.due_date
        # a day after the short clock's deadline, inside the long one's span
        edited = short.due_date + dt.timedelta(days=1)
        assert edited < long.due_date
        with django_capture_on_commit_callbacks(execute=True):
            calendar_day_set(actor=actor("admin"), date=edited, is_working_day=False, name="测试休假")
    # Then only the clocks whose span covers the edited date were selected and rewritten
    assert selected, "the recompute ran"
    chosen = selected[-1]
    assert long.pk in chosen and short.pk not in chosen
    assert -1 not in chosen  # never the whole table
    short_before = short.due_date
    short.refresh_from_db()
    long_before = long.due_date
    long.refresh_from_db()
    assert short.due_date == short_before and long.due_date > long_before
    assert not DeadlineChange.objects.filter(application_item=short).exists()
    # The selection is the span test itself: a clock started after the date is not touched either
    assert not clocks.items_touching([(dt.date(2026, 12, 1), dt.date(2026, 12, 1))]).filter(
        pk=long.pk
    ).exists()
