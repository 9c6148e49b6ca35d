"""产学研 API: every register (list, create) and the 揭榜挂帅 workflow. Components: Research*."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import ConfigDict, Field, StrictBool, StrictInt, StrictStr

from zonedesk.core.api import api_actor, errors
from zonedesk.core.errors import ValidationFailed
from zonedesk.core.jsonable import jsonable
from zonedesk.core.registers import register_create
from zonedesk.core.requests import ApiRequest
from zonedesk.enterprises.models import Enterprise
from zonedesk.research import services
from zonedesk.research.models import (
    Alliance,
    AllianceStatus,
    Challenge,
    ExpertLevel,
    Institution,
    InstitutionKind,
)
from zonedesk.research.registers import REGISTERS

router = Router(tags=["research"])


class ResearchPageQuery(Schema):
    q: str = ""
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=500)


class ResearchRow(Schema):
    id: int
    values: dict[str, Any]


class ResearchPage(Schema):
    count: int
    columns: list[str]
    items: list[ResearchRow]


class ResearchInstitutionIn(Schema):
    model_config = ConfigDict(extra="forbid")
    name: StrictStr
    kind: InstitutionKind
    city: StrictStr = ""
    note: StrictStr = ""


class ResearchAgreementIn(Schema):
    model_config = ConfigDict(extra="forbid")
    institution_id: StrictInt
    enterprise_id: StrictInt
    subject: StrictStr
    signed_on: dt.date
    end_on: dt.date | None = None
    amount_wan: Decimal = Field(Decimal(0), description="万元")


class ResearchAllianceIn(Schema):
    model_config = ConfigDict(extra="forbid")
    name: StrictStr
    lead_enterprise_id: StrictInt
    institution_ids: list[StrictInt]
    started_on: dt.date
    status: AllianceStatus = AllianceStatus.ACTIVE


class ResearchExpertIn(Schema):
    model_config = ConfigDict(extra="forbid")
    name: StrictStr
    field: StrictStr
    level: ExpertLevel
    institution_id: StrictInt | None = None
    enterprise_id: StrictInt | None = None
    since: dt.date
    phone: StrictStr = ""


class ResearchChallengeIn(Schema):
    model_config = ConfigDict(extra="forbid")
    title: StrictStr
    lead_enterprise_id: StrictInt
    alliance_id: StrictInt | None = None
    problem: StrictStr
    budget_wan: Decimal = Field(description="万元")
    published_on: dt.date


class ResearchTransplantIn(Schema):
    model_config = ConfigDict(extra="forbid")
    team: StrictStr
    origin: StrictStr
    project: StrictStr
    enterprise_id: StrictInt
    moved_on: dt.date
    investment_wan: Decimal = Field(Decimal(0), description="万元")
    members: StrictInt = Field(1, ge=1)


class ResearchTakeIn(Schema):
    model_config = ConfigDict(extra="forbid")
    team: StrictStr
    team_institution_id: StrictInt | None = None
    taken_on: dt.date
    version: StrictInt | None = None


class ResearchMilestoneIn(Schema):
    model_config = ConfigDict(extra="forbid")
    title: StrictStr
    due_on: dt.date


class ResearchMilestoneDoneIn(Schema):
    model_config = ConfigDict(extra="forbid")
    done_on: dt.date


class ResearchAcceptIn(Schema):
    model_config = ConfigDict(extra="forbid")
    passed: StrictBool
    result: StrictStr
    accepted_on: dt.date
    version: StrictInt | None = None


class ResearchChallengeOut(Schema):
    id: int
    title: str
    status: str
    team: str
    taken_on: dt.date | None
    result: str
    accepted_on: dt.date | None
    version: int
    milestones: list[dict[str, Any]]


def _register(request, key: str):
    reg = REGISTERS.get(key)
    if reg is None or not reg.may_view(request.auth):
        raise Http404
    return reg


@router.get(
    "/registers/{key}",
    response={200: ResearchPage, **errors(401, 404, 422)},
    summary="产学研台账：institutions / agreements / alliances / experts / challenges / transplants",
)
def list_register(request: ApiRequest, key: str, query: Query[ResearchPageQuery]):
    reg = _register(request, key)
    qs = reg.queryset(request.auth)
    if query.q.strip() and reg.search:
        from functools import reduce
        from operator import or_

        from django.db.models import Q

        qs = qs.filter(reduce(or_, (Q(**{f"{f}__icontains": query.q.strip()}) for f in reg.search)))
    cols = reg.columns_for(request.auth)
    start = (query.page - 1) * query.page_size
    items = [
        {"id": o.pk, "values": {str(label): jsonable(fn(o)) for label, fn in cols}}
        for o in qs[start : start + query.page_size]
    ]
    return {"count": qs.count(), "columns": [str(label) for label, _fn in cols], "items": items}


def _ref(model, pk: int | None, field: str, zone_id: int):
    if pk is None:
        return None
    obj = model._default_manager.filter(pk=pk, zone_id=zone_id).first()
    if obj is None:
        raise ValidationFailed({field: "不存在或不属于本园区"})
    return obj


def _create(request, key: str, data: dict) -> Any:
    reg = _register(request, key)
    obj = register_create(actor=api_actor(request), register=reg, data=data)
    return Status(
        201,
        {
            "id": obj.pk,
            "values": {str(label): jsonable(fn(obj)) for label, fn in reg.columns_for(request.auth)},
        },
    )


def _zone(request) -> int:
    return request.auth.zone_id or 0


@router.post(
    "/institutions", response={201: ResearchRow, **errors(401, 403, 404, 422)}, summary="登记合作高校院所"
)
def create_institution(request: ApiRequest, payload: ResearchInstitutionIn):
    return _create(request, "institutions", {**payload.model_dump(), "kind": payload.kind.value})


@router.post(
    "/agreements", response={201: ResearchRow, **errors(401, 403, 404, 422)}, summary="登记产学研合作协议"
)
def create_agreement(request: ApiRequest, payload: ResearchAgreementIn):
    z = _zone(request)
    d = payload.model_dump(exclude={"institution_id", "enterprise_id"})
    d.update(
        institution=_ref(Institution, payload.institution_id, "institution_id", z),
        enterprise=_ref(Enterprise, payload.enterprise_id, "enterprise_id", z),
    )
    return _create(request, "agreements", d)


@router.post(
    "/alliances", response={201: ResearchRow, **errors(401, 403, 404, 422)}, summary="登记产学研联盟"
)
def create_alliance(request: ApiRequest, payload: ResearchAllianceIn):
    z = _zone(request)
    d = payload.model_dump(exclude={"lead_enterprise_id", "institution_ids"})
    d.update(
        status=payload.status.value,
        lead_enterprise=_ref(Enterprise, payload.lead_enterprise_id, "lead_enterprise_id", z),
        institutions=[_ref(Institution, i, "institution_ids", z) for i in payload.institution_ids],
    )
    return _create(request, "alliances", d)


@router.post(
    "/experts", response={201: ResearchRow, **errors(401, 403, 404, 422)}, summary="登记引进专家人才"
)
def create_expert(request: ApiRequest, payload: ResearchExpertIn):
    z = _zone(request)
    d = payload.model_dump(exclude={"institution_id", "enterprise_id"})
    d.update(
        level=payload.level.value,
        institution=_ref(Institution, payload.institution_id, "institution_id", z),
        enterprise=_ref(Enterprise, payload.enterprise_id, "enterprise_id", z),
    )
    return _create(request, "experts", d)


@router.post(
    "/challenges", response={201: ResearchRow, **errors(401, 403, 404, 422)}, summary="发布揭榜挂帅榜单"
)
def create_challenge(request: ApiRequest, payload: ResearchChallengeIn):
    z = _zone(request)
    d = payload.model_dump(exclude={"lead_enterprise_id", "alliance_id"})
    d.update(
        lead_enterprise=_ref(Enterprise, payload.lead_enterprise_id, "lead_enterprise_id", z),
        alliance=_ref(Alliance, payload.alliance_id, "alliance_id", z),
    )
    return _create(request, "challenges", d)


@router.post(
    "/transplants", response={201: ResearchRow, **errors(401, 403, 404, 422)}, summary="登记带土移植团队"
)
def create_transplant(request: ApiRequest, payload: ResearchTransplantIn):
    z = _zone(request)
    d = payload.model_dump(exclude={"enterprise_id"})
    d.update(enterprise=_ref(Enterprise, payload.enterprise_id, "enterprise_id", z))
    return _create(request, "transplants", d)


def _challenge(request, pk: int) -> dict:
    reg = _register(request, "challenges")
    c = reg.queryset(request.auth).filter(pk=pk).first()
    if c is None:
        raise Http404
    return {
        "id": c.pk,
        "title": c.title,
        "status": c.status,
        "team": c.team,
        "taken_on": c.taken_on,
        "result": c.result,
        "accepted_on": c.accepted_on,
        "version": c.version,
        "milestones": [
            {"id": m.pk, "title": m.title, "due_on": m.due_on, "done_on": m.done_on}
            for m in c.milestones.all()
        ],
    }


@router.get(
    "/challenges/{int:pk}",
    response={200: ResearchChallengeOut, **errors(401, 404)},
    summary="揭榜挂帅榜单详情",
)
def get_challenge(request: ApiRequest, pk: int):
    return _challenge(request, pk)


@router.post(
    "/challenges/{int:pk}/take",
    response={200: ResearchChallengeOut, **errors(401, 403, 404, 409, 422)},
    summary="登记揭榜团队",
)
def take_challenge(request: ApiRequest, pk: int, payload: ResearchTakeIn):
    services.challenge_take(
        actor=api_actor(request),
        challenge_id=pk,
        team=payload.team,
        team_institution_id=payload.team_institution_id,
        taken_on=payload.taken_on,
        version=payload.version,
    )
    return _challenge(request, pk)


@router.post(
    "/challenges/{int:pk}/milestones",
    response={201: ResearchChallengeOut, **errors(401, 403, 404, 409, 422)},
    summary="添加攻关节点",
)
def add_milestone(request: ApiRequest, pk: int, payload: ResearchMilestoneIn):
    services.milestone_add(
        actor=api_actor(request), challenge_id=pk, title=payload.title, due_on=payload.due_on
    )
    return Status(201, _challenge(request, pk))


@router.post(
    "/milestones/{int:pk}/done",
    response={200: ResearchChallengeOut, **errors(401, 403, 404, 409, 422)},
    summary="攻关节点完成",
)
def milestone_done(request: ApiRequest, pk: int, payload: ResearchMilestoneDoneIn):
    m = services.milestone_done(actor=api_actor(request), milestone_id=pk, done_on=payload.done_on)
    return _challenge(request, m.challenge_id)


@router.post(
    "/challenges/{int:pk}/acceptance",
    response={200: ResearchChallengeOut, **errors(401, 403, 404, 409, 422)},
    summary="验收揭榜成果",
)
def accept_challenge(request: ApiRequest, pk: int, payload: ResearchAcceptIn):
    services.challenge_accept(
        actor=api_actor(request),
        challenge_id=pk,
        passed=payload.passed,
        result=payload.result,
        accepted_on=payload.accepted_on,
        version=payload.version,
    )
    return _challenge(request, pk)


__all__ = ["Challenge", "router"]


class ResearchImportOut(Schema):
    created: int


@router.post(
    "/registers/{key}/import",
    response={201: ResearchImportOut, **errors(401, 403, 404, 422)},
    summary="Excel 导入（表头同导入模板；任何一行有误则全部不导入）",
)
def import_register(request: ApiRequest, key: str, file: File[UploadedFile]):
    from zonedesk.core.register_import import import_now
    from zonedesk.core.xlsx_read import read_upload

    reg = _register(request, key)
    created = import_now(
        actor=api_actor(request), kind=f"research-{reg.key}", file_name=file.name or "",
        content=read_upload(file),
    )
    return Status(201, {"created": created})
