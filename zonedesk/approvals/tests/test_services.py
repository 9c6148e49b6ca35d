"""The workflow through its services: every transition, its coded refusals, and that a
refused call changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from zonedesk.approvals import services
from zonedesk.approvals.catalogue import item_revise
from zonedesk.approvals.models import (
    Application,
    ApplicationStatus,
    ApprovalItem,
    CreditEvent,
    ItemState,
    MaterialRecord,
    MaterialStatus,
    Pause,
    Stage,
)
from zonedesk.approvals.tests.conftest import (
    PDF,
    actor,
    ask_supplement,
    counts,
    lead_of,
    new_project,
    reviewer_of,
    run_stage,
    stage_values,
    upload_missing,
)
from zonedesk.audit.models import AuditRecord
from zonedesk.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from zonedesk.enterprises.models import Enterprise, EnterpriseFlag, FlagKind

pytestmark = pytest.mark.django_db


def _items(app: Application) -> dict[str, object]:
    return {ai.item.code: ai for ai in app.items.select_related("item", "department")}


# -- one form, materials once, waivers ------------------------------------------------------------


def test_submit_derives_items_waives_covered_ones_and_reuses_library() -> None:
    project = new_project()
    app = services.application_submit(
        actor=actor("enterprise"), project_id=project.pk, stage=Stage.LAND, form=stage_values(Stage.LAND)
    )
    items = _items(app)
    assert {c for c, ai in items.items() if ai.state == ItemState.WAIVED} == {"L04", "L05", "L06"}
    assert all(
        ai.waived_by and "区域评估" in ai.reason for ai in items.values() if ai.state == ItemState.WAIVED
    )
    assert app.saved_cost_wan == Decimal("26.50")
    project.refresh_from_db()
    assert project.saved_cost_wan == Decimal("26.50")
    # 中玻 already gave these for its demo projects: they attach as reused, nothing asked again.
    statuses = dict(app.materials.values_list("material_type__code", "status"))
    assert statuses["BIZ_LICENSE"] == MaterialStatus.REUSED
    assert app.version.is_current


def test_site_outside_assessed_area_is_not_waived() -> None:
    app = services.application_submit(
        actor=actor("enterprise"), project_id=new_project(["XX-99"]).pk, stage=Stage.LAND,
        form=stage_values(Stage.LAND)
    )
    assert not app.items.filter(state=ItemState.WAIVED).exists()
    assert app.saved_cost_wan == 0


def test_disguised_upload_is_refused_with_reason_and_nothing_changes() -> None:
    app = services.application_submit(
        actor=actor("enterprise"), project_id=new_project(["XX-98"]).pk, stage=Stage.LAND,
        form=stage_values(Stage.LAND)
    )
    row = app.materials.filter(status=MaterialStatus.MISSING).first() or app.materials.first()
    row.status = MaterialStatus.MISSING
    row.save()
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        services.application_add_material(
            actor=actor("enterprise"),
            application_id=app.pk,
            material_type_id=row.material_type_id,
            upload=("report.pdf", b"MZ\x90\x00 an exe in disguise"),
        )
    assert "文件类型不允许" in exc.value.errors["file"]
    assert counts() == before


def test_later_stage_waits_for_the_previous_one() -> None:
    project = new_project()
    before = counts()
    with pytest.raises(Conflict) as exc:
        services.application_submit(
            actor=actor("enterprise"), project_id=project.pk, stage=Stage.BUILD,
            form=stage_values(Stage.BUILD)
        )
    assert exc.value.code == "previous_stage_open"
    assert counts() == before


def test_other_enterprise_and_other_zone_get_not_found() -> None:
    project = new_project()
    for who in ("jp-window", "investment"):
        with pytest.raises(NotFound):
            services.application_submit(
                actor=actor(who), project_id=project.pk, stage=Stage.LAND, form=stage_values(Stage.LAND)
            )


# -- the window -----------------------------------------------------------------------------------


def test_accept_refuses_missing_materials_then_one_time_notice_then_accept() -> None:
    app = services.application_submit(
        actor=actor("enterprise"), project_id=new_project(["XX-97"]).pk, stage=Stage.LAND,
        form=stage_values(Stage.LAND)
    )
    app.materials.update(status=MaterialStatus.MISSING, record=None)  # a newcomer with an empty library
    before = counts()
    with pytest.raises(Conflict) as exc:
        services.application_accept(actor=actor("window"), application_id=app.pk)
    assert exc.value.code == "materials_missing"
    assert counts() == before
    services.application_request_supplement(actor=actor("window"), application_id=app.pk, note="请加盖公章")
    app.refresh_from_db()
    listed = {n.get("material") for n in app.window_notice}
    assert set(app.materials.values_list("material_type__name", flat=True)) <= listed  # every one at once
    assert app.window_notice[-1] == {"note": "请加盖公章"}
    upload_missing(app)
    services.application_resubmit(actor=actor("enterprise"), application_id=app.pk)
    services.application_accept(actor=actor("window"), application_id=app.pk)
    app.refresh_from_db()
    assert app.status == ApplicationStatus.IN_REVIEW
    assert not app.items.filter(state=ItemState.PENDING).exists()
    assert all(ai.started_at and ai.due_date for ai in app.items.filter(state=ItemState.IN_REVIEW))


def test_only_the_window_accepts_and_refusal_needs_a_reason() -> None:
    app = services.application_submit(
        actor=actor("enterprise"), project_id=new_project().pk, stage=Stage.LAND,
        form=stage_values(Stage.LAND)
    )
    before = counts()
    with pytest.raises(Forbidden):
        services.application_accept(actor=actor("leader"), application_id=app.pk)
    with pytest.raises(ValidationFailed):
        services.application_refuse(actor=actor("window"), application_id=app.pk, reason="  ")
    assert counts() == before
    services.application_refuse(actor=actor("window"), application_id=app.pk, reason="不属于本园区受理范围")
    with pytest.raises(Conflict) as exc:
        services.application_accept(actor=actor("window"), application_id=app.pk)
    assert exc.value.code == "illegal_transition"


def _construct_application(skip=("SUPERVISION", "FUNDS", "SAFETY")) -> Application:
    project = new_project()
    run_stage(project, Stage.LAND)
    run_stage(project, Stage.BUILD)
    app = services.application_submit(
        actor=actor("enterprise"), project_id=project.pk, stage=Stage.CONSTRUCT,
        form=stage_values(Stage.CONSTRUCT)
    )
    app.materials.filter(material_type__code__in=skip).update(status=MaterialStatus.MISSING, record=None)
    upload_missing(app, skip=skip)
    return app


def test_tolerance_needs_the_signed_promise_then_sets_deadline_within_item_limit() -> None:
    app = _construct_application()
    before = counts()
    with pytest.raises(Conflict) as exc:
        services.application_accept(actor=actor("window"), application_id=app.pk, tolerance=True)
    assert exc.value.code == "tolerance_refused" and "信用承诺书" in exc.value.message
    assert counts() == before
    services.application_sign_promise(actor=actor("enterprise"), application_id=app.pk)
    services.application_accept(actor=actor("window"), application_id=app.pk, tolerance=True)
    app.refresh_from_db()
    assert app.tolerance and app.green_channel and app.status == ApplicationStatus.IN_REVIEW
    assert set(
        app.materials.filter(status=MaterialStatus.TOLERATED).values_list("material_type__code", flat=True)
    ) == {"SUPERVISION", "FUNDS", "SAFETY"}
    from zonedesk.workdays.selectors import work_calendar

    accepted = timezone.localtime(app.accepted_at).date()
    assert work_calendar().working_days_between(accepted, app.tolerance_deadline) <= 3  # C02 promises 3
    assert app.items.filter(green_channel=True).count() == app.items.count()


@pytest.mark.parametrize("spoil", ["grade", "flag", "required"])
def test_tolerance_refused_below_threshold_on_a_list_or_for_required_materials(spoil: str) -> None:
    skip = ("SUPERVISION", "CONTRACT") if spoil == "required" else ("SUPERVISION",)
    app = _construct_application(skip=skip)
    services.application_sign_promise(actor=actor("enterprise"), application_id=app.pk)
    enterprise = app.project.enterprise
    if spoil == "grade":
        Enterprise.objects.filter(pk=enterprise.pk).update(credit_grade="B")
    if spoil == "flag":
        EnterpriseFlag.objects.create(
            zone=enterprise.zone,
            enterprise=enterprise,
            kind=FlagKind.JUDGMENT_DEFAULTER,
            listed_on=dt.date(2025, 1, 1),
        )
    before = counts()
    with pytest.raises(Conflict) as exc:
        services.application_accept(actor=actor("window"), application_id=app.pk, tolerance=True)
    assert exc.value.code == "tolerance_refused"
    assert {"grade": "低于绿色通道门槛", "flag": "失信被执行人", "required": "缺少必要材料"}[
        spoil
    ] in exc.value.message
    assert counts() == before


def test_sweep_terminates_overdue_tolerance_records_credit_event_and_is_idempotent() -> None:
    app = _construct_application()
    services.application_sign_promise(actor=actor("enterprise"), application_id=app.pk)
    services.application_accept(actor=actor("window"), application_id=app.pk, tolerance=True)
    app.refresh_from_db()
    assert app.pk not in services.tolerance_sweep(today=app.tolerance_deadline)  # the last day is on time
    day_after = app.tolerance_deadline + dt.timedelta(days=1)
    assert app.pk in services.tolerance_sweep(today=day_after)
    app.refresh_from_db()
    assert app.status == ApplicationStatus.TERMINATED and "未在" in app.terminated_reason
    assert not app.items.filter(state__in=[ItemState.IN_REVIEW, ItemState.SUPPLEMENT]).exists()
    event = CreditEvent.objects.get(application=app)
    assert event.enterprise_id == app.project.enterprise_id
    services.items_warn(today=day_after)  # the command also warns the demo's overdue items, once
    before = counts()
    call_command("approvals_sweep", "--today", day_after.isoformat(), verbosity=0)
    assert counts() == before


def test_sweep_spares_applications_whose_materials_arrived() -> None:
    app = _construct_application()
    services.application_sign_promise(actor=actor("enterprise"), application_id=app.pk)
    services.application_accept(actor=actor("window"), application_id=app.pk, tolerance=True)
    upload_missing(app)
    app.refresh_from_db()
    assert app.pk not in services.tolerance_sweep(today=app.tolerance_deadline + dt.timedelta(days=5))


# -- parallel review ------------------------------------------------------------------------------


def test_supplement_pauses_the_clock_and_answer_resumes_it() -> None:
    project = new_project()
    app = run_stage(project, Stage.LAND, finish=False)
    ai = app.items.filter(state=ItemState.IN_REVIEW, item__code="L02").get()
    ask_supplement(ai, "总平面图比例不符")
    pause = Pause.objects.get(application_item=ai)
    assert pause.end is None
    # The applicant took a week: move the pause back so it covers working days.
    start = timezone.now() - dt.timedelta(days=10)
    Pause.objects.filter(pk=pause.pk).update(start=start)
    type(ai).objects.filter(pk=ai.pk).update(started_at=start - dt.timedelta(days=1))
    services.item_answer_supplement(actor=actor("enterprise"), item_id=ai.pk, answer="已按比例重新出图")
    ai.refresh_from_db()
    pause.refresh_from_db()
    assert ai.state == ItemState.IN_REVIEW and pause.end is not None
    from zonedesk.workdays.selectors import work_calendar

    paused_days = work_calendar().working_days_between(
        timezone.localtime(pause.start).date(), timezone.localtime(pause.end).date()
    )
    expected = (
        work_calendar()
        .add_working_days(timezone.localtime(ai.started_at).date(), ai.limit_days + paused_days)
        .date
    )
    # The pause pushed the due date out by its working days (comparing with the due date before
    # the test moved started_at back would depend on today's weekday).
    unpaused = work_calendar().add_working_days(timezone.localtime(ai.started_at).date(), ai.limit_days).date
    assert paused_days > 0 and ai.due_date == expected and expected > unpaused


def test_approval_issues_certificate_into_library_and_next_stage_reuses_it() -> None:
    project = new_project()
    run_stage(project, Stage.LAND)
    build = run_stage(project, Stage.BUILD)
    b01 = build.items.get(item__code="B01")
    assert b01.certificate is not None and b01.certificate.number
    record = MaterialRecord.objects.filter(certificate=b01.certificate).get()
    assert record.material_type.code == "CERT_BUILD_PLAN"
    app = services.application_submit(
        actor=actor("enterprise"), project_id=project.pk, stage=Stage.CONSTRUCT,
        form=stage_values(Stage.CONSTRUCT)
    )
    reused = app.materials.get(material_type__code="CERT_BUILD_PLAN")
    assert reused.status == MaterialStatus.REUSED and reused.record.certificate_id in {
        r.certificate_id for r in MaterialRecord.objects.filter(material_type__code="CERT_BUILD_PLAN")
    }
    assert build.status == ApplicationStatus.COMPLETED


def test_decisions_refuse_illegal_transitions_and_strangers() -> None:
    app = run_stage(new_project(), Stage.LAND, finish=False)
    ai = app.items.filter(state=ItemState.IN_REVIEW, item__code="L02").get()
    before = counts()
    with pytest.raises(Forbidden) as exc:  # 行政审批局 handles L01 of this stage, so sees it
        services.item_approve(actor=actor("reviewer-spj"), item_id=ai.pk)
    assert exc.value.code == "not_reviewer"
    for stranger in ("reviewer", "jp-window"):  # no item of 规划建设局 in this stage; another zone
        with pytest.raises(NotFound):
            services.item_approve(actor=actor(stranger), item_id=ai.pk)
    with pytest.raises(Conflict) as exc:
        services.item_answer_supplement(actor=actor("enterprise"), item_id=ai.pk, answer="x")
    assert exc.value.code == "illegal_transition"
    with pytest.raises(ValidationFailed):
        services.item_refuse(actor=reviewer_of(ai), item_id=ai.pk, reason="")
    assert counts() == before
    services.item_approve(actor=reviewer_of(ai), item_id=ai.pk)
    before = counts()
    with pytest.raises(Conflict) as exc:
        services.item_refuse(actor=reviewer_of(ai), item_id=ai.pk, reason="迟到的决定")
    assert exc.value.code == "already_decided" and "准予许可" in exc.value.message
    assert counts() == before


def test_refused_item_still_completes_the_application() -> None:
    app = run_stage(new_project(), Stage.LAND, finish=False)
    for ai in app.items.filter(state=ItemState.IN_REVIEW):
        services.item_refuse(actor=reviewer_of(ai), item_id=ai.pk, reason="不符合规划条件")
    app.refresh_from_db()
    # every item decided: the stage waits for its lead department's combined result
    assert app.status == ApplicationStatus.LEAD_SUMMARY
    services.stage_close(actor=lead_of(app), application_id=app.pk, result="各事项均不予许可，本阶段办结")
    app.refresh_from_db()
    assert app.status == ApplicationStatus.COMPLETED


# -- agent handling, catalogue versions -----------------------------------------------------------


def test_steward_acts_under_authorisation_and_audit_names_both() -> None:
    from zonedesk.agency.models import AgentAuthorisation
    from zonedesk.agency.services import authorisation_grant, authorisation_revoke

    steward = actor("steward")
    for grant in AgentAuthorisation.objects.filter(agent=steward.user, revoked_at__isnull=True):
        authorisation_revoke(actor=actor("enterprise"), authorisation_id=grant.pk)
    project = new_project()
    with pytest.raises(NotFound):
        services.application_submit(
            actor=steward, project_id=project.pk, stage=Stage.LAND, form=stage_values(Stage.LAND)
        )
    today = timezone.localdate()
    authorisation_grant(
        actor=actor("enterprise"),
        agent_id=steward.user.pk,
        mode="act",
        actions=["approvals.apply", "approvals.supplement"],
        valid_from=today,
        valid_until=today + dt.timedelta(days=90),
    )
    app = services.application_submit(
        actor=steward, project_id=project.pk, stage=Stage.LAND, form=stage_values(Stage.LAND)
    )
    row = AuditRecord.objects.filter(action="approvals.application.submit", object_id=str(app.pk)).get()
    text = str(row.__dict__)
    assert "孙志强" in text and "中玻" in text
    before = counts()
    with pytest.raises(Forbidden) as exc:  # the authorisation does not cover signing the promise
        services.application_sign_promise(actor=steward, application_id=app.pk)
    assert exc.value.code == "not_authorised"
    assert counts() == before


def test_catalogue_revision_is_copy_on_write() -> None:
    project = new_project()
    running = services.application_submit(
        actor=actor("enterprise"), project_id=project.pk, stage=Stage.LAND, form=stage_values(Stage.LAND)
    )
    old_item = ApprovalItem.objects.get(version=running.version, code="L02")
    new_item = item_revise(actor=actor("window"), item=old_item, changes={"promised_days": 4})
    assert new_item.version.number == running.version.number + 1 and new_item.version.is_current
    old_item.refresh_from_db()
    assert old_item.promised_days == 5 and not old_item.version.is_current
    running.refresh_from_db()
    assert running.items.get(item__code="L02").limit_days == 5
    fresh = services.application_submit(
        actor=actor("enterprise"), project_id=new_project().pk, stage=Stage.LAND,
        form=stage_values(Stage.LAND)
    )
    assert fresh.version_id == new_item.version_id
    assert fresh.items.get(item__code="L02").limit_days == 4


def test_upload_pdf_is_stored_and_kept_in_library() -> None:
    app = services.application_submit(
        actor=actor("enterprise"), project_id=new_project(["XX-90"]).pk, stage=Stage.LAND,
        form=stage_values(Stage.LAND)
    )
    row = app.materials.first()
    row.status = MaterialStatus.MISSING
    row.save()
    services.application_add_material(
        actor=actor("enterprise"),
        application_id=app.pk,
        material_type_id=row.material_type_id,
        upload=("../../etc/报告.pdf", PDF),
    )
    row.refresh_from_db()
    assert row.status == MaterialStatus.PROVIDED and row.record.stored_file.kind == "pdf"
    assert "/" not in row.record.file_name
