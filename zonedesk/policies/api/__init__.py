"""JSON API of policies: the register, matches with the same traces as the pages, rule
versions (refused with the condition's path), 免申即享 confirmation, awards and payment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field, StrictInt, StrictStr

from zonedesk.core.api import api_actor, errors
from zonedesk.core.errors import Forbidden
from zonedesk.core.requests import ApiRequest
from zonedesk.cultivation.api import CultivationTraceRow
from zonedesk.cultivation.selectors import get_enterprise_for
from zonedesk.policies import selectors, services
from zonedesk.policies.matching import explain_matches
from zonedesk.policies.models import Award
from zonedesk.rules_engine.benefit import basis_display
from zonedesk.rules_engine.explain import localized

router = Router(tags=["policies"])
WRITE_ERRORS = errors(401, 403, 404, 409, 422)


class PolicyStrict(Schema):
    model_config = ConfigDict(extra="forbid")


class PolicyClauseOut(Schema):
    id: int
    code: str
    title: str
    mode: str
    cap: Decimal | None
    rule_version: int
    version: int
    passed: int | None = Field(None, description="符合的企业数（工作人员可见）")
    unknown: int | None = None
    near: int | None = None


class PolicyOut(Schema):
    id: int
    title: str
    number: str
    issuer: str
    valid_from: dt.date
    valid_until: dt.date | None
    demo: bool
    clauses: list[PolicyClauseOut]


class PolicyEvaluationOut(Schema):
    clause_id: int
    clause_title: str
    policy_title: str
    mode: str
    rule_version: int
    outcome: str = Field(description="passed / failed / unknown")
    distance: int = Field(description="还差几项条件（0：符合或仅缺数据）")
    benefit: Decimal | None = Field(description="预计金额（万元）")
    benefit_text: str
    summary: str
    computed_at: dt.datetime | None
    trace: list[CultivationTraceRow]


class PolicyMatchOut(Schema):
    enterprise_id: int
    enterprise_name: str
    outcome: str
    distance: int
    benefit: Decimal | None
    summary: str
    rule_version: int
    computed_at: dt.datetime
    trace: list[CultivationTraceRow] = Field(description="逐条件判定过程（按计算时的规则版本）")


class PolicyMatchPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[PolicyMatchOut]


class PolicyMatchQuery(Schema):
    outcome: str = Field("passed", pattern="^(passed|failed|unknown)$")
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=200)


class PolicyRuleIn(PolicyStrict):
    rule: dict[str, Any]
    benefit: dict[str, Any]
    version: StrictInt
    note: StrictStr = ""


class PolicyRuleOut(Schema):
    clause_id: int
    number: int
    rule: dict[str, Any]
    benefit: dict[str, Any]


class PolicyAutoConfirmIn(PolicyStrict):
    period: StrictInt
    enterprise_ids: list[StrictInt]


class PolicyAwardOut(Schema):
    id: int
    clause_id: int
    enterprise_id: int
    enterprise_name: str
    period: int
    mode: str
    amount: Decimal = Field(description="万元")
    basis: str
    status: str
    rule_version: int
    paid_on: dt.date | None
    payment_ref: str
    version: int


class PolicyAwardDetailOut(PolicyAwardOut):
    trace: list[CultivationTraceRow]


class PolicyAwardPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[PolicyAwardOut]


class PolicyAwardActIn(PolicyStrict):
    version: StrictInt
    paid_on: dt.date | None = None
    payment_ref: StrictStr = ""
    reason: StrictStr = ""


def _award(a: Award, trace: bool = False) -> dict:
    out = {
        "id": a.pk,
        "clause_id": a.clause_id,
        "enterprise_id": a.enterprise_id,
        "enterprise_name": a.enterprise.name,
        "period": a.period,
        "mode": a.mode,
        "amount": a.amount,
        "basis": basis_display(a.basis),
        "status": a.status,
        "rule_version": a.rule_version,
        "paid_on": a.paid_on,
        "payment_ref": a.payment_ref,
        "version": a.version,
    }
    if trace:
        out["trace"] = localized(a.trace)
    return out


@router.get("/", response={200: list[PolicyOut], **errors(401)}, summary="政策文件及条款")
def list_policies(request: ApiRequest):
    staff = request.auth.is_business_staff
    out = []
    for p in selectors.policy_list_for(user=request.auth):
        clauses = [
            {
                "id": c.pk,
                "code": c.code,
                "title": c.title,
                "mode": c.mode,
                "cap": c.cap,
                "rule_version": c.rule_version,
                "version": c.version,
                **({"passed": c.n_passed, "unknown": c.n_unknown, "near": c.n_near} if staff else {}),
            }
            for c in p.clauses.all()
        ]
        out.append(
            {
                "id": p.pk,
                "title": p.title,
                "number": p.number,
                "issuer": p.issuer,
                "valid_from": p.valid_from,
                "valid_until": p.valid_until,
                "demo": p.demo,
                "clauses": clauses,
            }
        )
    return out


@router.get(
    "/enterprises/{enterprise_id}/evaluations",
    response={200: list[PolicyEvaluationOut], **errors(401, 404)},
    summary="企业对每个有效条款的判定：结果、预计金额、逐条件过程（与页面相同）",
)
def enterprise_evaluations(request: ApiRequest, enterprise_id: int):
    e = get_enterprise_for(request.auth, enterprise_id)
    out = []
    for r in selectors.enterprise_evaluations(e, timezone.localdate()):
        c = r["clause"]
        out.append(
            {
                **{
                    k: r[k]
                    for k in (
                        "clause_id",
                        "rule_version",
                        "outcome",
                        "distance",
                        "benefit",
                        "benefit_text",
                        "summary",
                        "computed_at",
                        "trace",
                    )
                },
                "clause_title": c.title,
                "policy_title": c.policy.title,
                "mode": c.mode,
            }
        )
    return out


@router.get(
    "/clauses/{clause_id}/matches",
    response={200: PolicyMatchPage, **errors(401, 403, 404, 422)},
    summary="条款的符合、待补数据、接近符合企业",
)
def clause_matches(request: ApiRequest, clause_id: int, query: Query[PolicyMatchQuery]):
    if not request.auth.is_business_staff:
        raise Forbidden("forbidden", "仅管委会工作人员可查看条款匹配名单")
    clause = selectors.get_clause_for(request.auth, clause_id)
    qs = selectors.matches_for_clause(user=request.auth, clause=clause, outcome=query.outcome)
    start = (query.page - 1) * query.page_size
    items = [
        {
            "enterprise_id": m.enterprise_id,
            "enterprise_name": m.enterprise.name,
            "outcome": m.outcome,
            "distance": m.distance,
            "benefit": m.benefit,
            "summary": m.summary,
            "rule_version": m.rule_version,
            "computed_at": m.computed_at,
            "trace": m.explained,
        }
        for m in explain_matches(qs[start : start + query.page_size])
    ]
    return {"count": qs.count(), "page": query.page, "page_size": query.page_size, "items": items}


@router.post(
    "/clauses/{clause_id}/rules",
    response={201: PolicyRuleOut, **WRITE_ERRORS},
    summary="保存条款规则新版本（校验事实、单位、封顶；错误指明条件路径）",
)
def save_rule(request: ApiRequest, clause_id: int, payload: PolicyRuleIn):
    row = services.clause_rule_save(
        actor=api_actor(request),
        clause_id=clause_id,
        rule=payload.rule,
        benefit=payload.benefit,
        version=payload.version,
        note=payload.note,
    )
    return Status(
        201, {"clause_id": clause_id, "number": row.number, "rule": row.rule, "benefit": row.benefit}
    )


@router.post(
    "/clauses/{clause_id}/auto-awards",
    response={201: list[PolicyAwardOut], **WRITE_ERRORS},
    summary="免申即享：确认符合条件的企业名单（判定过程冻结在兑现记录中）",
)
def auto_confirm(request: ApiRequest, clause_id: int, payload: PolicyAutoConfirmIn):
    awards = services.auto_award_confirm(
        actor=api_actor(request),
        clause_id=clause_id,
        period=payload.period,
        enterprise_ids=payload.enterprise_ids,
    )
    return Status(
        201,
        [_award(a) for a in Award.objects.filter(pk__in=[a.pk for a in awards]).select_related("enterprise")],
    )


@router.get("/awards", response={200: PolicyAwardPage, **errors(401, 422)}, summary="兑现记录")
def list_awards(
    request: HttpRequest,
    status: str = "",
    mode: str = "",
    period: int | None = None,
    page: int = Query(1, ge=1),
    page_size: int = Query(20, ge=1, le=200),
):
    qs = selectors.award_list_for(user=request.auth, status=status, mode=mode, period=period)
    start = (page - 1) * page_size
    return {
        "count": qs.count(),
        "page": page,
        "page_size": page_size,
        "items": [_award(a) for a in qs[start : start + page_size]],
    }


@router.get(
    "/awards/{award_id}",
    response={200: PolicyAwardDetailOut, **errors(401, 404)},
    summary="兑现记录及冻结的判定过程",
)
def get_award(request: ApiRequest, award_id: int):
    return _award(selectors.get_award_for(request.auth, award_id), trace=True)


@router.post(
    "/awards/{award_id}/{action}",
    response={200: PolicyAwardOut, **WRITE_ERRORS},
    summary="审批（approve）、登记拨付（pay）或撤销（cancel）",
)
def act_on_award(request: ApiRequest, award_id: int, action: str, payload: PolicyAwardActIn):
    if action not in ("approve", "pay", "cancel"):
        from django.http import Http404

        raise Http404
    a = services.award_act(
        actor=api_actor(request),
        award_id=award_id,
        action=action,
        version=payload.version,
        paid_on=payload.paid_on,
        payment_ref=payload.payment_ref,
        reason=payload.reason,
    )
    return _award(Award.objects.select_related("enterprise").get(pk=a.pk))
