"""Appraisal API: every page action. Component names carry the Appraisal prefix."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404, HttpRequest
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import ConfigDict, Field, StrictBool, StrictInt, StrictStr

from zonedesk.appraisal import excel, selectors, services
from zonedesk.appraisal.models import DecisionKind, PeriodKind, Source, TieRule
from zonedesk.core.api import api_actor, errors
from zonedesk.core.requests import ApiRequest

router = Router(tags=["appraisal"])


class AppraisalPageQuery(Schema):
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=200)


class AppraisalIndicatorIn(Schema):
    model_config = ConfigDict(extra="forbid")
    code: StrictStr
    name: StrictStr
    source: Source
    weight: Decimal = Field(description="分")
    full_at: Decimal = Decimal(100)
    zero_at: Decimal = Decimal(0)
    none_pct: Decimal = Field(Decimal(100), description="无数据时得分比例，%")
    is_veto: StrictBool = False
    veto_at: Decimal | None = None


class AppraisalIndicatorOut(Schema):
    id: int
    code: str
    name: str
    source: str
    weight: Decimal
    full_at: Decimal
    zero_at: Decimal
    none_pct: Decimal
    is_veto: bool
    veto_at: Decimal | None


class AppraisalTemplateIn(Schema):
    model_config = ConfigDict(extra="forbid")
    name: StrictStr
    applies_to: StrictStr
    period_kind: PeriodKind
    indicators: list[AppraisalIndicatorIn]
    excellent_at: Decimal = Decimal(90)
    pass_at: Decimal = Decimal(70)
    basic_at: Decimal = Decimal(60)
    note: StrictStr = ""


class AppraisalTemplateOut(Schema):
    id: int
    name: str
    number: int
    is_current: bool
    applies_to: str
    period_kind: str
    indicators: list[AppraisalIndicatorOut]


class AppraisalMemberIn(Schema):
    model_config = ConfigDict(extra="forbid")
    person_id: StrictInt
    assessor_id: StrictInt
    reviewer_id: StrictInt
    rank_group: StrictStr = ""


class AppraisalPeriodIn(Schema):
    model_config = ConfigDict(extra="forbid")
    name: StrictStr
    template_id: StrictInt
    start: dt.date
    end: dt.date
    members: list[AppraisalMemberIn]
    objection_days: StrictInt = Field(5, ge=0, le=30)
    demote_count: StrictInt = Field(0, ge=0)
    demote_pct: Decimal = Field(Decimal(0), ge=0, le=100)
    dismiss_count: StrictInt = Field(0, ge=0)
    tie_rule: TieRule = TieRule.DERIVED


class AppraisalSheetRow(Schema):
    id: int
    person: str
    department: str
    rank_group: str
    status: str
    derived_score: Decimal
    manual_score: Decimal
    total: Decimal
    vetoed: bool
    veto_reason: str
    grade: str
    place: int | None
    flag: str
    tie_note: str
    version: int


class AppraisalPeriodOut(Schema):
    id: int
    name: str
    template_id: int
    start: dt.date
    end: dt.date
    status: str
    objection_days: int
    publicised_on: dt.date | None
    objection_deadline: dt.date | None
    demote_count: int
    demote_pct: Decimal
    dismiss_count: int
    tie_rule: str
    version: int
    sheets: list[AppraisalSheetRow]


class AppraisalPeriodPage(Schema):
    count: int
    items: list[AppraisalPeriodOut]


class AppraisalScoreOut(Schema):
    id: int
    indicator_id: int
    indicator: str
    source: str
    weight: Decimal
    is_veto: bool
    value: Decimal | None
    numerator: int | None
    denominator: int | None
    basis: str
    points: Decimal | None
    vetoed: bool
    evidence: str
    comment: str


class AppraisalSheetOut(AppraisalSheetRow):
    period_id: int
    self_summary: str
    scores: list[AppraisalScoreOut]


class AppraisalVersionIn(Schema):
    model_config = ConfigDict(extra="forbid")
    version: StrictInt | None = None


class AppraisalSelfIn(AppraisalVersionIn):
    summary: StrictStr


class AppraisalScoreIn(AppraisalVersionIn):
    indicator_id: StrictInt
    points: Decimal | None = None
    evidence: StrictStr = ""
    comment: StrictStr = ""
    veto: StrictBool = False


class AppraisalReviewIn(AppraisalVersionIn):
    approve: StrictBool
    note: StrictStr = ""


class AppraisalObjectionIn(Schema):
    model_config = ConfigDict(extra="forbid")
    reason: StrictStr


class AppraisalDecideIn(Schema):
    model_config = ConfigDict(extra="forbid")
    upheld: StrictBool
    note: StrictStr
    indicator_id: StrictInt | None = None
    points: Decimal | None = None


class AppraisalCorrectionIn(Schema):
    model_config = ConfigDict(extra="forbid")
    indicator_id: StrictInt
    points: Decimal
    reason: StrictStr


class AppraisalDecisionIn(Schema):
    model_config = ConfigDict(extra="forbid")
    kind: DecisionKind
    effective_on: dt.date
    note: StrictStr = ""


class AppraisalDecisionOut(Schema):
    id: int
    sheet_id: int
    person: str
    kind: str
    post_system: str
    effective_on: dt.date
    note: str


class AppraisalBasisRow(Schema):
    id: int
    title: str
    at: str


def _template(t) -> dict:
    return {
        "id": t.pk,
        "name": t.name,
        "number": t.number,
        "is_current": t.is_current,
        "applies_to": t.applies_to,
        "period_kind": t.period_kind,
        "indicators": [
            {
                k: getattr(i, k)
                for k in (
                    "id",
                    "code",
                    "name",
                    "source",
                    "weight",
                    "full_at",
                    "zero_at",
                    "none_pct",
                    "is_veto",
                    "veto_at",
                )
            }
            for i in t.indicators.all()
        ],
    }


def _row(s) -> dict:
    return {
        "id": s.pk,
        "person": s.person.display_name,
        "department": s.department.name,
        "rank_group": s.rank_group,
        "status": s.status,
        "derived_score": s.derived_score,
        "manual_score": s.manual_score,
        "total": s.total,
        "vetoed": s.vetoed,
        "veto_reason": s.veto_reason,
        "grade": s.grade,
        "place": s.place,
        "flag": s.flag,
        "tie_note": s.tie_note,
        "version": s.version,
    }


def _period(request, p) -> dict:
    fields = (
        "name",
        "template_id",
        "start",
        "end",
        "status",
        "objection_days",
        "publicised_on",
        "objection_deadline",
        "demote_count",
        "demote_pct",
        "dismiss_count",
        "tie_rule",
        "version",
    )
    return {
        "id": p.pk,
        **{k: getattr(p, k) for k in fields},
        "sheets": [_row(s) for s in selectors.sheet_list_for(user=request.auth, period=p)],
    }


def _sheet(request, pk: int) -> dict:
    s = selectors.get_sheet_for(request.auth, pk)
    return {
        **_row(s),
        "period_id": s.period_id,
        "self_summary": s.self_summary,
        "scores": [
            {
                "id": sc.pk,
                "indicator_id": sc.indicator_id,
                "indicator": sc.indicator.name,
                "source": sc.indicator.source,
                "weight": sc.indicator.weight,
                "is_veto": sc.indicator.is_veto,
                "value": sc.value,
                "numerator": sc.numerator,
                "denominator": sc.denominator,
                "basis": sc.basis,
                "points": sc.points,
                "vetoed": sc.vetoed,
                "evidence": sc.evidence,
                "comment": sc.comment,
            }
            for sc in selectors.scores_of(s)
        ],
    }


@router.get(
    "/templates",
    response={200: list[AppraisalTemplateOut], **errors(401, 422)},
    summary="考核指标模板（含历史版本）",
)
def list_templates(request: ApiRequest, query: Query[AppraisalPageQuery]):
    start = (query.page - 1) * query.page_size
    qs = selectors.template_list_for(user=request.auth).prefetch_related("indicators")
    return [_template(t) for t in qs[start : start + query.page_size]]


@router.post(
    "/templates",
    response={201: AppraisalTemplateOut, **errors(401, 403, 422)},
    summary="新建指标模板，或同名模板的新版本",
)
def create_template(request: ApiRequest, payload: AppraisalTemplateIn):
    data = payload.model_dump()
    data["indicators"] = [
        {**i, "source": str(i["source"].value if hasattr(i["source"], "value") else i["source"])}
        for i in data["indicators"]
    ]
    t = services.template_create(
        actor=api_actor(request),
        zone_id=request.auth.zone_id or 0,
        period_kind=str(payload.period_kind.value),
        **{k: v for k, v in data.items() if k != "period_kind"},
    )
    return Status(201, _template(t))


@router.post(
    "/templates/import",
    response={201: list[AppraisalTemplateOut], **errors(401, 403, 422)},
    summary="从 Excel 导入指标模板（每行一个指标；全部成功或全部不导入，错误指明行、列和规则）",
)
def import_templates(request: HttpRequest, file: File[UploadedFile]):
    created = excel.templates_import(actor=api_actor(request), content=file.read())
    return Status(201, [_template(t) for t in created])


@router.get(
    "/periods",
    response={200: AppraisalPeriodPage, **errors(401, 422)},
    summary="考核期列表（只含可见的考核表）",
)
def list_periods(request: ApiRequest, query: Query[AppraisalPageQuery]):
    qs = selectors.period_list_for(user=request.auth)
    start = (query.page - 1) * query.page_size
    return {"count": qs.count(), "items": [_period(request, p) for p in qs[start : start + query.page_size]]}


@router.post(
    "/periods",
    response={201: AppraisalPeriodOut, **errors(401, 403, 422)},
    summary="新建考核期（每人一张考核表，系统数据指标即时计算）",
)
def create_period(request: ApiRequest, payload: AppraisalPeriodIn):
    p = services.period_create(
        actor=api_actor(request),
        zone_id=request.auth.zone_id or 0,
        name=payload.name,
        template_id=payload.template_id,
        start=payload.start,
        end=payload.end,
        members=[m.model_dump() for m in payload.members],
        objection_days=payload.objection_days,
        demote_count=payload.demote_count,
        demote_pct=payload.demote_pct,
        dismiss_count=payload.dismiss_count,
        tie_rule=str(payload.tie_rule.value),
    )
    return Status(201, _period(request, p))


@router.get(
    "/periods/{int:pk}", response={200: AppraisalPeriodOut, **errors(401, 404)}, summary="考核期与排名"
)
def get_period(request: ApiRequest, pk: int):
    return _period(request, selectors.get_period_for(request.auth, pk))


PERIOD_ACTIONS = {
    "refresh": services.period_refresh,
    "publish": services.period_publish,
    "finalise": services.period_finalise,
}


@router.post(
    "/periods/{int:pk}/{action}",
    response={200: AppraisalPeriodOut, **errors(401, 403, 404, 409, 422)},
    summary="考核期操作：refresh 重算 / publish 排序并公示 / finalise 定档",
)
def period_action(request: ApiRequest, pk: int, action: str, payload: AppraisalVersionIn):
    if action not in PERIOD_ACTIONS:
        raise Http404
    PERIOD_ACTIONS[action](actor=api_actor(request), period_id=pk, version=payload.version)
    return _period(request, selectors.get_period_for(request.auth, pk))


@router.get(
    "/sheets/{int:pk}",
    response={200: AppraisalSheetOut, **errors(401, 404)},
    summary="考核表（各指标的值、计算过程和得分）",
)
def get_sheet(request: ApiRequest, pk: int):
    return _sheet(request, pk)


@router.get(
    "/sheets/{int:pk}/basis/{int:score_id}",
    response={200: list[AppraisalBasisRow], **errors(401, 404, 422)},
    summary="系统数据指标背后的办件",
)
def sheet_basis(request: ApiRequest, pk: int, score_id: int, query: Query[AppraisalPageQuery]):
    s = selectors.get_sheet_for(request.auth, pk)
    sc = next((x for x in selectors.scores_of(s) if x.pk == score_id and not x.indicator.is_manual), None)
    if sc is None:
        raise Http404
    start = (query.page - 1) * query.page_size
    out = []
    for r in selectors.basis_rows(s, sc)[start : start + query.page_size]:
        title = getattr(r, "case_title", None) or getattr(r, "title", None) or str(r)
        at = (
            getattr(r, "decided_at", None)
            or getattr(r, "rated_at", None)
            or getattr(r, "replied_at", None)
            or getattr(r, "moved_on", None)
        )
        out.append({"id": r.pk, "title": str(title), "at": at.isoformat() if at else ""})
    return out


@router.post(
    "/sheets/{int:pk}/self-assessment",
    response={200: AppraisalSheetOut, **errors(401, 403, 404, 409, 422)},
    summary="被考核人自评",
)
def self_assess(request: ApiRequest, pk: int, payload: AppraisalSelfIn):
    services.sheet_self_assess(
        actor=api_actor(request), sheet_id=pk, summary=payload.summary, version=payload.version
    )
    return _sheet(request, pk)


@router.post(
    "/sheets/{int:pk}/scores",
    response={200: AppraisalSheetOut, **errors(401, 403, 404, 409, 422)},
    summary="考核人人工评分（含一票否决指标）",
)
def enter_score(request: ApiRequest, pk: int, payload: AppraisalScoreIn):
    services.score_enter(
        actor=api_actor(request),
        sheet_id=pk,
        indicator_id=payload.indicator_id,
        points=payload.points,
        evidence=payload.evidence,
        comment=payload.comment,
        veto=payload.veto,
        version=payload.version,
    )
    return _sheet(request, pk)


@router.post(
    "/sheets/{int:pk}/submit",
    response={200: AppraisalSheetOut, **errors(401, 403, 404, 409, 422)},
    summary="考核人提交部门审核",
)
def submit_sheet(request: ApiRequest, pk: int, payload: AppraisalVersionIn):
    services.sheet_submit(actor=api_actor(request), sheet_id=pk, version=payload.version)
    return _sheet(request, pk)


@router.post(
    "/sheets/{int:pk}/review",
    response={200: AppraisalSheetOut, **errors(401, 403, 404, 409, 422)},
    summary="部门审核：通过或退回",
)
def review_sheet(request: ApiRequest, pk: int, payload: AppraisalReviewIn):
    services.sheet_review(
        actor=api_actor(request),
        sheet_id=pk,
        approve=payload.approve,
        note=payload.note,
        version=payload.version,
    )
    return _sheet(request, pk)


@router.post(
    "/sheets/{int:pk}/objections",
    response={201: AppraisalSheetOut, **errors(401, 403, 404, 409, 422)},
    summary="公示期内对考核结果提出异议",
)
def raise_objection(request: ApiRequest, pk: int, payload: AppraisalObjectionIn):
    services.objection_raise(actor=api_actor(request), sheet_id=pk, reason=payload.reason)
    return Status(201, _sheet(request, pk))


@router.post(
    "/objections/{int:pk}/decision",
    response={200: AppraisalSheetOut, **errors(401, 403, 404, 409, 422)},
    summary="复核异议（复核人不得是考核人）",
)
def decide_objection(request: ApiRequest, pk: int, payload: AppraisalDecideIn):
    o = services.objection_decide(
        actor=api_actor(request),
        objection_id=pk,
        upheld=payload.upheld,
        note=payload.note,
        indicator_id=payload.indicator_id,
        points=payload.points,
    )
    return _sheet(request, o.sheet_id)


@router.post(
    "/sheets/{int:pk}/corrections",
    response={201: AppraisalSheetOut, **errors(401, 403, 404, 409, 422)},
    summary="公示或定档后的更正（留痕）",
)
def correct_score(request: ApiRequest, pk: int, payload: AppraisalCorrectionIn):
    services.score_correct(
        actor=api_actor(request),
        sheet_id=pk,
        indicator_id=payload.indicator_id,
        points=payload.points,
        reason=payload.reason,
    )
    return Status(201, _sheet(request, pk))


@router.post(
    "/sheets/{int:pk}/decisions",
    response={201: AppraisalDecisionOut, **errors(401, 403, 404, 409, 422)},
    summary="记录员额制/聘任制聘用决定（以定档考核为依据）",
)
def record_decision(request: ApiRequest, pk: int, payload: AppraisalDecisionIn):
    d = services.decision_record(
        actor=api_actor(request),
        sheet_id=pk,
        kind=str(payload.kind.value),
        effective_on=payload.effective_on,
        note=payload.note,
    )
    return Status(201, _decision(d))


def _decision(d) -> dict:
    return {
        "id": d.pk,
        "sheet_id": d.sheet_id,
        "person": d.sheet.person.display_name,
        "kind": d.kind,
        "post_system": d.post_system,
        "effective_on": d.effective_on,
        "note": d.note,
    }


@router.get("/decisions", response={200: list[AppraisalDecisionOut], **errors(401, 422)}, summary="聘用决定")
def list_decisions(request: ApiRequest, query: Query[AppraisalPageQuery]):
    start = (query.page - 1) * query.page_size
    return [
        _decision(d) for d in selectors.decision_list_for(user=request.auth)[start : start + query.page_size]
    ]
