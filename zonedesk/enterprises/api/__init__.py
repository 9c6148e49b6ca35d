from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field, StrictInt, StrictStr

from zonedesk.core.api import api_actor, errors
from zonedesk.core.errors import NotFound, ValidationFailed
from zonedesk.core.pagination import BadCursor, capped_count, keyset_page
from zonedesk.enterprises import services
from zonedesk.enterprises.models import CreditGrade, Enterprise, FlagKind, GrowthTier
from zonedesk.enterprises.rules import industry_code_of
from zonedesk.enterprises.selectors import (
    EnterpriseFilter,
    enterprise_list_for,
    get_enterprise_for,
)
from zonedesk.organisation.models import Zone

router = Router(tags=["enterprises"])

Grade = Annotated[StrictStr, Field(pattern="^(|" + "|".join(CreditGrade.values) + ")$")]
Tier = Annotated[StrictStr, Field(pattern="^(" + "|".join(v for v in GrowthTier.values if v) + "|)$")]


class FlagOut(Schema):
    id: int
    kind: str
    kind_name: str
    listed_on: dt.date
    removed_on: dt.date | None
    source: str


class EnterpriseFigureOut(Schema):
    year: int
    revenue_wan: Decimal | None = Field(description="营业收入，万元")
    tax_wan: Decimal | None = Field(description="纳税额，万元")
    rd_spending_wan: Decimal | None = Field(description="研发投入，万元")
    staff: int | None
    tech_staff: int | None


class EnterpriseOut(Schema):
    id: int
    zone: str
    credit_code: str
    name: str
    legal_representative: str
    industry_code: str
    industry_name: str
    park_id: int | None
    park_name: str | None
    address: str
    registered_on: dt.date | None
    staff_size: int | None
    credit_grade: str
    credit_source: str
    credit_valid_until: dt.date | None
    growth_tier: str
    contact_name: str
    contact_phone: str
    active_flags: list[FlagOut]
    version: int


class EnterpriseDetailOut(EnterpriseOut):
    flags: list[FlagOut]
    figures: list[EnterpriseFigureOut]


class EnterprisePage(Schema):
    count: int
    count_capped: bool = Field(False, description="超过 10,000 家时 count 为 10000，表示“10,000+”")
    page: int
    page_size: int
    next_cursor: str | None = Field(None, description="下一页游标（cursor 参数），没有下一页时为空")
    items: list[EnterpriseOut]


class EnterpriseIn(Schema):
    model_config = ConfigDict(extra="forbid")
    credit_code: StrictStr
    name: StrictStr
    legal_representative: StrictStr
    industry_code: StrictStr = Field(description="GB/T 4754-2017 大类代码，如 C30 或 30")
    park_id: StrictInt | None = None
    address: StrictStr = ""
    registered_on: dt.date | None = None
    staff_size: StrictInt | None = Field(default=None, ge=0)
    credit_grade: Grade = ""
    credit_source: StrictStr = ""
    credit_valid_until: dt.date | None = None
    growth_tier: Tier = ""
    contact_name: StrictStr = ""
    contact_phone: StrictStr = ""


class EnterpriseUpdateIn(Schema):
    model_config = ConfigDict(extra="forbid")
    version: StrictInt = Field(description="编辑所基于的版本；与当前版本不符时返回 409")
    credit_code: StrictStr | None = None
    name: StrictStr | None = None
    legal_representative: StrictStr | None = None
    industry_code: StrictStr | None = None
    park_id: StrictInt | None = None
    address: StrictStr | None = None
    registered_on: dt.date | None = None
    staff_size: StrictInt | None = Field(default=None, ge=0)
    credit_grade: Grade | None = None
    credit_source: StrictStr | None = None
    credit_valid_until: dt.date | None = None
    growth_tier: Tier | None = None
    contact_name: StrictStr | None = None
    contact_phone: StrictStr | None = None


class FlagIn(Schema):
    model_config = ConfigDict(extra="forbid")
    kind: FlagKind
    listed_on: dt.date
    source: StrictStr = ""
    note: StrictStr = ""


class EnterpriseListQuery(Schema):
    q: str = ""
    industry: str = Field("", description="行业大类代码，如 30")
    park: int | None = None
    credit_grade: str = ""
    growth_tier: str = ""
    flagged: bool | None = None
    zone: int | None = Field(None, description="省级用户按园区筛选")
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=200)
    cursor: str = Field("", description="上一页返回的 next_cursor：按游标翻页，深页同样快（忽略 page）")


def _flag(f) -> dict:
    return {"id": f.pk, "kind": f.kind, "kind_name": str(f.get_kind_display()),
            "listed_on": f.listed_on, "removed_on": f.removed_on, "source": f.source}


def _out(e: Enterprise, active_flags=None) -> dict:
    return {
        "id": e.pk, "zone": e.zone.code, "credit_code": e.credit_code, "name": e.name,
        "legal_representative": e.legal_representative,
        "industry_code": f"{e.industry.section}{e.industry.code}", "industry_name": e.industry.name,
        "park_id": e.park_id, "park_name": e.park.name if e.park_id else None,
        "address": e.address, "registered_on": e.registered_on, "staff_size": e.staff_size,
        "credit_grade": e.credit_grade, "credit_source": e.credit_source,
        "credit_valid_until": e.credit_valid_until, "growth_tier": e.growth_tier,
        "contact_name": e.contact_name, "contact_phone": e.contact_phone,
        "active_flags": [_flag(f) for f in (active_flags if active_flags is not None
                                            else getattr(e, "active_flags", []))],
        "version": e.version,
    }


def _detail(request: HttpRequest, pk: int) -> dict:
    import django.utils.timezone as tz

    e = get_enterprise_for(request.auth, pk)
    flags = list(e.flags.all())
    today = tz.localdate()
    out = _out(e, [f for f in flags if f.active_on(today)])
    out["flags"] = [_flag(f) for f in flags]
    out["figures"] = [
        {"year": f.year, "revenue_wan": f.revenue, "tax_wan": f.tax,
         "rd_spending_wan": f.rd_spending, "staff": f.staff, "tech_staff": f.tech_staff}
        for f in e.figures.all()
    ]
    return out


def _input(payload: Schema, *, partial: bool) -> dict:
    data = payload.model_dump(exclude_unset=partial, exclude={"version"})
    if "park_id" in data:
        data["park"] = data.pop("park_id")
    return data


# The rules name a field as the form and the import do; the API names it as its schema does,
# so the "loc" of an error points at the key the client sent.
API_FIELD = {"park": "park_id", "park_id": "park_id", "industry_id": "industry_code"}


def _api_errors(exc: ValidationFailed) -> ValidationFailed:
    return ValidationFailed({API_FIELD.get(k, k): v for k, v in exc.errors.items()}, code=exc.code)


@router.get("/", response={200: EnterprisePage, **errors(401, 422)}, summary="企业列表（分页、筛选）")
def list_enterprises(request: HttpRequest, query: Query[EnterpriseListQuery]):
    qs = enterprise_list_for(user=request.auth, filters=EnterpriseFilter(
        q=query.q.strip(), industry=industry_code_of(query.industry) or query.industry,
        park=query.park, credit_grade=query.credit_grade,
        growth_tier=query.growth_tier, flagged=query.flagged, zone=query.zone))
    next_cursor = None
    if query.cursor or query.page == 1:
        # Keyset on the list's order (name, id): an index range however deep.
        try:
            page = keyset_page(qs, ["name", "id"], query.page_size, query.cursor or None)
        except BadCursor:
            raise ValidationFailed({"cursor": gettext("游标无效，请从第一页重新翻页")}) from None
        items, next_cursor = page.rows, page.next_cursor
    else:
        start = (query.page - 1) * query.page_size
        items = list(qs[start:start + query.page_size])
    total = capped_count(qs)
    return {"count": total.value, "count_capped": total.capped, "page": query.page,
            "page_size": query.page_size, "next_cursor": next_cursor, "items": [_out(e) for e in items]}


@router.get("/{int:pk}", response={200: EnterpriseDetailOut, **errors(401, 404)},
            summary="企业详情")
def get_enterprise(request: HttpRequest, pk: int):
    return _detail(request, pk)


@router.post("/", response={201: EnterpriseDetailOut, **errors(401, 403, 404, 422)},
             summary="登记企业")
def create_enterprise(request: HttpRequest, payload: EnterpriseIn):
    user = request.auth
    if not user.zone_id:
        raise NotFound()
    zone = Zone.objects.get(pk=user.zone_id)
    try:
        e = services.enterprise_create(actor=api_actor(request), zone=zone,
                                       data=_input(payload, partial=False))
    except ValidationFailed as exc:
        raise _api_errors(exc) from exc
    return Status(201, _detail(request, e.pk))


@router.patch("/{int:pk}", response={200: EnterpriseDetailOut, **errors(401, 403, 404, 409, 422)},
              summary="修改企业（携带 version，防止覆盖他人修改）")
def update_enterprise(request: HttpRequest, pk: int, payload: EnterpriseUpdateIn):
    try:
        services.enterprise_update(actor=api_actor(request), enterprise_id=pk,
                                   data=_input(payload, partial=True), version=payload.version)
    except ValidationFailed as exc:
        raise _api_errors(exc) from exc
    return _detail(request, pk)


@router.post("/{int:pk}/flags", response={201: FlagOut, **errors(401, 403, 404, 409, 422)},
             summary="登记列入失信/经营异常名单")
def add_flag(request: HttpRequest, pk: int, payload: FlagIn):
    flag = services.enterprise_flag_add(actor=api_actor(request), enterprise_id=pk,
                                        kind=payload.kind.value, listed_on=payload.listed_on,
                                        source=payload.source, note=payload.note)
    return Status(201, _flag(flag))
