"""Stage routes of the approval API: the lead department's inbox and its one notice per stage,
joint reviews and the stage's combined result, the one form per stage, and credit events.
Registered on the approvals router (imported at the end of ``approvals.api``)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Form, Query, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field, StrictInt, StrictStr

from zonedesk.approvals import services
from zonedesk.approvals.api import (
    SUPPLEMENT_MULTIPART,
    DueOut,
    FormValue,
    PageQuery,
    Strict,
    due_out,
    pair_uploads,
    router,
)
from zonedesk.approvals.models import ConstructionProject, Stage
from zonedesk.approvals.rules import plain_number
from zonedesk.approvals.selectors import get_application_for, get_project_for
from zonedesk.approvals.services.stage_forms import field_specs, prefill_for
from zonedesk.approvals.stage_selectors import (
    credit_events_for,
    lead_inbox_for,
    stage_detail_for,
    suspension_active,
)
from zonedesk.core.api import api_actor, errors
from zonedesk.core.errors import NotFound


class ApprovalsFieldOut(Schema):
    key: str
    label: str
    type: str
    unit: str
    required: bool
    pattern: str
    min_value: str | None
    max_value: str | None
    choices: list[str]
    items: list[str] = Field(description="使用该字段的审批事项")
    value: str | None = Field(description="当前值（申报前为预填值：企业登记、项目、前序阶段）")


class ApprovalsStageFormOut(Schema):
    project_id: int
    stage: str
    fields: list[ApprovalsFieldOut]


class ApprovalsRequestOut(Schema):
    id: int
    item: str | None
    department: str | None
    reason: str
    materials: list[str]
    status: str
    status_name: str
    requested_at: dt.datetime
    requested_by: str
    notice_id: int | None
    answered_at: dt.datetime | None


class ApprovalsNoticeOut(Schema):
    id: int
    department: str
    note: str
    issued_at: dt.datetime
    issued_by: str
    answered_at: dt.datetime | None
    requests: list[int]


class ApprovalsJointReviewOut(Schema):
    id: int
    kind: str
    kind_name: str
    held_on: dt.date
    outcome: str
    outcome_name: str
    conclusion: str
    departments: list[str]
    recorded_by: str


class ApprovalsFormChangeOut(Schema):
    key: str
    before: object | None
    after: object | None
    changed_at: dt.datetime
    changed_by: str
    supplement_id: int | None


class ApprovalsStageOut(Schema):
    application_id: int
    stage: str
    lead_department: str | None
    lead_result: str
    lead_closed_at: dt.datetime | None
    lead_closed_by: str
    tolerance_deadline: DueOut | None
    requests: list[ApprovalsRequestOut]
    notices: list[ApprovalsNoticeOut]
    joint_reviews: list[ApprovalsJointReviewOut]
    form: list[ApprovalsFieldOut]
    form_changes: list[ApprovalsFormChangeOut]


class ApprovalsLeadRowOut(Schema):
    application_id: int
    project: str
    enterprise: str
    stage: str
    stage_name: str
    status: str
    collected_requests: int


class ApprovalsLeadInboxOut(Schema):
    count: int
    page: int
    page_size: int
    items: list[ApprovalsLeadRowOut]


class ApprovalsNoticeIn(Strict):
    note: StrictStr = Field("", max_length=500)


class ApprovalsJointReviewIn(Strict):
    kind: StrictStr = Field(
        pattern="^(drawings|acceptance)$", description="drawings 联合审图 / acceptance 联合验收"
    )
    held_on: dt.date
    outcome: StrictStr = Field(pattern="^(passed|rectify|failed)$")
    conclusion: StrictStr = Field(max_length=1000)
    department_ids: list[StrictInt] = Field(max_length=30)


class ApprovalsCloseIn(Strict):
    result: StrictStr = Field(max_length=1000)


class ApprovalsFormIn(Strict):
    values: dict[StrictStr, FormValue] = Field(description="字段键 → 新值")


class ApprovalsCreditEventOut(Schema):
    id: int
    enterprise_id: int
    enterprise: str
    kind: str
    kind_name: str
    occurred_on: dt.date
    note: str
    application_id: int
    suspended_until: dt.date | None = Field(description="绿色通道（及容缺受理）暂停至")
    suspension_active: bool
    repaired_on: dt.date | None
    repaired_by: str
    repair_note: str


class ApprovalsRepairIn(Strict):
    note: StrictStr = Field(max_length=300)


def _field(row) -> ApprovalsFieldOut:
    s = row.spec
    return ApprovalsFieldOut(
        key=s.key,
        label=s.label,
        type=s.type,
        unit=s.unit,
        required=s.required,
        pattern=s.pattern,
        min_value=plain_number(s.min_value) if s.min_value is not None else None,
        max_value=plain_number(s.max_value) if s.max_value is not None else None,
        choices=list(s.choices),
        items=list(s.items),
        value=None if row.value in (None, "") else str(row.value),
    )


def _stage(request: HttpRequest, pk: int) -> ApprovalsStageOut:
    app = get_application_for(request.auth, pk)
    d = stage_detail_for(app)
    return ApprovalsStageOut(
        application_id=app.pk,
        stage=app.stage,
        lead_department=d.lead,
        lead_result=app.lead_result,
        lead_closed_at=app.lead_closed_at,
        lead_closed_by=app.lead_closed_by,
        tolerance_deadline=due_out(app.tolerance_deadline, app.tolerance_provisional),
        requests=[
            ApprovalsRequestOut(
                id=r.pk,
                item=r.application_item.item.name if r.application_item_id else None,
                department=r.department.name if r.department_id else None,
                reason=r.reason,
                materials=[t.name for t in r.material_types.all()],
                status=r.status,
                status_name=r.get_status_display(),
                requested_at=r.requested_at,
                requested_by=r.requested_by,
                notice_id=r.notice_id,
                answered_at=r.answered_at,
            )
            for r in d.requests
        ],
        notices=[
            ApprovalsNoticeOut(
                id=n.pk,
                department=n.department.name,
                note=n.note,
                issued_at=n.issued_at,
                issued_by=n.issued_by,
                answered_at=n.answered_at,
                requests=[r.pk for r in n.requests.all()],
            )
            for n in d.notices
        ],
        joint_reviews=[
            ApprovalsJointReviewOut(
                id=j.pk,
                kind=j.kind,
                kind_name=j.get_kind_display(),
                held_on=j.held_on,
                outcome=j.outcome,
                outcome_name=j.get_outcome_display(),
                conclusion=j.conclusion,
                departments=[x.name for x in j.departments.all()],
                recorded_by=j.recorded_by,
            )
            for j in d.reviews
        ],
        form=[_field(r) for r in d.form],
        form_changes=[
            ApprovalsFormChangeOut(
                key=c.key,
                before=c.before,
                after=c.after,
                changed_at=c.changed_at,
                changed_by=c.changed_by,
                supplement_id=c.supplement_id,
            )
            for c in d.changes
        ],
    )


_STAGE = {200: ApprovalsStageOut, **errors(401, 403, 404, 409, 422)}


@router.get(
    "/lead-inbox",
    response={200: ApprovalsLeadInboxOut, **errors(401, 422)},
    summary="牵头部门：本部门牵头阶段的申请（待汇总告知、待办结）",
    url_name="approvals_lead_inbox",
)
def lead_inbox(request: HttpRequest, q: Query[PageQuery]):
    qs = lead_inbox_for(user=request.auth)
    return ApprovalsLeadInboxOut(
        count=qs.count(),
        page=q.page,
        page_size=q.page_size,
        items=[
            ApprovalsLeadRowOut(
                application_id=a.pk,
                project=a.project.name,
                enterprise=a.project.enterprise.name,
                stage=a.stage,
                stage_name=a.get_stage_display(),
                status=a.status,
                collected_requests=a.collected,
            )
            for a in q.rows(qs)
        ],
    )


@router.get(
    "/applications/{int:pk}/stage",
    response={200: ApprovalsStageOut, **errors(401, 404)},
    summary="本阶段：补正要求、一次性告知、联合审图/验收、申请表及修改记录、牵头部门办结意见",
    url_name="approvals_stage",
)
def stage(request: HttpRequest, pk: int):
    return _stage(request, pk)


@router.post(
    "/applications/{int:pk}/stage-notice",
    response=_STAGE,
    summary="牵头部门汇总各部门补正要求，一次性告知申请人（相关事项同时暂停计时）",
    url_name="approvals_stage_notice",
)
def stage_notice(request: HttpRequest, pk: int, payload: ApprovalsNoticeIn):
    services.stage_notice_issue(actor=api_actor(request), application_id=pk, note=payload.note)
    return _stage(request, pk)


@router.post(
    "/stage-notices/{int:pk}/answer",
    response=_STAGE,
    summary="申请人一次提交阶段补正（上传告知中的全部材料）",
    description=SUPPLEMENT_MULTIPART,
    url_name="approvals_notice_answer",
)
def notice_answer(
    request: HttpRequest,
    pk: int,
    answer: Form[str] = "",
    material_type_ids: Form[str] = "",
    files: File[list[UploadedFile]] = None,
):
    notice = services.stage_notice_answer(
        actor=api_actor(request), notice_id=pk, answer=answer, uploads=pair_uploads(material_type_ids, files)
    )
    return _stage(request, notice.application_id)


@router.post(
    "/applications/{int:pk}/joint-reviews",
    response={201: ApprovalsStageOut, **errors(401, 403, 404, 409, 422)},
    summary="牵头部门记录联合审图/联合验收",
    url_name="approvals_joint_review",
)
def joint_review(request: HttpRequest, pk: int, payload: ApprovalsJointReviewIn):
    services.joint_review_record(
        actor=api_actor(request),
        application_id=pk,
        kind=payload.kind,
        held_on=payload.held_on,
        outcome=payload.outcome,
        conclusion=payload.conclusion,
        department_ids=payload.department_ids,
    )
    return Status(201, _stage(request, pk))


@router.post(
    "/applications/{int:pk}/close",
    response=_STAGE,
    summary="牵头部门出具本阶段办结意见（各事项均已办结后）",
    url_name="approvals_stage_close",
)
def close(request: HttpRequest, pk: int, payload: ApprovalsCloseIn):
    services.stage_close(actor=api_actor(request), application_id=pk, result=payload.result)
    return _stage(request, pk)


@router.get(
    "/projects/{int:pk}/stage-form",
    response={200: ApprovalsStageFormOut, **errors(401, 404, 422)},
    summary="一张表单：本阶段各事项字段的并集（每个字段只问一次），已预填",
    url_name="approvals_stage_form",
)
def stage_form(
    request: HttpRequest, pk: int, stage: str = Query(..., pattern="^(land|build|construct|complete)$")
):
    from zonedesk.approvals.catalogue import current_version
    from zonedesk.approvals.stage_selectors import FormRow

    project: ConstructionProject = get_project_for(request.auth, pk)
    version = current_version(project.zone_id)
    if version is None:
        raise NotFound()
    specs = field_specs(version.pk, stage)
    values = prefill_for(project, stage, specs)
    return ApprovalsStageFormOut(
        project_id=project.pk,
        stage=Stage(stage).value,
        fields=[_field(FormRow(s, values.get(s.key))) for s in specs],
    )


@router.post(
    "/applications/{int:pk}/form",
    response=_STAGE,
    summary="修改申请表（受理后仅能在补正期间修改，保留修改记录）",
    url_name="approvals_form_amend",
)
def form_amend(request: HttpRequest, pk: int, payload: ApprovalsFormIn):
    services.application_form_amend(
        actor=api_actor(request),
        application_id=pk,
        values={k: "" if v is None else str(v) for k, v in payload.values.items()},
    )
    return _stage(request, pk)


def _event(e) -> ApprovalsCreditEventOut:
    return ApprovalsCreditEventOut(
        id=e.pk,
        enterprise_id=e.enterprise_id,
        enterprise=e.enterprise.name,
        kind=e.kind,
        kind_name=e.get_kind_display(),
        occurred_on=e.occurred_on,
        note=e.note,
        application_id=e.application_id,
        suspended_until=e.suspended_until,
        suspension_active=suspension_active(e),
        repaired_on=e.repaired_on,
        repaired_by=e.repaired_by,
        repair_note=e.repair_note,
    )


@router.get(
    "/credit-events",
    response={200: list[ApprovalsCreditEventOut], **errors(401, 422)},
    summary="企业信用事件（容缺承诺未履行等）及绿色通道暂停、信用修复",
    url_name="approvals_credit_events",
)
def credit_events(request: HttpRequest, q: Query[PageQuery], enterprise_id: int | None = None):
    return [_event(e) for e in q.rows(credit_events_for(user=request.auth, enterprise_id=enterprise_id))]


@router.post(
    "/credit-events/{int:pk}/repair",
    response={200: ApprovalsCreditEventOut, **errors(401, 403, 404, 409, 422)},
    summary="登记信用修复（恢复绿色通道）",
    url_name="approvals_credit_repair",
)
def credit_repair(request: HttpRequest, pk: int, payload: ApprovalsRepairIn):
    services.credit_event_repair(actor=api_actor(request), event_id=pk, note=payload.note)
    return _event(get_object_or_404(credit_events_for(user=request.auth), pk=pk))
