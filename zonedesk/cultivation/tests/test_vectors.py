"""Hand-computed test vectors for 科技型中小企业 (国科发政〔2017〕115号) and 高新技术企业
(国科发火〔2016〕32号), boundary values included. No database: the shipped rule over facts built
by rules_engine.derive from plain figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from zonedesk.cultivation.ladder import HIGH_TECH, TECH_SME
from zonedesk.rules_engine.derive import Snapshot, build_facts
from zonedesk.rules_engine.engine import FAIL, PASS, UNKNOWN, compile_rule
from zonedesk.rules_engine.explain import explain

ON = dt.date(2026, 6, 30)  # reference year 2025
SME = compile_rule(TECH_SME)
HT = compile_rule(HIGH_TECH)


def sme(
    staff=100,
    tech=30,
    revenue="5000",
    rd="300",
    assets="8000",
    cost=None,
    ip1=0,
    ip2=0,
    certified=(),
    dishonest=False,
    abnormal=False,
    **entered,
):
    fig = {
        "revenue": D(revenue) if revenue is not None else None,
        "rd_spending": D(rd),
        "staff": staff,
        "tech_staff": tech,
    }
    ent = {
        "total_assets": {2025: (D(assets), "年报")},
        "ip_class1": {2025: (ip1, "知识产权")},
        "ip_class2": {2025: (ip2, "知识产权")},
    }
    if cost is not None:
        ent["total_cost"] = {2025: (D(cost), "年报")}
    for k, v in entered.items():
        ent[k] = {0: (v, "登记")}
    s = Snapshot(
        registered_on=dt.date(2015, 1, 1),
        figures={2025: fig},
        entered=ent,
        certified=frozenset(certified),
        dishonest=dishonest,
        abnormal=abnormal,
    )
    return build_facts(s, ON)


# Scores: 科技人员 30/100 = 30 % → 20; R&D 300/5000 = 6 % → 50; no IP → 0: 70.
SME_VECTORS = [
    ("base: 20 + 50 + 0 = 70", {}, PASS),
    ("staff 500 is within the limit", {"staff": 500, "tech": 150}, PASS),
    ("staff 501 is over", {"staff": 501, "tech": 150}, FAIL),
    ("revenue exactly 2 亿元 is within", {"revenue": "20000", "rd": "1200"}, PASS),
    ("revenue 2 亿元 + 1 元 is over", {"revenue": "20000.0001", "rd": "1200"}, FAIL),
    ("assets over 2 亿元", {"assets": "20001"}, FAIL),
    # 科技人员 9/100 → 0 points: the score may reach 60 but the 科技人员 score must not be 0.
    ("tech staff 9 % scores 0 → refused even at 80 points", {"tech": 9, "ip1": 1}, FAIL),
    # 10 % → 4; R&D 6 % → 50; 4 + 50 = 54 < 60.
    ("tech 10 % (4) + R&D 6 % (50) = 54", {"tech": 10}, FAIL),
    # 10 % → 4; R&D 6 % → 50; 1 Ⅱ类 → 6: 60 exactly.
    ("54 + one Ⅱ类 IP (6) = 60 exactly", {"tech": 10, "ip2": 1}, PASS),
    # 30 % → 20; R&D 5.99 % → 40 (band [5, 6)); 0 IP: 60.
    ("R&D 5.99 % falls in the 40-point band", {"rd": "299.5"}, PASS),
    # 29.9 % → 16 (band [25,30)); R&D 5.99 % → 40: 56.
    ("科技人员 29 % (16) + R&D 5.99 % (40) = 56", {"tech": 29, "rd": "299.5"}, FAIL),
    # R&D by cost is better: 300 / 1000 = 30 % → 50 even if revenue ratio is 2 % (10).
    ("best of the two R&D measures counts", {"revenue": "15000", "rd": "300", "cost": "1000"}, PASS),
    ("direct: a valid 高企 certificate", {"tech": 5, "rd": "0", "certified": ("high_tech",)}, PASS),
    ("direct: provincial R&D centre", {"tech": 5, "rd": "0", "provincial_rd_center": True}, PASS),
    (
        "direct qualification does not lift the size limit",
        {"staff": 600, "tech": 5, "certified": ("high_tech",)},
        FAIL,
    ),
    ("on the 经营异常 list", {"abnormal": True}, FAIL),
    ("missing revenue: unknown, not failed", {"revenue": None}, UNKNOWN),
]


@pytest.mark.parametrize("name, kw, expected", SME_VECTORS, ids=[v[0] for v in SME_VECTORS])
def test_tech_sme_vectors(name, kw, expected) -> None:
    outcome, trace = SME.evaluate(sme(**kw), ON)
    assert outcome == expected, explain(SME, trace)


def test_tech_sme_score_is_shown_in_the_trace() -> None:
    f = sme(tech=10, ip2=1)
    _, trace = SME.evaluate(f, ON)
    rows = {r["path"]: r for r in explain(SME, trace, f)}
    total = rows["when.all[4].any[0].all[0]"]
    assert (total["value"], total["threshold"], total["result"]) == ("60", "60", "passed")


def ht(
    revenues=("4000", "4500", "5000"),
    rds=("200", "225", "250"),
    staff=100,
    tech=10,
    hi="3000",
    registered=dt.date(2015, 1, 1),
    ip1=1,
    ip2=0,
    score="75",
    field=True,
    incident=False,
):
    figs = {}
    for year, rev, rd in zip((2023, 2024, 2025), revenues, rds, strict=True):
        if rev is not None:
            figs[year] = {"revenue": D(rev), "rd_spending": D(rd), "staff": staff, "tech_staff": tech}
    ent = {
        "high_tech_revenue": {2025: (D(hi), "专项审计")},
        "ip_class1": {2025: (ip1, "知识产权")},
        "ip_class2": {2025: (ip2, "知识产权")},
        "expert_score": {2025: (D(score), "专家评审")},
        "key_tech_field": {0: (field, "认定申报")},
        "major_incident": {0: (incident, "应急局")},
    }
    return build_facts(Snapshot(registered_on=registered, figures=figs, entered=ent), ON)


# Base: revenue 2025 = 5,000 (含) → band ≤ 5,000: R&D (200+225+250)/(4000+4500+5000) = 5 % exactly.
HT_VECTORS = [
    ("5,000 万元 band at exactly 5 %", {}, PASS),
    ("5,000 万元 band at 4.99 %", {"rds": ("200", "225", "248.6")}, FAIL),
    (
        "5,000.01 万元 is the 4 % band",
        {"revenues": ("4000", "4500", "5000.01"), "rds": ("160", "180", "200.01"), "hi": "3001"},
        PASS,
    ),
    (
        "2 亿元 exactly is still the 4 % band: 3.9 % fails",
        {"revenues": ("18000", "19000", "20000"), "rds": ("702", "741", "780"), "hi": "12000"},
        FAIL,
    ),
    (
        "over 2 亿元 needs 3 %",
        {"revenues": ("18000", "19000", "20001"), "rds": ("540", "570", "600.03"), "hi": "12001"},
        PASS,
    ),
    (
        "over 2 亿元 at 2.99 % fails",
        {"revenues": ("18000", "19000", "20001"), "rds": ("538", "570", "600"), "hi": "12001"},
        FAIL,
    ),
    ("科技人员 10 % exactly passes", {"tech": 10}, PASS),
    ("科技人员 9 % fails", {"tech": 9}, FAIL),
    ("高新产品收入 60 % exactly passes", {"hi": "3000"}, PASS),
    ("高新产品收入 59.99 % fails", {"hi": "2999.5"}, FAIL),
    (
        "registered exactly one year before",
        {"registered": dt.date(2025, 6, 30), "revenues": (None, None, "5000"), "rds": (None, None, "250")},
        PASS,
    ),
    (
        "registered one day short of a year",
        {"registered": dt.date(2025, 7, 1), "revenues": (None, None, "5000"), "rds": (None, None, "250")},
        FAIL,
    ),
    ("no IP at all", {"ip1": 0, "ip2": 0}, FAIL),
    ("Ⅱ类 IP suffices", {"ip1": 0, "ip2": 2}, PASS),
    ("expert score 70 is not 'above 70'", {"score": "70"}, FAIL),
    ("expert score 70.5 passes", {"score": "70.5"}, PASS),
    ("outside the key fields", {"field": False}, FAIL),
    ("a major incident last year", {"incident": True}, FAIL),
    ("a missing year of an older enterprise: unknown", {"revenues": (None, "4500", "5000")}, UNKNOWN),
]


@pytest.mark.parametrize("name, kw, expected", HT_VECTORS, ids=[v[0] for v in HT_VECTORS])
def test_high_tech_vectors(name, kw, expected) -> None:
    outcome, trace = HT.evaluate(ht(**kw), ON)
    assert outcome == expected, explain(HT, trace)


def test_high_tech_gap_is_in_rd_spending() -> None:
    f = ht(rds=("200", "225", "248.6"))
    _, trace = HT.evaluate(f, ON)
    failed = [r for r in explain(HT, trace, f) if r["result"] == "failed" and r["fact"] == "rd_ratio_3y"]
    # 5 % of 13,500 = 675; 675 − 673.6 = 1.4
    assert failed and failed[0]["gap"].endswith("还差近三年研发费用总额 1.4 万元")
