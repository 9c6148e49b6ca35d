"""Frozen facts: an enterprise's facts written once as JSON when its results are stored; thawed,
they give every rule the very trace and explained rows the original facts gave (gaps of ratios
included), so a stored result is explained on reading exactly as it was decided."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from hypothesis import given, settings

from zonedesk.rules_engine.derive import Snapshot, build_facts
from zonedesk.rules_engine.engine import Facts, compile_rule
from zonedesk.rules_engine.explain import explain
from zonedesk.rules_engine.frozen import freeze, keys_read, thaw
from zonedesk.rules_engine.tests.test_engine import _facts, fact_maps, trees

ON = dt.date(2026, 6, 30)


def _round_trip(rules, facts) -> str:
    text = freeze(facts, keys_read(rules))
    back = thaw(json.loads(text))  # what the JSON column gives back
    for rule in rules:
        assert rule.evaluate(back, ON) == rule.evaluate(facts, ON)
        trace = rule.evaluate(facts, ON)[1]
        assert explain(rule, rule.evaluate(back, ON)[1], back) == explain(rule, trace, facts)
    return text


@settings(max_examples=150, deadline=None)
@given(trees, fact_maps)
def test_any_tree_gives_the_same_trace_on_thawed_facts(tree, values) -> None:
    _round_trip([compile_rule({"when": tree})], _facts(values))


def _snapshot(revenue: str, rd: str, staff: int, tech: int, with_2022: bool = True) -> Snapshot:
    figures = {}
    for year, share in ((2022, "0.7"), (2023, "0.8"), (2024, "0.9"), (2025, "1")):
        if year == 2022 and not with_2022:
            continue
        r = Decimal(revenue) * Decimal(share)
        figures[year] = {
            "revenue": r,
            "tax": r / 25,
            "rd_spending": Decimal(rd) * Decimal(share),
            "staff": staff,
            "tech_staff": tech,
        }
    return Snapshot(
        registered_on=dt.date(2015, 3, 1),
        staff_size=staff,
        industry="39",
        figures=figures,
        entered={
            "high_tech_revenue": {2025: (Decimal(revenue) * Decimal("0.5"), "审计报告")},
            "expert_score": {2025: (Decimal(72), "专家评审")},
            "ip_class2": {2025: (3, "知识产权登记")},
        },
    )


def test_the_ladder_and_the_demo_clauses_explain_the_same_from_frozen_facts() -> None:
    from zonedesk.cultivation.ladder import LADDER
    from zonedesk.policies.demo import POLICIES

    docs: list[Any] = list(LADDER.values()) + [c["rule"] for p in POLICIES for c in p["clauses"]]  # type: ignore[index]
    rules = [compile_rule(doc) for doc in docs]
    snaps = [
        _snapshot("8600", "276", 120, 15),  # R&D 3.2 %: fails the 高企 ratio with a gap in 万元
        _snapshot("30000", "1600", 400, 60, with_2022=False),
        Snapshot(registered_on=dt.date(2024, 1, 1), industry="30"),  # almost nothing known
    ]
    gaps = 0
    for snap in snaps:
        facts = build_facts(snap, ON)
        text = _round_trip(rules, facts)
        assert text == freeze(facts, keys_read(reversed(rules)))  # deterministic: the digest hashes it
        for rule in rules:
            rows = explain(rule, rule.evaluate(thaw(text), ON)[1], thaw(text))
            gaps += any("还差研发投入" in r.get("gap", "") for r in rows)
    assert gaps, "a failed R&D ratio's gap in 万元 must survive freezing"


def test_only_the_facts_the_rules_read_are_frozen_with_their_types() -> None:
    rule = compile_rule({"when": {"fact": "rd_ratio", "op": ">=", "value": "3"}})
    facts: Facts = {
        "rd_ratio": (Decimal("3.20"), 2025, "2025 年研发投入 ÷ 营业收入"),
        "rd_spending": (Decimal("276.00"), 2025, "2025 年度数据"),
        "revenue": (Decimal("8600.00"), 2025, "2025 年度数据"),
        "staff": (120, 2025, "2025 年度数据"),  # not read by the rule: left out
    }
    back = thaw(freeze(facts, keys_read([rule])))
    assert set(back) == {"rd_ratio", "rd_spending", "revenue"}  # the ratio's two figures for its gap
    assert back["rd_ratio"] == facts["rd_ratio"] and type(back["revenue"][0]) is Decimal
    assert str(back["revenue"][0]) == "8600.00"  # the same Decimal, places included


def test_the_summary_names_only_what_decides_a_failure() -> None:
    from zonedesk.rules_engine.explain import summary

    rule = compile_rule(
        {
            "when": {
                "all": [
                    {"fact": "revenue", "op": ">=", "value": "1000", "label": "营业收入"},
                    {"not": {"fact": "industry", "op": "in", "values": ["13", "14"], "label": "农副食品业"}},
                    {"not": {"fact": "tax", "op": ">", "value": "50", "label": "纳税额"}},
                ]
            }
        }
    )
    f: Facts = {"revenue": (Decimal(800), 2025, "年报"), "tax": (Decimal(60), 2025, "年报")}
    f["industry"] = ("30", None, "登记")
    text = summary(rule, rule.evaluate(f, ON)[1], f)
    # the failed revenue with its gap, the tax that must not exceed 50; not the industry (its
    # failed membership is what the rule wants)
    assert text == "营业收入 800 万元，需 ≥ 1,000 万元（还差 200 万元）；纳税额 60 万元，不得 > 50 万元"
    assert "农副食品业" not in text
