"""Parks over the API: occupancy, buildings, units, leases, exits, vacancies and incubation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field, StrictInt, StrictStr

from zonedesk.core.api import api_actor, errors
from zonedesk.core.requests import ApiRequest
from zonedesk.parks import selectors, services
from zonedesk.parks.models import ExitReason, Unit, UnitKind, UnitStatus

router = Router(tags=["parks"])


class ParksOccupancyOut(Schema):
    id: int
    name: str
    leasable_m2: Decimal
    leased_m2: Decimal
    rate_percent: Decimal | None = Field(description="已出租面积 ÷ 可出租面积 × 100")
    units: int
    leased_units: int


class ParksParkOut(Schema):
    id: int
    zone: str
    name: str
    kind: str
    occupancy: ParksOccupancyOut | None


class ParksFlowOut(Schema):
    period: str
    start: dt.date
    end: dt.date
    entries: int
    exits: int


class ParksParkDetailOut(ParksParkOut):
    on: dt.date
    buildings: list[ParksOccupancyOut]
    series: list[dict[str, str | None]] = Field(description="月末入驻率 [{month, rate_percent}]")
    flows: list[ParksFlowOut]


class ParksDayQuery(Schema):
    on: dt.date | None = Field(None, description="日期（默认今天）")


class ParksBuildingIn(Schema):
    model_config = ConfigDict(extra="forbid")
    name: StrictStr
    floors: StrictInt = 1
    note: StrictStr = ""


class ParksBuildingOut(Schema):
    id: int
    park_id: int
    name: str
    floors: int
    note: str = ""
    version: int = 1


class ParksBuildingPatch(Schema):
    """Only the fields sent change; ``version`` is the one read (a stale one is a 409)."""

    model_config = ConfigDict(extra="forbid")
    version: StrictInt
    name: StrictStr | None = None
    floors: StrictInt | None = None
    note: StrictStr | None = None


class ParksUnitPatch(Schema):
    model_config = ConfigDict(extra="forbid")
    version: StrictInt
    code: StrictStr | None = None
    area_m2: Decimal | None = Field(None, description="可租面积，平方米")
    floor: StrictInt | None = None
    kind: UnitKind | None = None
    status: UnitStatus | None = None
    available_since: dt.date | None = None


class ParksLeasePatch(Schema):
    """A running lease's correction; the tenant and the unit are not edited."""

    model_config = ConfigDict(extra="forbid")
    version: StrictInt
    contract_no: StrictStr | None = None
    start_on: dt.date | None = None
    end_on: dt.date | None = None
    rent_yuan_m2_month: Decimal | None = Field(None, description="元/平方米/月")
    free_months: StrictInt | None = None
    deposit_yuan: Decimal | None = None


class ParksUnitIn(Schema):
    model_config = ConfigDict(extra="forbid")
    code: StrictStr
    area_m2: Decimal = Field(description="可租面积，平方米")
    floor: StrictInt = 1
    kind: UnitKind = UnitKind.FACTORY
    status: UnitStatus = UnitStatus.LEASABLE
    available_since: dt.date | None = None


class ParksUnitOut(Schema):
    id: int
    building_id: int
    code: str
    floor: int
    area_m2: Decimal
    kind: str
    status: str
    available_since: dt.date
    version: int


class ParksUnitStatusIn(Schema):
    model_config = ConfigDict(extra="forbid")
    version: StrictInt
    status: UnitStatus


class ParksLeaseIn(Schema):
    model_config = ConfigDict(extra="forbid")
    unit_id: StrictInt
    enterprise_id: StrictInt
    start_on: dt.date
    end_on: dt.date
    rent_yuan_m2_month: Decimal = Field(description="元/平方米/月")
    free_months: StrictInt = 0
    deposit_yuan: Decimal = Decimal("0")
    contract_no: StrictStr = ""


class ParksLeaseOut(Schema):
    id: int
    park: str
    unit_id: int
    unit: str
    area_m2: Decimal
    enterprise_id: int
    enterprise_name: str
    contract_no: str
    start_on: dt.date
    end_on: dt.date
    ended_on: dt.date | None
    occupied_until: dt.date
    rent_yuan_m2_month: Decimal
    free_months: int
    deposit_yuan: Decimal
    version: int = 1


class ParksLeasePage(Schema):
    count: int
    page: int
    page_size: int
    items: list[ParksLeaseOut]


class ParksLeaseQuery(Schema):
    park: int | None = None
    ending_within: int | None = Field(None, ge=0, le=3650, description="N 天内到期")
    active: bool = False
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=200)


class ParksExitIn(Schema):
    model_config = ConfigDict(extra="forbid")
    exited_on: dt.date
    reason: ExitReason
    replacement_id: StrictInt | None = None
    note: StrictStr = ""


class ParksExitOut(Schema):
    id: int
    park_id: int
    enterprise_name: str
    exited_on: dt.date
    reason: str
    replacement_name: str | None
    note: str


class ParksVacancyOut(Schema):
    unit_id: int
    park: str
    unit: str
    area_m2: Decimal
    vacant_since: dt.date
    days_vacant: int


class ParksIncubationIn(Schema):
    model_config = ConfigDict(extra="forbid")
    enterprise_id: StrictInt
    started_on: dt.date


class ParksGraduateIn(Schema):
    model_config = ConfigDict(extra="forbid")
    graduated_on: dt.date


class ParksIncubationOut(Schema):
    id: int
    park_id: int
    enterprise_id: int
    started_on: dt.date
    graduated_on: dt.date | None


def _occ(o) -> dict | None:
    if o is None:
        return None
    return {
        "id": o.key,
        "name": o.name,
        "leasable_m2": o.leasable_m2,
        "leased_m2": o.leased_m2,
        "rate_percent": o.rate,
        "units": o.units,
        "leased_units": o.leased_units,
    }


def _day(query: ParksDayQuery) -> dt.date:
    today = timezone.localdate()
    return min(query.on or today, today)


def _register(request: ApiRequest) -> None:
    if not selectors.may_see_register(request.auth):
        raise Http404


def _lease_out(r) -> dict:
    return {
        "id": r.pk,
        "park": r.unit.building.park.name,
        "unit_id": r.unit_id,
        "unit": str(r.unit),
        "area_m2": r.unit.area_m2,
        "enterprise_id": r.enterprise_id,
        "enterprise_name": r.enterprise.name,
        "contract_no": r.contract_no,
        "start_on": r.start_on,
        "end_on": r.end_on,
        "ended_on": r.ended_on,
        "occupied_until": r.occupied_until,
        "rent_yuan_m2_month": r.rent_yuan_m2_month,
        "free_months": r.free_months,
        "deposit_yuan": r.deposit_yuan,
        "version": r.version,
    }


def _changes(payload: Schema) -> tuple[dict, int]:
    """The fields the client sent (a null is not a change) and the version it read."""
    data = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    version = data.pop("version")
    for key in ("kind", "status"):
        if key in data:
            data[key] = str(getattr(data[key], "value", data[key]))
    return data, version


@router.get(
    "/",
    response={200: list[ParksParkOut], **errors(401, 422)},
    summary="产业园列表及入驻率",
    url_name="parks_list_parks",
)
def list_parks(request: ApiRequest, query: Query[ParksDayQuery]):
    if not selectors.may_see_register(request.auth):
        return []
    day = _day(query)
    occ = selectors.park_occupancy(request.auth.visible_zone_ids, day)
    return [
        {"id": p.pk, "zone": p.zone.code, "name": p.name, "kind": p.kind, "occupancy": _occ(occ.get(p.pk))}
        for p in selectors.park_list_for(request.auth)
    ]


@router.get(
    "/{int:pk}",
    response={200: ParksParkDetailOut, **errors(401, 404, 422)},
    summary="产业园详情：各楼栋入驻率、月末走势、按季度入驻与退出",
    url_name="parks_get_park",
)
def get_park(request: ApiRequest, pk: int, query: Query[ParksDayQuery]):
    park = selectors.get_park_for(request.auth, pk)
    day = _day(query)
    total = selectors.park_occupancy([park.zone_id], day).get(park.pk)
    return {
        "id": park.pk,
        "zone": park.zone.code,
        "name": park.name,
        "kind": park.kind,
        "on": day,
        "occupancy": _occ(total),
        "buildings": [
            _occ(o) for o in selectors.occupancy(Unit.objects.filter(building__park=park), "building", day)
        ],
        "series": [
            {"month": m.strftime("%Y-%m"), "rate_percent": None if r is None else str(r)}
            for m, r in selectors.occupancy_series(park, day)
        ],
        "flows": [
            {
                "period": f["period"].label,
                "start": f["period"].start,
                "end": f["period"].end,
                "entries": f["entries"],
                "exits": f["exits"],
            }
            for f in selectors.flows(park, selectors.quarters(day.year))
        ],
    }


@router.get(
    "/{int:pk}/exits",
    response={200: list[ParksExitOut], **errors(401, 404)},
    summary="退出记录",
    url_name="parks_list_exits",
)
def list_exits(request: ApiRequest, pk: int):
    park = selectors.get_park_for(request.auth, pk)
    return [
        {
            "id": e.pk,
            "park_id": e.park_id,
            "enterprise_name": e.enterprise.name,
            "exited_on": e.exited_on,
            "reason": e.reason,
            "replacement_name": e.replacement.name if e.replacement_id else None,
            "note": e.note,
        }
        for e in selectors.exits_of(park)[:500]
    ]


@router.post(
    "/{int:pk}/buildings",
    response={201: ParksBuildingOut, **errors(401, 403, 404, 422)},
    summary="添加楼栋",
    url_name="parks_create_building",
)
def create_building(request: ApiRequest, pk: int, payload: ParksBuildingIn):
    b = services.building_create(actor=api_actor(request), park_id=pk, data=payload.model_dump())
    return Status(201, b)


@router.patch(
    "/buildings/{int:pk}",
    response={200: ParksBuildingOut, **errors(401, 403, 404, 409, 422)},
    summary="修改楼栋（名称、层数、说明）",
    url_name="parks_update_building",
)
def update_building(request: ApiRequest, pk: int, payload: ParksBuildingPatch):
    data, version = _changes(payload)
    return services.building_update(actor=api_actor(request), building_id=pk, data=data, version=version)


@router.patch(
    "/units/{int:pk}",
    response={200: ParksUnitOut, **errors(401, 403, 404, 409, 422)},
    summary="修改单元（编号、面积、楼层、类型、状态、可出租起始日）",
    url_name="parks_update_unit",
)
def update_unit(request: ApiRequest, pk: int, payload: ParksUnitPatch):
    data, version = _changes(payload)
    return services.unit_update(actor=api_actor(request), unit_id=pk, data=data, version=version)


@router.patch(
    "/leases/{int:pk}",
    response={200: ParksLeaseOut, **errors(401, 403, 404, 409, 422)},
    summary="修改在租租约（日期、租金、免租期、押金、合同编号；与同一单元其他租约重叠为 409）",
    url_name="parks_update_lease",
)
def update_lease(request: ApiRequest, pk: int, payload: ParksLeasePatch):
    data, version = _changes(payload)
    lease = services.lease_update(actor=api_actor(request), lease_id=pk, data=data, version=version)
    return _lease_out(selectors.get_lease_for(request.auth, lease.pk))


@router.get(
    "/buildings/{int:pk}/units",
    response={200: list[ParksUnitOut], **errors(401, 404)},
    summary="楼栋的单元",
    url_name="parks_list_units",
)
def list_units(request: ApiRequest, pk: int):
    b = selectors.get_building_for(request.auth, pk)
    return list(b.units.order_by("floor", "code"))


@router.post(
    "/buildings/{int:pk}/units",
    response={201: ParksUnitOut, **errors(401, 403, 404, 422)},
    summary="添加单元",
    url_name="parks_create_unit",
)
def create_unit(request: ApiRequest, pk: int, payload: ParksUnitIn):
    data = payload.model_dump()
    data["kind"], data["status"] = UnitKind(data["kind"]).value, UnitStatus(data["status"]).value
    return Status(201, services.unit_create(actor=api_actor(request), building_id=pk, data=data))


@router.post(
    "/units/{int:pk}/status",
    response={200: ParksUnitOut, **errors(401, 403, 404, 409, 422)},
    summary="变更单元状态（可出租、改造中、自用）",
    url_name="parks_set_unit_status",
)
def set_unit_status(request: ApiRequest, pk: int, payload: ParksUnitStatusIn):
    return services.unit_set_status(
        actor=api_actor(request), unit_id=pk, status=UnitStatus(payload.status).value, version=payload.version
    )


@router.get(
    "/leases",
    response={200: ParksLeasePage, **errors(401, 422)},
    summary="租约（企业用户只见本企业的）；ending_within 查询 N 天内到期",
    url_name="parks_list_leases",
)
def list_leases(request: ApiRequest, query: Query[ParksLeaseQuery]):
    qs = selectors.lease_list_for(
        user=request.auth,
        park=query.park,
        ending_within=query.ending_within,
        day=timezone.localdate(),
        active=query.active,
    )
    start = (query.page - 1) * query.page_size
    return {
        "count": qs.count(),
        "page": query.page,
        "page_size": query.page_size,
        "items": [_lease_out(r) for r in qs[start : start + query.page_size]],
    }


@router.get(
    "/leases/{int:pk}",
    response={200: ParksLeaseOut, **errors(401, 404)},
    summary="租约详情",
    url_name="parks_get_lease",
)
def get_lease(request: ApiRequest, pk: int):
    return _lease_out(selectors.get_lease_for(request.auth, pk))


@router.post(
    "/leases",
    response={201: ParksLeaseOut, **errors(401, 403, 404, 409, 422)},
    summary="登记租约（同一单元租期不得重叠：重叠为 409）",
    url_name="parks_create_lease",
)
def create_lease(request: ApiRequest, payload: ParksLeaseIn):
    data = payload.model_dump(exclude={"unit_id"})
    lease = services.lease_create(actor=api_actor(request), unit_id=payload.unit_id, data=data)
    return Status(201, _lease_out(selectors.get_lease_for(request.auth, lease.pk)))


@router.post(
    "/leases/{int:pk}/exit",
    response={201: ParksExitOut, **errors(401, 403, 404, 409, 422)},
    summary="登记退出（原因、日期、替换入驻企业）",
    url_name="parks_exit_lease",
)
def exit_lease(request: ApiRequest, pk: int, payload: ParksExitIn):
    row = services.lease_exit(
        actor=api_actor(request),
        lease_id=pk,
        exited_on=payload.exited_on,
        reason=ExitReason(payload.reason).value,
        replacement_id=payload.replacement_id,
        note=payload.note,
    )
    return Status(
        201,
        {
            "id": row.pk,
            "park_id": row.park_id,
            "enterprise_name": row.enterprise.name,
            "exited_on": row.exited_on,
            "reason": row.reason,
            "replacement_name": row.replacement.name if row.replacement_id else None,
            "note": row.note,
        },
    )


@router.get(
    "/vacancies",
    response={200: list[ParksVacancyOut], **errors(401, 422)},
    summary="空置单元及空置天数",
    url_name="parks_list_vacancies",
)
def list_vacancies(request: ApiRequest, query: Query[ParksDayQuery]):
    if not selectors.may_see_register(request.auth):
        return []
    day = _day(query)
    out = []
    for u in selectors.vacancies(user=request.auth, day=day)[:1000]:
        since = selectors.vacant_since(u)
        out.append(
            {
                "unit_id": u.pk,
                "park": u.building.park.name,
                "unit": str(u),
                "area_m2": u.area_m2,
                "vacant_since": since,
                "days_vacant": (day - since).days,
            }
        )
    return out


@router.post(
    "/{int:pk}/incubations",
    response={201: ParksIncubationOut, **errors(401, 403, 404, 422)},
    summary="登记入孵（孵化基地）",
    url_name="parks_start_incubation",
)
def start_incubation(request: ApiRequest, pk: int, payload: ParksIncubationIn):
    return Status(
        201,
        services.incubation_start(
            actor=api_actor(request),
            park_id=pk,
            enterprise_id=payload.enterprise_id,
            started_on=payload.started_on,
        ),
    )


@router.post(
    "/incubations/{int:pk}/graduation",
    response={200: ParksIncubationOut, **errors(401, 403, 404, 409, 422)},
    summary="登记毕业",
    url_name="parks_graduate",
)
def graduate(request: ApiRequest, pk: int, payload: ParksGraduateIn):
    return services.incubation_graduate(
        actor=api_actor(request), incubation_id=pk, graduated_on=payload.graduated_on
    )
