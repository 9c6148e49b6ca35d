"""Compact stored traces: packed to JSON and unpacked with the same rule, a trace is the one
``evaluate`` returned and explains to the very same rows (gaps of ratios included)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from hypothesis import given, settings

from zonedesk.rules_engine.compact import pack, unpack
from zonedesk.rules_engine.derive import Snapshot, build_facts
from zonedesk.rules_engine.engine import compile_rule
from zonedesk.rules_engine.explain import explain
from zonedesk.rules_engine.tests.test_engine import _facts, fact_maps, trees

ON = dt.date(2026, 6, 30)


def _round_trip(rule, trace, facts):
    packed = json.loads(json.dumps(pack(rule, trace, facts)))  # what the JSON column gives back
    back, gap_facts = unpack(rule, packed)
    assert back == trace
    assert explain(rule, back, gap_facts) == explain(rule, trace, facts)
    return packed


@settings(max_examples=150, deadline=None)
@given(trees, fact_maps)
def test_any_tree_round_trips(tree, values) -> None:
    rule = compile_rule({"when": tree})
    f = _facts(values)
    _round_trip(rule, rule.evaluate(f, ON)[1], f)


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


def test_the_ladder_and_the_demo_clauses_round_trip_and_shrink() -> None:
    from zonedesk.cultivation.ladder import LADDER
    from zonedesk.policies.demo import POLICIES

    docs = list(LADDER.values()) + [c["rule"] for p in POLICIES for c in p["clauses"]]
    snaps = [
        _snapshot("8600", "276", 120, 15),  # R&D 3.2 %: fails the 高企 ratio with a gap in 万元
        _snapshot("30000", "1600", 400, 60, with_2022=False),
        Snapshot(registered_on=dt.date(2024, 1, 1), industry="30"),  # almost nothing known
    ]
    gaps = 0
    for snap in snaps:
        facts = build_facts(snap, ON)
        for doc in docs:
            rule = compile_rule(doc)
            trace = rule.evaluate(facts, ON)[1]
            packed = _round_trip(rule, trace, facts)
            rows = explain(rule, trace, facts)
            gaps += any("还差研发投入" in r.get("gap", "") for r in rows)
            # the point of packing: a fraction of the explained rows' size
            assert len(json.dumps(packed, ensure_ascii=False)) < len(json.dumps(rows, ensure_ascii=False)) / 3
    assert gaps, "a failed R&D ratio's gap in 万元 must survive the round trip"


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
    f = {"revenue": (Decimal(800), 2025, "年报"), "tax": (Decimal(60), 2025, "年报")}
    f["industry"] = ("30", None, "登记")
    text = summary(rule, rule.evaluate(f, ON)[1], f)
    # the failed revenue with its gap, the tax that must not exceed 50; not the industry (its
    # failed membership is what the rule wants)
    assert text == "营业收入 800 万元，需 ≥ 1,000 万元（还差 200 万元）；纳税额 60 万元，不得 > 50 万元"
    assert "农副食品业" not in text
