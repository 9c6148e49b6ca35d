"""党建 API: every register (list, create). Components: Party*."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q
from django.http import Http404
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import ConfigDict, Field, StrictInt, StrictStr

from zonedesk.core.api import api_actor, errors
from zonedesk.core.errors import ValidationFailed
from zonedesk.core.jsonable import jsonable
from zonedesk.core.registers import register_create
from zonedesk.core.requests import ApiRequest
from zonedesk.enterprises.models import Enterprise
from zonedesk.partybuilding.models import ActivityKind, OrgKind, PartyOrg
from zonedesk.partybuilding.registers import REGISTERS

router = Router(tags=["partybuilding"])


class PartyPageQuery(Schema):
    q: str = ""
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=500)


class PartyRow(Schema):
    id: int
    values: dict[str, Any]


class PartyPage(Schema):
    count: int
    columns: list[str]
    items: list[PartyRow]


class PartyOrgIn(Schema):
    model_config = ConfigDict(extra="forbid")
    enterprise_id: StrictInt
    name: StrictStr
    kind: OrgKind
    secretary: StrictStr
    members: StrictInt = Field(ge=0)
    founded_on: dt.date


class PartyPostIn(Schema):
    model_config = ConfigDict(extra="forbid")
    org_id: StrictInt
    name: StrictStr
    holder: StrictStr
    awarded_on: dt.date


class PartyPairIn(Schema):
    model_config = ConfigDict(extra="forbid")
    enterprise_id: StrictInt
    helper: StrictStr
    helped: StrictStr
    village: StrictStr
    started_on: dt.date
    note: StrictStr = ""


class PartyDonationIn(Schema):
    model_config = ConfigDict(extra="forbid")
    enterprise_id: StrictInt
    amount_wan: Decimal = Field(description="万元")
    purpose: StrictStr
    village: StrictStr
    donated_on: dt.date


class PartyJobsIn(Schema):
    model_config = ConfigDict(extra="forbid")
    enterprise_id: StrictInt
    people: StrictInt = Field(ge=0)
    wage_min: Decimal = Field(Decimal(0), description="元/月")
    wage_max: Decimal = Field(Decimal(0), description="元/月")
    recorded_on: dt.date
    note: StrictStr = ""


class PartyActivityIn(Schema):
    model_config = ConfigDict(extra="forbid")
    enterprise_id: StrictInt
    kind: ActivityKind
    title: StrictStr
    partner: StrictStr = ""
    held_on: dt.date
    participants: StrictInt = Field(0, ge=0)


def _register(request, key: str):
    reg = REGISTERS.get(key)
    if reg is None or not reg.may_view(request.auth):
        raise Http404
    return reg


@router.get(
    "/registers/{key}",
    response={200: PartyPage, **errors(401, 404, 422)},
    summary="党建台账：orgs / posts / pairs / donations / jobs / activities",
)
def list_register(request: ApiRequest, key: str, query: Query[PartyPageQuery]):
    reg = _register(request, key)
    qs = reg.queryset(request.auth)
    if query.q.strip() and reg.search:
        qs = qs.filter(reduce(or_, (Q(**{f"{f}__icontains": query.q.strip()}) for f in reg.search)))
    cols = reg.columns_for(request.auth)
    start = (query.page - 1) * query.page_size
    items = [
        {"id": o.pk, "values": {str(label): jsonable(fn(o)) for label, fn in cols}}
        for o in qs[start : start + query.page_size]
    ]
    return {"count": qs.count(), "columns": [str(label) for label, _fn in cols], "items": items}


def _ref(model, pk: int, field: str, zone_id: int):
    obj = model._default_manager.filter(pk=pk, zone_id=zone_id).first()
    if obj is None:
        raise ValidationFailed({field: "不存在或不属于本园区"})
    return obj


def _create(request, key: str, payload: Schema, refs: dict[str, tuple[type, str]]):
    reg = _register(request, key)
    zone_id = request.auth.zone_id or 0
    data = {
        k: (v.value if hasattr(v, "value") else v) for k, v in payload.model_dump().items() if k not in refs
    }
    for name, (model, target) in refs.items():
        data[target] = _ref(model, getattr(payload, name), name, zone_id)
    obj = register_create(actor=api_actor(request), register=reg, data=data)
    return Status(
        201,
        {
            "id": obj.pk,
            "values": {str(label): jsonable(fn(obj)) for label, fn in reg.columns_for(request.auth)},
        },
    )


ENT = {"enterprise_id": (Enterprise, "enterprise")}


@router.post("/orgs", response={201: PartyRow, **errors(401, 403, 404, 422)}, summary="登记企业党组织")
def create_org(request: ApiRequest, payload: PartyOrgIn):
    return _create(request, "orgs", payload, ENT)


@router.post("/posts", response={201: PartyRow, **errors(401, 403, 404, 422)}, summary="登记党员先锋岗")
def create_post(request: ApiRequest, payload: PartyPostIn):
    return _create(request, "posts", payload, {"org_id": (PartyOrg, "org")})


@router.post("/pairs", response={201: PartyRow, **errors(401, 403, 404, 422)}, summary="登记帮扶对子")
def create_pair(request: ApiRequest, payload: PartyPairIn):
    return _create(request, "pairs", payload, ENT)


@router.post("/donations", response={201: PartyRow, **errors(401, 403, 404, 422)}, summary="登记捐赠")
def create_donation(request: ApiRequest, payload: PartyDonationIn):
    return _create(request, "donations", payload, ENT)


@router.post(
    "/jobs", response={201: PartyRow, **errors(401, 403, 404, 422)}, summary="登记吸纳脱贫家庭人员就业"
)
def create_jobs(request: ApiRequest, payload: PartyJobsIn):
    return _create(request, "jobs", payload, ENT)


@router.post("/activities", response={201: PartyRow, **errors(401, 403, 404, 422)}, summary="登记党建活动")
def create_activity(request: ApiRequest, payload: PartyActivityIn):
    return _create(request, "activities", payload, ENT)


class PartyImportOut(Schema):
    created: int


@router.post(
    "/registers/{key}/import",
    response={201: PartyImportOut, **errors(401, 403, 404, 422)},
    summary="Excel 导入（表头同导入模板；任何一行有误则全部不导入）",
)
def import_register(request: ApiRequest, key: str, file: File[UploadedFile]):
    from zonedesk.core.register_import import import_now
    from zonedesk.core.xlsx_read import read_upload

    reg = _register(request, key)
    created = import_now(
        actor=api_actor(request),
        kind=f"partybuilding-{reg.key}",
        file_name=file.name or "",
        content=read_upload(file),
    )
    return Status(201, {"created": created})
