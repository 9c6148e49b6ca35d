"""JSON API of the ladder: an enterprise's tier with the trace of every rule, the ladder's
counts, and recording facts and certificates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field, StrictBool, StrictInt, StrictStr

from zonedesk.core.api import api_actor, errors
from zonedesk.core.requests import ApiRequest
from zonedesk.cultivation import selectors, services
from zonedesk.cultivation.rules import missing_lines
from zonedesk.rules_engine.explain import localized

router = Router(tags=["cultivation"])


class CultivationStrict(Schema):
    model_config = ConfigDict(extra="forbid")


class CultivationTraceRow(Schema):
    """One condition of a trace: stable codes and figures, and their texts in the request's
    language (Accept-Language)."""

    path: str = Field(description="条件在规则中的路径，如 when.all[2]")
    depth: int
    kind: str = Field(description="all / any / not / compare / between / in / is / points / item / best_of")
    label: str = Field(description="条件说明（请求语言）")
    label_lang: str = Field("", description="说明为区内录入的中文、无英文时为 zh-Hans")
    rule_label: str = Field("", description="规则中录入的说明（中文）")
    rule_label_en: str = Field("", description="规则中录入的英文说明")
    fact: str | None = Field(description="事实代码（事实登记表）")
    value: Any = None
    value_text: str
    year: int | None
    source: str = Field(description="数据来源代码，如 yearly:2025；区内录入的来源为原文")
    source_text: str = ""
    op: str = Field(description="运算符代码：< <= > >= == != between in not_in is")
    op_text: str
    threshold: Any = None
    threshold_text: str
    requirement: str = Field("", description="条件要求的一句话，如 需 ≥ 60 分")
    param: str = ""
    result: str = Field(description="passed / failed / unknown")
    gap: str | None = None
    gap_basis: dict[str, Any] | None = Field(
        None, description="差距的数字：short/over/below/above 与比例的分子分母"
    )
    missing: str | None = None
    missing_fact: str | None = Field(None, description="缺少数据的事实代码")


class CultivationTierOut(Schema):
    tier: str
    outcome: str
    trace: list[CultivationTraceRow]


class CultivationAssessmentOut(Schema):
    enterprise_id: int
    enterprise_name: str
    year: int
    tier: str
    computed_tier: str
    certified: bool
    next_tier: str
    distance: int
    missing: list[str]
    computed_at: dt.datetime
    rule_versions: dict[str, int]
    tiers: list[CultivationTierOut]


class CultivationLadderOut(Schema):
    years: list[int]
    counts: dict[str, dict[str, int]] = Field(description="年度 → 层级 → 企业数")


class CultivationFactIn(CultivationStrict):
    key: StrictStr
    year: StrictInt = 0
    value: StrictStr | StrictBool | StrictInt
    source: StrictStr


class CultivationFactOut(Schema):
    id: int
    key: str
    year: int
    number: str | None
    flag: bool | None
    source: str


@router.get(
    "/enterprises/{enterprise_id}",
    response={200: CultivationAssessmentOut, **errors(401, 404)},
    summary="企业的培育层级与逐级评价过程（每条条件的数据、门槛与结果）",
)
def enterprise_tier(request: ApiRequest, enterprise_id: int):
    e = selectors.get_enterprise_for(request.auth, enterprise_id)
    a = selectors.get_assessment_for(request.auth, e.pk)
    if a is None:
        raise Http404
    tiers = []
    for t, stored in a.traces.items():
        rows = localized(stored)
        tiers.append({"tier": t, "outcome": rows[0]["result"] if rows else "unknown", "trace": rows})
    return {
        "enterprise_id": e.pk,
        "enterprise_name": e.name,
        "year": a.year,
        "tier": a.tier,
        "computed_tier": a.computed_tier,
        "certified": a.certified,
        "next_tier": a.next_tier,
        "distance": a.distance,
        "missing": missing_lines(a.traces, a.next_tier, a.missing),
        "computed_at": a.computed_at,
        "rule_versions": a.rule_versions,
        "tiers": tiers,
    }


@router.get(
    "/ladder", response={200: CultivationLadderOut, **errors(401, 403)}, summary="各层级企业数（按数据年度）"
)
def ladder(request: ApiRequest):
    from zonedesk.core.errors import Forbidden

    if not request.auth.is_business_staff:
        raise Forbidden("forbidden", "仅管委会工作人员可查看梯度培育统计")
    counts = selectors.tier_counts(list(request.auth.visible_zone_ids))
    return {"years": sorted(counts), "counts": {str(y): c for y, c in counts.items()}}


@router.post(
    "/enterprises/{enterprise_id}/facts",
    response={201: CultivationFactOut, **errors(401, 403, 404, 422)},
    summary="登记培育数据（资产总额、高新技术产品收入、知识产权等）；层级与政策匹配随后在后台重算",
)
def record_fact(request: ApiRequest, enterprise_id: int, payload: CultivationFactIn):
    f = services.enterprise_fact_record(
        actor=api_actor(request),
        enterprise_id=enterprise_id,
        key=payload.key,
        year=payload.year,
        value=payload.value,
        source=payload.source,
    )
    return Status(
        201,
        {
            "id": f.pk,
            "key": f.key,
            "year": f.year,
            "number": str(f.number) if f.number is not None else None,
            "flag": f.flag,
            "source": f.source,
        },
    )


class CultivationRuleIn(CultivationStrict):
    rule: dict[str, Any]
    note: StrictStr = ""


class CultivationRuleOut(Schema):
    tier: str
    number: int = Field(description="版本；0 为系统内置规则")
    rule: dict[str, Any]


@router.get("/rules", response={200: list[CultivationRuleOut], **errors(401, 403)}, summary="各层级现行规则")
def list_rules(request: ApiRequest):
    from zonedesk.core.errors import Forbidden
    from zonedesk.cultivation.ladder import LADDER

    if not request.auth.is_business_staff:
        raise Forbidden("forbidden", "仅管委会工作人员可查看")
    ladder = selectors.ladder_rules(request.auth.zone_id)
    return [{"tier": t, "number": n, "rule": r.source if n else LADDER[t]} for t, (n, r) in ladder.items()]


@router.post(
    "/rules/{tier}",
    response={201: CultivationRuleOut, **errors(401, 403, 404, 422)},
    summary="保存层级规则新版本（如独角兽估值门槛、待核定的地方参数）；校验后在后台重算",
)
def save_rule(request: ApiRequest, tier: str, payload: CultivationRuleIn):
    row = services.tier_rule_save(
        actor=api_actor(request),
        zone_id=request.auth.zone_id,
        tier=tier,
        rule=payload.rule,
        note=payload.note,
    )
    return Status(201, {"tier": row.tier, "number": row.number, "rule": row.rule})
