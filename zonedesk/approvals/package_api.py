"""一件事一次办 over JSON: the same services as the pages, the same coded errors."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import ConfigDict, Field, StrictInt, StrictStr

from zonedesk.approvals.catalogue import settings_for
from zonedesk.approvals.clocks import read_clock
from zonedesk.approvals.package_models import PackageCase
from zonedesk.approvals.package_selectors import CaseFilter, case_list_for, get_case_for
from zonedesk.approvals.packages import current_packages, package_materials
from zonedesk.approvals.services import packages as services
from zonedesk.core.api import api_actor, errors
from zonedesk.core.requests import ApiRequest
from zonedesk.workdays.selectors import work_calendar

router = Router(tags=["packages"])


class PackageItemOut(Schema):
    code: str
    name: str
    department: str
    promised_days: int
    reuses_approval_item: bool


class PackageOut(Schema):
    id: int
    code: str
    name: str
    description: str
    limit_days: int
    catalogue_version: int
    items: list[PackageItemOut]
    material_type_ids: list[int]


class PackageCaseItemOut(Schema):
    id: int
    code: str
    name: str
    department: str
    state: str
    limit_days: int
    due_date: dt.date | None
    used_working_days: int
    clock: str = Field(description="waiting / running / yellow / red / paused / done")
    reason: str


class PackageCaseOut(Schema):
    id: int
    number: str
    package: str
    package_name: str
    enterprise_id: int
    status: str
    submitted_at: dt.datetime
    accepted_at: dt.datetime | None
    completed_at: dt.datetime | None
    visit_count: int = Field(description="到现场次数，0 为不见面")
    visits: list[dict]
    materials: list[dict]
    items: list[PackageCaseItemOut]
    version: int


class PackageCasePage(Schema):
    count: int
    page: int
    page_size: int
    items: list[PackageCaseOut]


class PackageCaseQuery(Schema):
    status: str = Field("", pattern="^(|submitted|in_review|completed|refused|open|overdue)$")
    package: str = ""
    visits: str = Field("", pattern="^(|0|le1|ge2)$")
    q: str = ""
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=200)


class PackageFormIn(Schema):
    model_config = ConfigDict(extra="forbid")
    contact_name: StrictStr
    contact_phone: StrictStr
    summary: StrictStr = ""


class PackageCaseIn(Schema):
    model_config = ConfigDict(extra="forbid")
    package_id: StrictInt
    enterprise_id: StrictInt
    form: PackageFormIn
    construction_project_id: StrictInt | None = None


class PackageVersionIn(Schema):
    model_config = ConfigDict(extra="forbid")
    version: StrictInt | None = None


class PackageRefuseIn(Schema):
    model_config = ConfigDict(extra="forbid")
    reason: StrictStr
    version: StrictInt | None = None


class PackageVisitIn(Schema):
    model_config = ConfigDict(extra="forbid")
    visited_on: dt.date | None = None
    reason: StrictStr


class PackageTextIn(Schema):
    model_config = ConfigDict(extra="forbid")
    text: StrictStr = ""


def _case(case: PackageCase, full: bool = True) -> dict:
    cal, now = work_calendar(), timezone.now()
    ratio = settings_for(case.zone_id).yellow_ratio
    items = []
    if full:
        for ai in case.items.select_related("department", "package_item").prefetch_related("pauses"):
            clock = read_clock(ai, list(ai.pauses.all()), cal, now, ratio)
            items.append(
                {
                    "id": ai.pk,
                    "code": ai.package_item.code,
                    "name": ai.package_item.name,
                    "department": ai.department.name,
                    "state": ai.state,
                    "limit_days": ai.limit_days,
                    "due_date": ai.due_date,
                    "used_working_days": clock.used,
                    "clock": clock.state,
                    "reason": ai.reason,
                }
            )
    return {
        "id": case.pk,
        "number": case.number,
        "package": case.package.code,
        "package_name": case.package.name,
        "enterprise_id": case.enterprise_id,
        "status": case.status,
        "submitted_at": case.submitted_at,
        "accepted_at": case.accepted_at,
        "completed_at": case.completed_at,
        "visit_count": case.visit_count,
        "version": case.version,
        "items": items,
        "visits": [{"on": v.visited_on.isoformat(), "reason": v.reason} for v in case.visits.all()]
        if full
        else [],
        "materials": [
            {
                "material_type_id": m.material_type_id,
                "name": m.material_type.name,
                "requirement": m.requirement,
                "status": m.status,
            }
            for m in case.materials.select_related("material_type")
        ]
        if full
        else [],
    }


def _detail(request: ApiRequest, pk: int) -> dict:
    return _case(get_case_for(request.auth, pk))


_ACT = {200: PackageCaseOut, **errors(401, 403, 404, 409, 422)}


@router.get("/catalogue", response={200: list[PackageOut], **errors(401)}, summary="一件事目录（现行版本）")
def package_catalogue(request: ApiRequest):
    user = request.auth
    if not user.zone_id:
        return []
    return [
        {
            "id": p.pk,
            "code": p.code,
            "name": p.name,
            "description": p.description,
            "limit_days": p.limit_days,
            "catalogue_version": p.version.number,
            "material_type_ids": list(package_materials(p)),
            "items": [
                {
                    "code": i.code,
                    "name": i.name,
                    "department": i.department.name,
                    "promised_days": i.promised_days,
                    "reuses_approval_item": i.approval_item_id is not None,
                }
                for i in p.items.all()
            ],
        }
        for p in current_packages(user.zone_id).select_related("version")
    ]


@router.get("/cases", response={200: PackageCasePage, **errors(401, 422)}, summary="一件事办件列表")
def package_cases(request: ApiRequest, query: Query[PackageCaseQuery]):
    qs = case_list_for(
        user=request.auth,
        filters=CaseFilter(
            status=query.status, package=query.package, visits=query.visits, q=query.q.strip()
        ),
    )
    start = (query.page - 1) * query.page_size
    return {
        "count": qs.count(),
        "page": query.page,
        "page_size": query.page_size,
        "items": [_case(c, full=False) for c in qs[start : start + query.page_size]],
    }


@router.get("/cases/{int:pk}", response={200: PackageCaseOut, **errors(401, 404)}, summary="一件事办件详情")
def package_case(request: ApiRequest, pk: int):
    return _detail(request, pk)


@router.post(
    "/cases",
    response={201: PackageCaseOut, **errors(401, 403, 404, 409, 422)},
    summary="一次申请（一张表单；材料库中有效的材料自动复用）",
)
def package_case_submit(request: ApiRequest, payload: PackageCaseIn):
    case = services.package_case_submit(
        actor=api_actor(request),
        enterprise_id=payload.enterprise_id,
        package_id=payload.package_id,
        form=payload.form.model_dump(),
        construction_project_id=payload.construction_project_id,
    )
    return Status(201, _detail(request, case.pk))


@router.post(
    "/cases/{int:pk}/materials/{int:material_type_id}", response=_ACT, summary="补交清单中缺少的材料"
)
def package_case_material(request: ApiRequest, pk: int, material_type_id: int, file: File[UploadedFile]):
    services.package_case_add_material(
        actor=api_actor(request), case_id=pk, material_type_id=material_type_id, upload=file
    )
    return _detail(request, pk)


@router.post("/cases/{int:pk}/accept", response=_ACT, summary="综合窗口一次受理（各事项同时起算）")
def package_case_accept(request: ApiRequest, pk: int, payload: PackageVersionIn):
    services.package_case_accept(actor=api_actor(request), case_id=pk, version=payload.version)
    return _detail(request, pk)


@router.post("/cases/{int:pk}/refuse", response=_ACT, summary="不予受理")
def package_case_refuse(request: ApiRequest, pk: int, payload: PackageRefuseIn):
    services.package_case_refuse(
        actor=api_actor(request), case_id=pk, reason=payload.reason, version=payload.version
    )
    return _detail(request, pk)


@router.post("/cases/{int:pk}/visits", response=_ACT, summary="记录企业到现场一次（最多跑一次）")
def package_case_visit(request: ApiRequest, pk: int, payload: PackageVisitIn):
    services.package_case_visit_record(
        actor=api_actor(request), case_id=pk, visited_on=payload.visited_on, reason=payload.reason
    )
    return _detail(request, pk)


def _item(request: ApiRequest, pk: int, action: str, text: str) -> dict:
    actor = api_actor(request)
    ai = {
        "approve": lambda: services.package_item_approve(actor=actor, item_id=pk, note=text),
        "refuse": lambda: services.package_item_refuse(actor=actor, item_id=pk, reason=text),
        "supplement": lambda: services.package_item_request_supplement(actor=actor, item_id=pk, reason=text),
        "answer": lambda: services.package_item_answer_supplement(actor=actor, item_id=pk, answer=text),
    }[action]()
    return _detail(request, ai.case_id)


@router.post("/items/{int:pk}/approve", response=_ACT, summary="部门办结本事项")
def package_item_approve(request: ApiRequest, pk: int, payload: PackageTextIn):
    return _item(request, pk, "approve", payload.text)


@router.post("/items/{int:pk}/refuse", response=_ACT, summary="部门不予办理（写明理由）")
def package_item_refuse(request: ApiRequest, pk: int, payload: PackageTextIn):
    return _item(request, pk, "refuse", payload.text)


@router.post("/items/{int:pk}/supplement", response=_ACT, summary="一次性告知补正（暂停计时）")
def package_item_supplement(request: ApiRequest, pk: int, payload: PackageTextIn):
    return _item(request, pk, "supplement", payload.text)


@router.post("/items/{int:pk}/answer", response=_ACT, summary="企业提交补正（恢复计时）")
def package_item_answer(request: ApiRequest, pk: int, payload: PackageTextIn):
    return _item(request, pk, "answer", payload.text)
