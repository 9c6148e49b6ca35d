"""Standard land over the API: every read and action of the pages (OpenAPI at /api/docs)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import ConfigDict, Field, StrictInt, StrictStr

from zonedesk.core.api import api_actor, errors
from zonedesk.core.requests import ApiRequest
from zonedesk.land import services
from zonedesk.land.models import LandUse, Parcel, ParcelStatus, ProductionReview
from zonedesk.land.selectors import (
    ParcelFilter,
    get_parcel_for,
    get_review_for,
    map_features,
    parcel_list_for,
    review_list_for,
)

router = Router(tags=["land"])


class LandIndicatorsOut(Schema):
    investment_intensity: Decimal = Field(description="固定资产投资强度，万元/亩（不低于）")
    far_min: Decimal
    far_max: Decimal
    tax_per_mu: Decimal = Field(description="亩均税收，万元/亩/年（不低于）")
    energy_per_output: Decimal = Field(description="单位能耗，吨标煤/万元（不高于）")
    environment: str
    extras: list[dict[str, Any]]
    deviation_reason: str


class LandSaleOut(Schema):
    enterprise_id: int
    enterprise_name: str
    sold_on: dt.date
    price_wan: Decimal
    production_due_on: dt.date
    investment_intensity: Decimal
    far_min: Decimal
    far_max: Decimal
    tax_per_mu: Decimal
    energy_per_output: Decimal
    rectify_months: int
    penalty_rate: Decimal
    reclaim_below: Decimal
    has_agreement: bool


class LandParcelOut(Schema):
    id: int
    zone: str
    code: str
    location: str
    area_mu: Decimal = Field(description="面积，亩")
    area_m2: Decimal = Field(description="面积，平方米（1 亩 = 10000/15 平方米）")
    land_use: str
    industry_code: str | None
    park_id: int | None
    park_name: str | None
    status: str
    status_name: str
    boundary: dict[str, Any] | None
    note: str
    indicators: LandIndicatorsOut | None
    sale: LandSaleOut | None
    version: int


class LandParcelPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[LandParcelOut]


class LandParcelQuery(Schema):
    status: str = Field("", pattern="^(|reserve|announced|sold|supplied|producing|reviewed)$")
    park: int | None = None
    q: str = ""
    sold_from: dt.date | None = None
    sold_to: dt.date | None = None
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=200)


class LandParcelIn(Schema):
    model_config = ConfigDict(extra="forbid")
    code: StrictStr
    area_mu: Decimal | None = Field(None, description="亩；与平方米二选一")
    area_m2: Decimal | None = None
    location: StrictStr = ""
    land_use: LandUse = LandUse.INDUSTRIAL
    industry_code: StrictStr | None = None
    park_id: StrictInt | None = None
    boundary: dict[str, Any] | None = Field(None, description="GeoJSON Polygon/MultiPolygon，经纬度")
    note: StrictStr = ""


class LandParcelUpdateIn(Schema):
    model_config = ConfigDict(extra="forbid")
    version: StrictInt
    code: StrictStr | None = None
    area_mu: Decimal | None = None
    area_m2: Decimal | None = None
    location: StrictStr | None = None
    land_use: LandUse | None = None
    industry_code: StrictStr | None = None
    park_id: StrictInt | None = None
    boundary: dict[str, Any] | None = None
    note: StrictStr | None = None


class LandExtraIn(Schema):
    model_config = ConfigDict(extra="forbid")
    key: StrictStr
    label: StrictStr
    unit: StrictStr = ""
    direction: str = Field(pattern="^(min|max)$")
    value: Decimal


class LandIndicatorsIn(Schema):
    model_config = ConfigDict(extra="forbid")
    version: StrictInt
    investment_intensity: Decimal | None = None
    far_min: Decimal | None = None
    far_max: Decimal | None = None
    tax_per_mu: Decimal | None = None
    energy_per_output: Decimal | None = None
    environment: StrictStr = ""
    extras: list[LandExtraIn] = []
    deviation_reason: StrictStr = ""


class LandMoveIn(Schema):
    model_config = ConfigDict(extra="forbid")
    version: StrictInt
    to_status: ParcelStatus


class LandSaleIn(Schema):
    model_config = ConfigDict(extra="forbid")
    version: StrictInt
    enterprise_id: StrictInt
    sold_on: dt.date
    price_wan: Decimal
    production_due_on: dt.date
    investment_intensity: Decimal
    far_min: Decimal
    far_max: Decimal
    tax_per_mu: Decimal
    energy_per_output: Decimal
    rectify_months: StrictInt = 12
    penalty_rate: Decimal = Decimal("1")
    reclaim_below: Decimal = Decimal("0.5")


class LandReviewOut(Schema):
    id: int
    parcel_id: int
    parcel_code: str
    enterprise_name: str
    due_on: dt.date
    status: str
    investment_wan: Decimal | None
    tax_wan: Decimal | None
    energy_tce: Decimal | None
    output_wan: Decimal | None
    floor_area_m2: Decimal | None
    result: dict[str, Any]
    consequence: str
    rectify_until: dt.date | None
    penalty_wan: Decimal | None
    decided_on: dt.date | None
    note: str
    version: int


class LandReviewPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[LandReviewOut]


class LandReviewQuery(Schema):
    status: str = Field("", pattern="^(|due|passed|failed)$")
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=200)


class LandReviewIn(Schema):
    model_config = ConfigDict(extra="forbid")
    version: StrictInt
    investment_wan: Decimal = Field(description="固定资产投资，万元")
    tax_wan: Decimal = Field(description="年度税收，万元")
    tax_year: StrictInt | None = None
    energy_tce: Decimal | None = None
    output_wan: Decimal | None = None
    floor_area_m2: Decimal | None = None
    extras_actual: dict[str, Decimal] = {}
    note: StrictStr = ""


def _parcel_out(p: Parcel) -> dict:
    ind = getattr(p, "indicators", None) if _has(p, "indicators") else None
    sale = p.sale if _has(p, "sale") else None
    return {
        "id": p.pk,
        "zone": p.zone.code,
        "code": p.code,
        "location": p.location,
        "area_mu": p.area_mu,
        "area_m2": p.area_m2,
        "land_use": p.land_use,
        "industry_code": p.industry.code if p.industry_id else None,
        "park_id": p.park_id,
        "park_name": p.park.name if p.park_id else None,
        "status": p.status,
        "status_name": str(p.get_status_display()),
        "boundary": p.boundary,
        "note": p.note,
        "indicators": None
        if ind is None
        else {
            **ind.values(),
            "environment": ind.environment,
            "extras": ind.extras,
            "deviation_reason": ind.deviation_reason,
        },
        "sale": None
        if sale is None
        else {
            **sale.values(),
            "enterprise_id": sale.enterprise_id,
            "enterprise_name": sale.enterprise.name,
            "sold_on": sale.sold_on,
            "price_wan": sale.price_wan,
            "production_due_on": sale.production_due_on,
            "rectify_months": sale.rectify_months,
            "penalty_rate": sale.penalty_rate,
            "reclaim_below": sale.reclaim_below,
            "has_agreement": sale.agreement_id is not None,
        },
        "version": p.version,
    }


def _has(p: Parcel, attr: str) -> bool:
    from django.core.exceptions import ObjectDoesNotExist

    try:
        getattr(p, attr)
    except ObjectDoesNotExist:
        return False
    return True


def _review_out(r: ProductionReview) -> dict:
    return {
        "id": r.pk,
        "parcel_id": r.parcel_id,
        "parcel_code": r.parcel.code,
        "enterprise_name": r.sale.enterprise.name,
        "due_on": r.due_on,
        "status": r.status,
        "investment_wan": r.investment_wan,
        "tax_wan": r.tax_wan,
        "energy_tce": r.energy_tce,
        "output_wan": r.output_wan,
        "floor_area_m2": r.floor_area_m2,
        "result": r.result,
        "consequence": r.consequence,
        "rectify_until": r.rectify_until,
        "penalty_wan": r.penalty_wan,
        "decided_on": r.decided_on,
        "note": r.note,
        "version": r.version,
    }


def _industry(data: dict) -> dict:
    if "industry_code" in data:
        from zonedesk.enterprises.models import Industry

        code = data.pop("industry_code")
        pk = Industry.objects.filter(code=code).values_list("pk", flat=True).first() if code else None
        data["industry_id"] = pk if pk else (-1 if code else None)
    return data


@router.get(
    "/parcels",
    response={200: LandParcelPage, **errors(401, 422)},
    summary="地块列表（筛选、分页）",
    url_name="land_list_parcels",
)
def list_parcels(request: ApiRequest, query: Query[LandParcelQuery]):
    f = ParcelFilter(
        status=query.status,
        park=query.park,
        q=query.q.strip(),
        sold_from=query.sold_from,
        sold_to=query.sold_to,
    )
    qs = parcel_list_for(user=request.auth, filters=f).select_related("indicators")
    start = (query.page - 1) * query.page_size
    rows = list(qs[start : start + query.page_size])
    return {
        "count": qs.count(),
        "page": query.page,
        "page_size": query.page_size,
        "items": [_parcel_out(p) for p in rows],
    }


@router.get(
    "/parcels/geojson",
    response={200: dict[str, Any], **errors(401)},
    summary="有边界的地块（GeoJSON FeatureCollection，按状态着色用）",
    url_name="land_parcels_geojson",
)
def parcels_geojson(request: ApiRequest):
    qs = (
        parcel_list_for(user=request.auth)
        .exclude(boundary__isnull=True)
        .select_related(None)
        .only("pk", "code", "status", "boundary")
    )
    return map_features(qs[:2000])


@router.get(
    "/parcels/{int:pk}",
    response={200: LandParcelOut, **errors(401, 404)},
    summary="地块详情",
    url_name="land_get_parcel",
)
def get_parcel(request: ApiRequest, pk: int):
    return _parcel_out(get_parcel_for(request.auth, pk))


@router.post(
    "/parcels",
    response={201: LandParcelOut, **errors(401, 403, 404, 422)},
    summary="登记地块",
    url_name="land_create_parcel",
)
def create_parcel(request: ApiRequest, payload: LandParcelIn):
    user = request.auth
    if user.zone is None:
        services.require_editor(api_actor(request), -1)
    data = _industry(payload.model_dump())
    data["land_use"] = LandUse(data["land_use"]).value
    p = services.parcel_create(actor=api_actor(request), zone=user.zone, data=data)
    return Status(201, _parcel_out(get_parcel_for(user, p.pk)))


@router.patch(
    "/parcels/{int:pk}",
    response={200: LandParcelOut, **errors(401, 403, 404, 409, 422)},
    summary="修改地块（带版本号）",
    url_name="land_update_parcel",
)
def update_parcel(request: ApiRequest, pk: int, payload: LandParcelUpdateIn):
    data = _industry(payload.model_dump(exclude_unset=True, exclude={"version"}))
    if data.get("land_use") is not None:
        data["land_use"] = LandUse(data["land_use"]).value
    services.parcel_update(actor=api_actor(request), parcel_id=pk, data=data, version=payload.version)
    return _parcel_out(get_parcel_for(request.auth, pk))


@router.put(
    "/parcels/{int:pk}/indicators",
    response={200: LandParcelOut, **errors(401, 403, 404, 409, 422)},
    summary="设置控制指标（未填项取行业默认值）",
    url_name="land_set_indicators",
)
def set_indicators(request: ApiRequest, pk: int, payload: LandIndicatorsIn):
    data = payload.model_dump(exclude={"version"})
    services.parcel_set_indicators(actor=api_actor(request), parcel_id=pk, data=data, version=payload.version)
    return _parcel_out(get_parcel_for(request.auth, pk))


@router.post(
    "/parcels/{int:pk}/moves",
    response={200: LandParcelOut, **errors(401, 403, 404, 409, 422)},
    summary="变更地块状态（出让公告、撤回、供地/开工、达产）",
    url_name="land_move_parcel",
)
def move_parcel(request: ApiRequest, pk: int, payload: LandMoveIn):
    services.parcel_move(
        actor=api_actor(request),
        parcel_id=pk,
        to_status=ParcelStatus(payload.to_status).value,
        version=payload.version,
    )
    return _parcel_out(get_parcel_for(request.auth, pk))


@router.post(
    "/parcels/{int:pk}/sale",
    response={201: LandParcelOut, **errors(401, 403, 404, 409, 422)},
    summary="登记出让与承诺（承诺不得低于控制指标），并排期达产复核",
    url_name="land_sell_parcel",
)
def sell_parcel(request: ApiRequest, pk: int, payload: LandSaleIn):
    data = payload.model_dump(exclude={"version"})
    services.parcel_sell(actor=api_actor(request), parcel_id=pk, data=data, version=payload.version)
    return Status(201, _parcel_out(get_parcel_for(request.auth, pk)))


@router.post(
    "/parcels/{int:pk}/sale/agreement",
    response={200: LandParcelOut, **errors(401, 403, 404, 409, 422)},
    summary="上传已签订的投资协议（PDF）",
    url_name="land_upload_agreement",
)
def upload_agreement(request: ApiRequest, pk: int, file: File[UploadedFile]):
    services.sale_agreement_attach(actor=api_actor(request), parcel_id=pk, upload=file)
    return _parcel_out(get_parcel_for(request.auth, pk))


@router.get(
    "/reviews",
    response={200: LandReviewPage, **errors(401, 422)},
    summary="达产复核列表",
    url_name="land_list_reviews",
)
def list_reviews(request: ApiRequest, query: Query[LandReviewQuery]):
    qs = review_list_for(user=request.auth, status=query.status)
    start = (query.page - 1) * query.page_size
    return {
        "count": qs.count(),
        "page": query.page,
        "page_size": query.page_size,
        "items": [_review_out(r) for r in qs[start : start + query.page_size]],
    }


@router.get(
    "/reviews/{int:pk}",
    response={200: LandReviewOut, **errors(401, 404)},
    summary="达产复核详情",
    url_name="land_get_review",
)
def get_review(request: ApiRequest, pk: int):
    return _review_out(get_review_for(request.auth, pk))


@router.post(
    "/reviews/{int:pk}/decision",
    response={200: LandReviewOut, **errors(401, 403, 404, 409, 422)},
    summary="录入实际数据并作出复核结论（逐项承诺、实际、公式、是否达标及处理）",
    url_name="land_decide_review",
)
def decide_review(request: ApiRequest, pk: int, payload: LandReviewIn):
    data = payload.model_dump(exclude={"version"})
    services.review_decide(actor=api_actor(request), review_id=pk, data=data, version=payload.version)
    return _review_out(get_review_for(request.auth, pk))
