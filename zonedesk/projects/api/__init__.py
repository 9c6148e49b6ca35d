from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field, StrictBool, StrictInt, StrictStr

from zonedesk.core.api import api_actor, errors
from zonedesk.core.errors import NotFound
from zonedesk.dashboard.periods import BadPeriod, parse_period
from zonedesk.organisation.models import Zone
from zonedesk.projects import rules, services
from zonedesk.projects.models import LeadSource, Project, Stage, StewardRole
from zonedesk.projects.selectors import ProjectFilter, aging_for, get_project_for, project_list_for

router = Router(tags=["projects"])


class ProjectOut(Schema):
    id: int
    zone: str
    name: str
    investor_name: str
    enterprise_id: int | None
    enterprise_name: str | None
    chain: str | None
    total_investment_wan: Decimal = Field(description="总投资，万元")
    total_investment_yi: Decimal = Field(description="总投资，亿元（两位小数）")
    yearly_investment_wan: Decimal | None
    stage: str
    stage_name: str
    stage_since: dt.date | None
    days_in_stage: int = Field(description="本阶段已停留的工作日")
    aging: str = Field(description="running / yellow / red")
    entered_on: dt.date
    negotiating_on: dt.date | None
    signed_on: dt.date | None
    started_on: dt.date | None
    production_on: dt.date | None
    partial_use: bool
    partial_use_on: dt.date | None
    is_key: bool
    lead_source: str
    park: str | None
    parcel: str
    project_code: str
    expected_output_wan: Decimal | None
    expected_tax_wan: Decimal | None
    expected_jobs: int | None
    stewards: dict[str, str | None]
    version: int


class ProjectPage(Schema):
    count: int
    total_investment_yi: Decimal
    page: int
    page_size: int
    items: list[ProjectOut]


class ProjectListQuery(Schema):
    view: str = Field(
        "",
        pattern="^(|new|continuing|signed|reserve|negotiating|key)$",
        description="年度口径：new 新建 / continuing 续建 / signed 签约 / reserve / negotiating / key",
    )
    period: str = Field("", description="2026、2026-Q3、2026-05 或 2026-01-01..2026-06-30；view 的期间")
    stage: str = ""
    chain: int | None = None
    key: bool | None = None
    q: str = ""
    zone: int | None = None
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=200)


class ProjectIn(Schema):
    model_config = ConfigDict(extra="forbid")
    name: StrictStr
    total_investment_wan: Decimal = Field(description="总投资，万元")
    investor_name: StrictStr = ""
    enterprise_id: StrictInt | None = None
    self_built: StrictBool = False
    chain_id: StrictInt | None = None
    yearly_investment_wan: Decimal | None = None
    lead_source: LeadSource | None = None
    park_id: StrictInt | None = None
    parcel: StrictStr = ""
    expected_output_wan: Decimal | None = None
    expected_tax_wan: Decimal | None = None
    expected_jobs: StrictInt | None = Field(None, ge=0)
    project_code: StrictStr = ""
    is_key: StrictBool = False
    expected_completion: dt.date | None = None
    parent_id: StrictInt | None = None
    note: StrictStr = ""


class ProjectUpdateIn(Schema):
    model_config = ConfigDict(extra="forbid")
    version: StrictInt
    name: StrictStr | None = None
    total_investment_wan: Decimal | None = None
    investor_name: StrictStr | None = None
    enterprise_id: StrictInt | None = None
    self_built: StrictBool | None = None
    chain_id: StrictInt | None = None
    yearly_investment_wan: Decimal | None = None
    lead_source: LeadSource | None = None
    park_id: StrictInt | None = None
    parcel: StrictStr | None = None
    expected_output_wan: Decimal | None = None
    expected_tax_wan: Decimal | None = None
    expected_jobs: StrictInt | None = Field(None, ge=0)
    project_code: StrictStr | None = None
    is_key: StrictBool | None = None
    expected_completion: dt.date | None = None
    parent_id: StrictInt | None = None
    note: StrictStr | None = None


class MoveIn(Schema):
    model_config = ConfigDict(extra="forbid")
    to_stage: Stage
    on: dt.date | None = None
    note: StrictStr = ""


class StewardIn(Schema):
    model_config = ConfigDict(extra="forbid")
    role: StewardRole
    user_id: StrictInt | None
    on: dt.date | None = None
    note: StrictStr = ""


# API names -> the names the rules use
API_TO_RULES = {
    "total_investment_wan": "total_investment",
    "yearly_investment_wan": "yearly_investment",
    "expected_output_wan": "expected_output",
    "expected_tax_wan": "expected_tax",
    "enterprise_id": "enterprise",
    "chain_id": "chain",
    "park_id": "park",
    "parent_id": "parent",
}


def _data(payload: Schema, *, partial: bool) -> dict:
    data = payload.model_dump(exclude_unset=partial, exclude={"version"})
    out = {API_TO_RULES.get(k, k): v for k, v in data.items()}
    if out.get("lead_source") is None and "lead_source" in out:
        out["lead_source"] = ""
    elif out.get("lead_source") is not None:
        out["lead_source"] = LeadSource(out["lead_source"]).value
    return out


def _out(p: Project, aging) -> dict:
    return {
        "id": p.pk,
        "zone": p.zone.code,
        "name": p.name,
        "investor_name": p.investor_name,
        "enterprise_id": p.enterprise_id,
        "enterprise_name": p.enterprise.name if p.enterprise_id else None,
        "chain": p.chain.name if p.chain_id else None,
        "total_investment_wan": p.total_investment,
        "total_investment_yi": rules.yi(p.total_investment),
        "yearly_investment_wan": p.yearly_investment,
        "stage": p.stage,
        "stage_name": str(p.get_stage_display()),
        "stage_since": p.stage_since,
        "days_in_stage": aging.days,
        "aging": aging.state,
        "entered_on": p.entered_on,
        "negotiating_on": p.negotiating_on,
        "signed_on": p.signed_on,
        "started_on": p.started_on,
        "production_on": p.production_on,
        "partial_use": p.partial_use,
        "partial_use_on": p.partial_use_on,
        "is_key": p.is_key,
        "lead_source": p.lead_source,
        "park": p.park.name if p.park_id else None,
        "parcel": p.parcel,
        "project_code": p.project_code,
        "expected_output_wan": p.expected_output,
        "expected_tax_wan": p.expected_tax,
        "expected_jobs": p.expected_jobs,
        "stewards": {
            r: (getattr(p, r).display_name if getattr(p, f"{r}_id") else None) for r in StewardRole.values
        },
        "version": p.version,
    }


def _detail(request: HttpRequest, pk: int) -> dict:
    p = get_project_for(request.auth, pk)
    return _out(p, aging_for([p])[p.pk])


@router.get(
    "/", response={200: ProjectPage, **errors(401, 422)}, summary="招商项目列表（年度口径、筛选、分页）"
)
def list_projects(request: HttpRequest, query: Query[ProjectListQuery]):
    from django.db.models import Sum

    from zonedesk.core.errors import ValidationFailed
    from zonedesk.projects.selectors import period_for_year

    period = None
    if query.period:
        try:
            period = parse_period(query.period)
        except BadPeriod as exc:
            raise ValidationFailed({"period": str(exc)}) from exc
    elif query.view:
        zone = request.auth.zone
        period = period_for_year(
            zone.reporting_year if zone and zone.reporting_year else timezone.localdate().year
        )
    qs = project_list_for(
        user=request.auth,
        filters=ProjectFilter(
            view=query.view,
            period=period,
            stage=query.stage,
            chain=query.chain,
            is_key=query.key,
            q=query.q.strip(),
            zone=query.zone,
        ),
    ).select_related("env_steward", "safety_steward", "assistant")
    start = (query.page - 1) * query.page_size
    items = list(qs[start : start + query.page_size])
    aging = aging_for(items)
    total = qs.aggregate(t=Sum("total_investment"))["t"] or Decimal(0)
    return {
        "count": qs.count(),
        "total_investment_yi": rules.yi(total),
        "page": query.page,
        "page_size": query.page_size,
        "items": [_out(p, aging[p.pk]) for p in items],
    }


@router.get("/{int:pk}", response={200: ProjectOut, **errors(401, 404)}, summary="招商项目详情")
def get_project(request: HttpRequest, pk: int):
    return _detail(request, pk)


@router.post(
    "/", response={201: ProjectOut, **errors(401, 403, 404, 422)}, summary="登记招商项目（进入储备）"
)
def create_project(request: HttpRequest, payload: ProjectIn):
    user = request.auth
    if not user.zone_id:
        raise NotFound()
    p = services.project_create(
        actor=api_actor(request), zone=Zone.objects.get(pk=user.zone_id), data=_data(payload, partial=False)
    )
    return Status(201, _detail(request, p.pk))


@router.patch(
    "/{int:pk}",
    response={200: ProjectOut, **errors(401, 403, 404, 409, 422)},
    summary="修改招商项目（携带 version）",
)
def update_project(request: HttpRequest, pk: int, payload: ProjectUpdateIn):
    services.project_update(
        actor=api_actor(request), project_id=pk, data=_data(payload, partial=True), version=payload.version
    )
    return _detail(request, pk)


@router.post(
    "/{int:pk}/moves",
    response={200: ProjectOut, **errors(401, 403, 404, 409, 422)},
    summary="阶段变更（经过该阶段的准入条件）",
)
def move_project(request: HttpRequest, pk: int, payload: MoveIn):
    services.project_move(
        actor=api_actor(request),
        project_id=pk,
        to_stage=payload.to_stage.value,
        on=payload.on,
        note=payload.note,
    )
    return _detail(request, pk)


@router.post(
    "/{int:pk}/stewards",
    response={200: ProjectOut, **errors(401, 403, 404, 409, 422)},
    summary="分配或变更管家（记录起止日期）",
)
def assign_steward(request: HttpRequest, pk: int, payload: StewardIn):
    services.project_steward_assign(
        actor=api_actor(request),
        project_id=pk,
        role=payload.role.value,
        user_id=payload.user_id,
        on=payload.on,
        note=payload.note,
    )
    return _detail(request, pk)
