"""Commitments and arrears over JSON: the same services as the pages, the same coded errors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import ConfigDict, Field, StrictInt, StrictStr

from zonedesk.commitments import rules, services
from zonedesk.commitments.models import Arrear, ArrearKind, Commitment, CommitmentKind, SourceKind
from zonedesk.commitments.selectors import (
    BUCKET_KEYS,
    ArrearFilter,
    CommitmentFilter,
    arrear_list_for,
    commitment_list_for,
    get_arrear_for,
    get_commitment_for,
)
from zonedesk.core.api import api_actor, errors
from zonedesk.core.errors import NotFound
from zonedesk.core.requests import ApiRequest

router = Router(tags=["commitments"])


class CommitmentOut(Schema):
    id: int
    zone: str
    number: str
    enterprise_id: int | None
    project_id: int | None
    sale_id: int | None = Field(None, description="产生该承诺的土地出让（标准地）")
    beneficiary: str
    title: str
    kind: str
    kind_name: str
    detail: str
    source_kind: str
    source_title: str
    has_source_file: bool
    promised_on: dt.date
    due_on: dt.date
    amount_yuan: Decimal | None = Field(description="涉及金额，元")
    department_id: int
    department_name: str
    responsible_id: int | None
    responsible_name: str | None
    status: str
    status_name: str
    overdue: bool
    fulfilled_on: dt.date | None
    on_time: bool | None
    fulfilment_note: str
    evidence: list[dict]
    handovers: list[dict]
    version: int


class CommitmentPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[CommitmentOut]


class CommitmentListQuery(Schema):
    view: str = Field("", pattern="^(|open|overdue|due_soon|fulfilled|kept|late|cancelled|due)$")
    kind: str = ""
    department: int | None = None
    enterprise: int | None = None
    project: int | None = None
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    q: str = ""
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=200)


class CommitmentIn(Schema):
    model_config = ConfigDict(extra="forbid")
    title: StrictStr
    kind: CommitmentKind
    source_kind: SourceKind
    source_title: StrictStr
    promised_on: dt.date
    due_on: dt.date
    department_id: StrictInt
    responsible_id: StrictInt | None = None
    enterprise_id: StrictInt | None = None
    project_id: StrictInt | None = None
    beneficiary: StrictStr = ""
    detail: StrictStr = ""
    promised_by: StrictStr = ""
    amount_yuan: StrictStr | None = Field(None, description='元，文本形式的十进制数，如 "1500000.00"')


class CommitmentUpdateIn(Schema):
    model_config = ConfigDict(extra="forbid")
    version: StrictInt
    title: StrictStr | None = None
    kind: CommitmentKind | None = None
    source_kind: SourceKind | None = None
    source_title: StrictStr | None = None
    promised_on: dt.date | None = None
    due_on: dt.date | None = None
    enterprise_id: StrictInt | None = None
    project_id: StrictInt | None = None
    beneficiary: StrictStr | None = None
    detail: StrictStr | None = None
    promised_by: StrictStr | None = None
    amount_yuan: StrictStr | None = None


class CommitmentFulfilIn(Schema):
    model_config = ConfigDict(extra="forbid")
    fulfilled_on: dt.date | None = None
    note: StrictStr
    version: StrictInt | None = None


class CommitmentHandoverIn(Schema):
    model_config = ConfigDict(extra="forbid")
    to_user_id: StrictInt | None
    to_department_id: StrictInt | None = None
    on: dt.date | None = None
    note: StrictStr = ""
    version: StrictInt | None = None


class CommitmentCancelIn(Schema):
    model_config = ConfigDict(extra="forbid")
    reason: StrictStr
    version: StrictInt | None = None


def _commitment(c: Commitment) -> dict:
    today = timezone.localdate()
    return {
        "id": c.pk,
        "zone": c.zone.code,
        "number": c.number,
        "enterprise_id": c.enterprise_id,
        "project_id": c.project_id,
        "sale_id": c.sale_id,
        "beneficiary": c.beneficiary,
        "title": c.title,
        "kind": c.kind,
        "kind_name": str(c.get_kind_display()),
        "detail": c.detail,
        "source_kind": c.source_kind,
        "source_title": c.source_title,
        "has_source_file": c.source_file_id is not None,
        "promised_on": c.promised_on,
        "due_on": c.due_on,
        "amount_yuan": c.amount_yuan,
        "department_id": c.department_id,
        "department_name": c.department.name,
        "responsible_id": c.responsible_id,
        "responsible_name": c.responsible.display_name if c.responsible_id else None,
        "status": c.status,
        "status_name": str(c.get_status_display()),
        "overdue": c.is_overdue(today),
        "fulfilled_on": c.fulfilled_on,
        "on_time": rules.on_time(c.due_on, c.fulfilled_on) if c.fulfilled_on else None,
        "fulfilment_note": c.fulfilment_note,
        "version": c.version,
        "evidence": [],
        "handovers": [],
    }


def _commitment_detail(request: ApiRequest, pk: int) -> dict:
    c = get_commitment_for(request.auth, pk)
    out = _commitment(c)
    out["evidence"] = [
        {"id": e.pk, "title": e.title, "created_at": e.created_at.isoformat()} for e in c.evidence.all()
    ]
    out["handovers"] = [
        {
            "on": h.on.isoformat(),
            "from_user_id": h.from_user_id,
            "to_user_id": h.to_user_id,
            "from_department_id": h.from_department_id,
            "to_department_id": h.to_department_id,
            "note": h.note,
        }
        for h in c.handovers.all()
    ]
    return out


_C = {200: CommitmentOut, **errors(401, 403, 404, 409, 422)}


@router.get("/", response={200: CommitmentPage, **errors(401, 422)}, summary="承诺事项列表（筛选、分页）")
def list_commitments(request: ApiRequest, query: Query[CommitmentListQuery]):
    qs = commitment_list_for(
        user=request.auth,
        filters=CommitmentFilter(
            view=query.view,
            kind=query.kind,
            department=query.department,
            enterprise=query.enterprise,
            project=query.project,
            due_from=query.due_from,
            due_to=query.due_to,
            q=query.q.strip(),
        ),
    )
    start = (query.page - 1) * query.page_size
    return {
        "count": qs.count(),
        "page": query.page,
        "page_size": query.page_size,
        "items": [_commitment(c) for c in qs[start : start + query.page_size]],
    }


@router.get("/{int:pk}", response={200: CommitmentOut, **errors(401, 404)}, summary="承诺事项详情")
def get_commitment(request: ApiRequest, pk: int):
    return _commitment_detail(request, pk)


@router.post("/", response={201: CommitmentOut, **errors(401, 403, 404, 422)}, summary="登记承诺事项")
def create_commitment(request: ApiRequest, payload: CommitmentIn):
    user = request.auth
    if not user.zone_id:
        raise NotFound()
    data = payload.model_dump()
    data["kind"], data["source_kind"] = payload.kind.value, payload.source_kind.value
    c = services.commitment_create(actor=api_actor(request), zone_id=user.zone_id, data=data)
    return Status(201, _commitment_detail(request, c.pk))


@router.patch("/{int:pk}", response=_C, summary="修改承诺登记（携带 version；责任人变更请用交接）")
def update_commitment(request: ApiRequest, pk: int, payload: CommitmentUpdateIn):
    data = payload.model_dump(exclude_unset=True, exclude={"version"})
    for key in ("kind", "source_kind"):
        if data.get(key) is not None:
            data[key] = data[key].value
    services.commitment_update(actor=api_actor(request), commitment_id=pk, data=data, version=payload.version)
    return _commitment_detail(request, pk)


@router.post("/{int:pk}/evidence", response=_C, summary="上传兑现佐证材料")
def add_commitment_evidence(request: ApiRequest, pk: int, title: str, file: File[UploadedFile]):
    services.commitment_evidence_add(actor=api_actor(request), commitment_id=pk, title=title, upload=file)
    return _commitment_detail(request, pk)


@router.post("/{int:pk}/fulfil", response=_C, summary="登记兑现（须先有佐证）")
def fulfil_commitment(request: ApiRequest, pk: int, payload: CommitmentFulfilIn):
    services.commitment_fulfil(
        actor=api_actor(request),
        commitment_id=pk,
        fulfilled_on=payload.fulfilled_on,
        note=payload.note,
        version=payload.version,
    )
    return _commitment_detail(request, pk)


@router.post("/{int:pk}/handover", response=_C, summary="责任交接（新官理旧账：承诺随部门移交）")
def handover_commitment(request: ApiRequest, pk: int, payload: CommitmentHandoverIn):
    services.commitment_handover(
        actor=api_actor(request),
        commitment_id=pk,
        to_user_id=payload.to_user_id,
        to_department_id=payload.to_department_id,
        on=payload.on,
        note=payload.note,
        version=payload.version,
    )
    return _commitment_detail(request, pk)


@router.post("/{int:pk}/cancel", response=_C, summary="撤销承诺（说明理由）")
def cancel_commitment(request: ApiRequest, pk: int, payload: CommitmentCancelIn):
    services.commitment_cancel(
        actor=api_actor(request), commitment_id=pk, reason=payload.reason, version=payload.version
    )
    return _commitment_detail(request, pk)


# ---------------------------------------------------------------------------------------------
# Arrears


class ArrearOut(Schema):
    id: int
    zone: str
    number: str
    enterprise_id: int
    enterprise_name: str
    department_id: int
    department_name: str
    kind: str
    basis: str
    amount_yuan: Decimal = Field(description="应付金额，元")
    paid_yuan: Decimal
    outstanding_yuan: Decimal
    due_on: dt.date
    bucket: str | None = Field(description="账龄：not_due / d90 / d180 / d365 / over1y；已清偿为空")
    status: str
    cleared_on: dt.date | None
    confirm_state: str
    appeal_id: int | None
    payments: list[dict]
    version: int


class ArrearPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[ArrearOut]


class ArrearListQuery(Schema):
    status: str = Field("", pattern="^(|outstanding|cleared)$")
    bucket: str = Field("", pattern="^(|" + "|".join(BUCKET_KEYS) + ")$")
    confirm_state: str = Field("", pattern="^(|pending|confirmed|disputed)$")
    department: int | None = None
    enterprise: int | None = None
    q: str = ""
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=200)


class ArrearIn(Schema):
    model_config = ConfigDict(extra="forbid")
    enterprise_id: StrictInt
    department_id: StrictInt
    kind: ArrearKind
    basis: StrictStr
    amount_yuan: StrictStr = Field(description="元，文本形式的十进制数")
    due_on: dt.date
    note: StrictStr = ""


class ArrearPaymentIn(Schema):
    model_config = ConfigDict(extra="forbid")
    amount_yuan: StrictStr = Field(description="元，文本形式的十进制数")
    paid_on: dt.date | None = None
    voucher: StrictStr = ""
    version: StrictInt | None = None


class ArrearConfirmIn(Schema):
    model_config = ConfigDict(extra="forbid")
    version: StrictInt | None = None


class ArrearDisputeIn(Schema):
    model_config = ConfigDict(extra="forbid")
    reason: StrictStr
    version: StrictInt | None = None


def _arrear(a: Arrear, payments: bool = False) -> dict:
    return {
        "id": a.pk,
        "zone": a.zone.code,
        "number": a.number,
        "enterprise_id": a.enterprise_id,
        "enterprise_name": a.enterprise.name,
        "department_id": a.department_id,
        "department_name": a.department.name,
        "kind": a.kind,
        "basis": a.basis,
        "amount_yuan": a.amount_yuan,
        "paid_yuan": a.paid_yuan,
        "outstanding_yuan": a.outstanding_yuan,
        "due_on": a.due_on,
        "bucket": rules.bucket_of(a.due_on, timezone.localdate()) if a.status == "outstanding" else None,
        "status": a.status,
        "cleared_on": a.cleared_on,
        "confirm_state": a.confirm_state,
        "appeal_id": a.appeal_id,
        "version": a.version,
        "payments": [
            {
                "id": p.pk,
                "paid_on": p.paid_on.isoformat(),
                "amount_yuan": str(p.amount_yuan),
                "voucher": p.voucher,
            }
            for p in a.payments.all()
        ]
        if payments
        else [],
    }


_A = {200: ArrearOut, **errors(401, 403, 404, 409, 422)}


@router.get(
    "/arrears", response={200: ArrearPage, **errors(401, 422)}, summary="拖欠企业账款列表（账龄、确认状态）"
)
def list_arrears(request: ApiRequest, query: Query[ArrearListQuery]):
    qs = arrear_list_for(
        user=request.auth,
        filters=ArrearFilter(
            status=query.status,
            bucket=query.bucket,
            confirm_state=query.confirm_state,
            department=query.department,
            enterprise=query.enterprise,
            q=query.q.strip(),
        ),
    )
    start = (query.page - 1) * query.page_size
    return {
        "count": qs.count(),
        "page": query.page,
        "page_size": query.page_size,
        "items": [_arrear(a) for a in qs[start : start + query.page_size]],
    }


@router.get("/arrears/{int:pk}", response={200: ArrearOut, **errors(401, 404)}, summary="拖欠账款详情")
def get_arrear(request: ApiRequest, pk: int):
    return _arrear(get_arrear_for(request.auth, pk), payments=True)


@router.post("/arrears", response={201: ArrearOut, **errors(401, 403, 404, 422)}, summary="登记拖欠企业账款")
def create_arrear(request: ApiRequest, payload: ArrearIn):
    user = request.auth
    if not user.zone_id:
        raise NotFound()
    data = payload.model_dump()
    data["kind"] = payload.kind.value
    a = services.arrear_create(
        actor=api_actor(request),
        zone_id=user.zone_id,
        enterprise_id=payload.enterprise_id,
        department_id=payload.department_id,
        data=data,
    )
    return Status(201, _arrear(get_arrear_for(user, a.pk), payments=True))


@router.post("/arrears/{int:pk}/payments", response=_A, summary="登记还款（不超过未清偿余额）")
def pay_arrear(request: ApiRequest, pk: int, payload: ArrearPaymentIn):
    services.arrear_pay(
        actor=api_actor(request),
        arrear_id=pk,
        amount_yuan=payload.amount_yuan,
        paid_on=payload.paid_on,
        voucher=payload.voucher,
        version=payload.version,
    )
    return _arrear(get_arrear_for(request.auth, pk), payments=True)


@router.post("/arrears/{int:pk}/confirm", response=_A, summary="债权企业确认账款")
def confirm_arrear(request: ApiRequest, pk: int, payload: ArrearConfirmIn):
    services.arrear_confirm(actor=api_actor(request), arrear_id=pk, version=payload.version)
    return _arrear(get_arrear_for(request.auth, pk), payments=True)


@router.post("/arrears/{int:pk}/dispute", response=_A, summary="债权企业提出异议（转为诉求办理）")
def dispute_arrear(request: ApiRequest, pk: int, payload: ArrearDisputeIn):
    services.arrear_dispute(
        actor=api_actor(request), arrear_id=pk, reason=payload.reason, version=payload.version
    )
    return _arrear(get_arrear_for(request.auth, pk), payments=True)
