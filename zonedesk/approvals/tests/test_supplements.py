"""补正 with files and material versions; the lead department's one notice per stage; joint
reviews and the stage's combined result."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zonedesk.approvals import services
from zonedesk.approvals.models import ApplicationMaterial, ApplicationStatus, ItemState, MaterialRecord, Stage
from zonedesk.approvals.stage_models import StageNotice, SupplementRequest, SupplementStatus
from zonedesk.approvals.tests.conftest import (
    PDF,
    actor,
    counts,
    lead_of,
    new_project,
    reviewer_of,
    run_stage,
    stage_values,
)
from zonedesk.core.errors import Conflict, Forbidden, ValidationFailed
from zonedesk.notifications.models import Message

pytestmark = pytest.mark.django_db


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _type(app, code: str) -> int:
    return ApplicationMaterial.objects.get(application=app, material_type__code=code).material_type_id


def test_item_supplement_needs_the_requested_files_and_keeps_versions() -> None:
    # Given an item under review whose department asks for a corrected site plan
    app = run_stage(new_project(), Stage.LAND, finish=False)
    ai = app.items.get(item__code="L02")
    site = _type(app, "SITE_PLAN")
    first = ApplicationMaterial.objects.get(application=app, material_type_id=site).record
    with pytest.raises(ValidationFailed):  # only materials of the item's own list
        services.item_request_supplement(
            actor=reviewer_of(ai),
            item_id=ai.pk,
            reason="x",
            material_type_ids=[_type(app, "BIZ_LICENSE") + 999],
        )
    services.item_request_supplement(
        actor=reviewer_of(ai), item_id=ai.pk, reason="总平面图比例不符", material_type_ids=[site]
    )
    ai.refresh_from_db()
    assert ai.state == ItemState.IN_REVIEW  # collected for the lead's notice: the clock runs on
    services.stage_notice_issue(actor=lead_of(app), application_id=app.pk)
    ai.refresh_from_db()
    assert ai.state == ItemState.SUPPLEMENT and ai.due_paused
    # When the applicant answers with text only, it is refused with what is missing, nothing written
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        services.item_answer_supplement(actor=actor("enterprise"), item_id=ai.pk, answer="已重新出图")
    assert "项目选址及总平面图" in exc.value.errors["uploads"]
    assert counts() == before
    # Then with the file: a second version pointing at the first, the clock resumes
    services.item_answer_supplement(
        actor=actor("enterprise"), item_id=ai.pk, answer="已重新出图", uploads={site: _pdf("site-v2.pdf")}
    )
    ai.refresh_from_db()
    row = ApplicationMaterial.objects.get(application=app, material_type_id=site)
    assert ai.state == ItemState.IN_REVIEW and not ai.due_paused
    assert row.record.version == first.version + 1 and row.record.previous_id == first.pk
    assert row.record.created_by and row.record.supplement.status == SupplementStatus.ANSWERED
    assert StageNotice.objects.get(application=app).answered_at is not None
    # The reviewer sees both versions on the application page
    html = _page(reviewer_of(ai), f"/approvals/applications/{app.pk}/")
    assert "site-v2" in html and "第 1 版" in html and "第 2 版" in html


def _page(act, url: str) -> str:
    from django.test import Client

    c = Client()
    c.force_login(act.user)
    r = c.get(url)
    assert r.status_code == 200
    return r.content.decode()


def test_window_supplement_of_a_submitted_material_needs_its_new_version() -> None:
    project = new_project()
    app = services.application_submit(
        actor=actor("enterprise"), project_id=project.pk, stage=Stage.LAND, form=stage_values(Stage.LAND)
    )
    from zonedesk.approvals.tests.conftest import upload_missing

    upload_missing(app)
    report = _type(app, "PROJ_REPORT")
    services.application_request_supplement(
        actor=actor("window"), application_id=app.pk, note="备案信息表须加盖公章", material_type_ids=[report]
    )
    app.refresh_from_db()
    assert any(n.get("material_type_id") == report for n in app.window_notice)
    with pytest.raises(ValidationFailed) as exc:
        services.application_resubmit(actor=actor("enterprise"), application_id=app.pk)
    assert "项目申请报告" in exc.value.errors["uploads"]
    services.application_add_material(
        actor=actor("enterprise"),
        application_id=app.pk,
        material_type_id=report,
        upload=_pdf("report-v2.pdf"),
    )
    services.application_resubmit(actor=actor("enterprise"), application_id=app.pk)
    rec = ApplicationMaterial.objects.get(application=app, material_type_id=report).record
    assert rec.version == 2 and MaterialRecord.objects.filter(pk=rec.previous_id).exists()
    assert SupplementRequest.objects.get(application=app).status == SupplementStatus.ANSWERED


def test_the_lead_sends_one_notice_for_every_department_of_the_stage() -> None:
    # Given 工程建设许可 under review: 规划建设局 (lead) and 生态环境 each ask for 补正
    project = new_project(["LY-QH-40"])  # outside the assessed area: every item is live
    run_stage(project, Stage.LAND)
    app = run_stage(project, Stage.BUILD, finish=False)
    b01, b02 = app.items.get(item__code="B01"), app.items.get(item__code="B02")
    assert b01.department_id != b02.department_id
    services.item_request_supplement(
        actor=reviewer_of(b01),
        item_id=b01.pk,
        reason="设计方案缺总平面",
        material_type_ids=[_type(app, "DESIGN")],
    )
    services.item_request_supplement(
        actor=reviewer_of(b02),
        item_id=b02.pk,
        reason="环评报告缺公章",
        material_type_ids=[_type(app, "EIA_REPORT")],
    )
    with pytest.raises(Conflict):  # one collected request per item until the lead sends it
        services.item_request_supplement(actor=reviewer_of(b02), item_id=b02.pk, reason="again")
    # Only the lead department may send the notice
    with pytest.raises(Forbidden):
        services.stage_notice_issue(actor=reviewer_of(b02), application_id=app.pk)
    enterprise_messages = Message.objects.filter(
        recipient__enterprise_id=project.enterprise_id, event="application.supplement"
    )
    before = enterprise_messages.count()
    notice = services.stage_notice_issue(actor=lead_of(app), application_id=app.pk, note="请一并补正")
    # Then the applicant receives ONE message listing both departments' requests
    sent = enterprise_messages.count() - before
    recipients = len({m.recipient_id for m in enterprise_messages.order_by("-id")[: max(sent, 1)]})
    assert sent == recipients >= 1  # one per person, not one per department
    body = enterprise_messages.order_by("-id").first().body
    assert "设计方案缺总平面" in body and "环评报告缺公章" in body
    assert "补正期限：" in body  # the deadline the items share (ApprovalSetting.supplement_days)
    b01.refresh_from_db()
    b02.refresh_from_db()
    assert b01.state == b02.state == ItemState.SUPPLEMENT
    with pytest.raises(Conflict):  # one open notice per stage
        services.stage_notice_issue(actor=lead_of(app), application_id=app.pk)
    # When the applicant answers the notice without every file: refused, nothing changes
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        services.stage_notice_answer(
            actor=actor("enterprise"),
            notice_id=notice.pk,
            answer="x",
            uploads={_type(app, "DESIGN"): _pdf("d.pdf")},
        )
    assert "环境影响报告表" in exc.value.errors["uploads"]
    assert counts() == before
    services.stage_notice_answer(
        actor=actor("enterprise"),
        notice_id=notice.pk,
        answer="已补正",
        uploads={_type(app, "DESIGN"): _pdf("d2.pdf"), _type(app, "EIA_REPORT"): _pdf("e2.pdf")},
    )
    b01.refresh_from_db()
    b02.refresh_from_db()
    assert b01.state == b02.state == ItemState.IN_REVIEW


def test_joint_review_and_the_stage_result_belong_to_the_lead() -> None:
    project = new_project(["LY-QH-41"])
    run_stage(project, Stage.LAND)
    app = run_stage(project, Stage.BUILD, finish=False)
    other = app.items.exclude(department__code="GHJ").first()
    with pytest.raises(ValidationFailed):  # 联合验收 is the 竣工验收 stage's
        services.joint_review_record(
            actor=lead_of(app),
            application_id=app.pk,
            kind="acceptance",
            held_on=app.submitted_at.date(),
            outcome="passed",
            conclusion="x",
            department_ids=[other.department_id],
        )
    with pytest.raises(Forbidden):
        services.joint_review_record(
            actor=reviewer_of(other),
            application_id=app.pk,
            kind="drawings",
            held_on=app.submitted_at.date(),
            outcome="passed",
            conclusion="x",
            department_ids=[other.department_id],
        )
    review = services.joint_review_record(
        actor=lead_of(app),
        application_id=app.pk,
        kind="drawings",
        held_on=app.submitted_at.date(),
        outcome="rectify",
        conclusion="消防与人防意见已合并，整改后通过",
        department_ids=[other.department_id],
    )
    assert review.departments.count() == 2
    with pytest.raises(Conflict) as exc:  # items still open
        services.stage_close(actor=lead_of(app), application_id=app.pk, result="同意")
    assert exc.value.code == "items_open"
    for ai in app.items.filter(state=ItemState.IN_REVIEW):
        services.item_approve(actor=reviewer_of(ai), item_id=ai.pk)
    app.refresh_from_db()
    assert app.status == ApplicationStatus.LEAD_SUMMARY  # gated on the lead's combined result
    services.stage_close(actor=lead_of(app), application_id=app.pk, result="各事项均准予许可，本阶段办结")
    app.refresh_from_db()
    assert app.status == ApplicationStatus.COMPLETED
    assert app.lead_closed_at and "本阶段办结" in app.lead_result
    with pytest.raises(Conflict):
        services.stage_close(actor=lead_of(app), application_id=app.pk, result="again")
