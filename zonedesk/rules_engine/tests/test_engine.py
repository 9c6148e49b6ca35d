"""The rule engine without a database: validation by path, three-valued outcomes, traces, gaps,
dated parameters, point tables; hypothesis properties of the logic."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zonedesk.rules_engine.benefit import compile_benefit
from zonedesk.rules_engine.engine import FAIL, PASS, UNKNOWN, Facts, RuleError, compile_rule, validate_rule
from zonedesk.rules_engine.explain import explain, summary

DAY = dt.date(2026, 6, 1)


def facts(**kw):
    return {k: (v, 2025, "测试") for k, v in kw.items()}


def run(when, on=DAY, params=None, **kw):
    rule = compile_rule({"when": when, **({"params": params} if params else {})})
    return rule.evaluate(facts(**kw), on)


# -- validation ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "when, path, words",
    [
        ({"fact": "nosuch", "op": ">=", "value": "1"}, "when.fact", "未知的事实"),
        ({"fact": "revenue", "op": ">=", "value": "4", "unit": "%"}, "when.unit", "不能与“%”比较"),
        ({"fact": "rd_ratio", "op": ">=", "value": "4", "unit": "万元"}, "when.unit", "不能与“万元”比较"),
        ({"all": []}, "when.all", "条件组不能为空"),
        (
            {"any": [{"fact": "revenue", "op": ">=", "value": "1"}, {"all": []}]},
            "when.any[1].all",
            "不能为空",
        ),
        ({"fact": "revenue", "op": "~", "value": "1"}, "when.op", "未知的运算符"),
        ({"fact": "revenue", "op": ">=", "value": 1.5}, "when.value", "不接受浮点数"),
        ({"fact": "revenue", "op": ">=", "value": "abc"}, "when.value", "不是数值"),
        ({"fact": "industry", "op": ">=", "value": "3"}, "when.op", "不是数值"),
        ({"fact": "revenue", "op": "in", "values": ["1"]}, "when.op", "不是分类值"),
        ({"fact": "dishonest", "op": "is", "value": "no"}, "when.value", "true 或 false"),
        ({"fact": "revenue", "op": ">=", "value": {"param": "nope"}}, "when.value", "未定义的参数"),
        ({"fact": "credit_grade", "op": "in", "values": ["AAAA"]}, "when.values", "没有取值"),
        ({"points": [], "op": ">=", "value": "60"}, "when.points", "积分表不能为空"),
        ({"fact": "revenue", "op": "between", "min": "9", "max": "1"}, "when.max", "上限不能小于下限"),
        ({"fact": "revenue", "op": ">=", "value": "1", "expr": "__import__('os')"}, None, None),
    ],
)
def test_bad_rules_are_refused_with_path_and_reason(when, path, words) -> None:
    errors = validate_rule({"when": when})
    if path is None:  # an unknown key is ignored inside a condition, never executed
        assert errors == []
        return
    assert errors, when
    assert any(p == path and words in r for p, r in errors), errors


def test_unknown_top_level_key_and_missing_when() -> None:
    assert validate_rule({"code": "x", "when": {"fact": "revenue", "op": ">", "value": "0"}})[0][0] == "code"
    with pytest.raises(RuleError):
        compile_rule({"all": []})


def test_money_threshold_in_yi_yuan_is_converted() -> None:
    out, _ = run({"fact": "revenue", "op": "<=", "value": "2", "unit": "亿元"}, revenue=Decimal("20000"))
    assert out == PASS
    out, _ = run({"fact": "revenue", "op": "<=", "value": "2", "unit": "亿元"}, revenue=Decimal("20000.01"))
    assert out == FAIL


def test_missing_figure_is_unknown_never_failed() -> None:
    out, trace = run({"fact": "revenue", "op": ">=", "value": "100"})
    assert out == UNKNOWN
    row = explain(compile_rule({"when": {"fact": "revenue", "op": ">=", "value": "100"}}), trace)[0]
    assert row["result"] == "unknown" and row["missing"] == "请填报营业收入"


def test_kleene_groups() -> None:
    f, u = {"fact": "revenue", "op": ">", "value": "1000"}, {"fact": "tax", "op": ">", "value": "1"}
    assert run({"all": [f, u]}, revenue=Decimal(5))[0] == FAIL  # a failure decides all
    assert run({"any": [f, u]}, revenue=Decimal(5))[0] == UNKNOWN
    assert run({"any": [f, u]}, revenue=Decimal(5000))[0] == PASS
    assert run({"not": u})[0] == UNKNOWN


def test_trace_names_fact_value_year_source_threshold() -> None:
    rule = compile_rule(
        {
            "when": {
                "all": [
                    {"fact": "rd_ratio", "op": ">=", "value": "4", "unit": "%"},
                    {"fact": "staff", "op": "<=", "value": "500", "unit": "人"},
                ]
            }
        }
    )
    f = {
        "rd_ratio": (Decimal("3.2"), 2025, "2025 年研发投入 ÷ 营业收入"),
        "rd_spending": (Decimal("275.2"), 2025, "2025 年度数据"),
        "revenue": (Decimal("8600"), 2025, "2025 年度数据"),
        "staff": (120, 2025, "2025 年度数据"),
    }
    out, trace = rule.evaluate(f, DAY)
    assert out == FAIL and len(trace) == len(rule.nodes)
    rows = explain(rule, trace, f)
    rd = rows[1]
    assert (rd["fact"], rd["value"], rd["year"], rd["op"], rd["threshold"], rd["result"]) == (
        "rd_ratio",
        "3.2",
        2025,
        ">=",
        "4",
        "failed",
    )
    # 4 % of 8,600 is 344; 344 − 275.2 = 68.8
    assert rd["gap"] == "还差 0.8%：按 2025 年营业收入 8,600 万元，还差研发投入 68.8 万元"
    assert rows[2]["result"] == "passed"
    assert "研发投入占营业收入比例 3.2%" in summary(rule, trace, f)


def test_dated_parameter_changes_nothing_before_its_date() -> None:
    params = {
        "min": {
            "unit": "%",
            "values": [{"from": "2020-01-01", "value": "3"}, {"from": "2027-01-01", "value": "5"}],
        }
    }
    when = {"fact": "rd_ratio", "op": ">=", "value": {"param": "min"}}
    assert run(when, dt.date(2026, 12, 31), params, rd_ratio=Decimal(4))[0] == PASS
    assert run(when, dt.date(2027, 1, 1), params, rd_ratio=Decimal(4))[0] == FAIL
    assert run(when, dt.date(2019, 12, 31), params, rd_ratio=Decimal(4))[0] == UNKNOWN  # not in force


def test_point_table_sums_and_decides_with_missing_items() -> None:
    when = {
        "points": [
            {"fact": "tech_staff_ratio", "bands": [{"min": "10", "max": None, "points": "20"}]},
            {
                "best_of": [
                    {
                        "fact": "rd_ratio",
                        "bands": [{"min": "6", "points": "50"}, {"max": "6", "points": "0"}],
                    },
                    {"fact": "rd_cost_ratio", "bands": [{"min": "30", "points": "50"}]},
                ]
            },
            {"fact": "certified_high_tech", "if_true": "30"},
        ],
        "op": ">=",
        "value": "60",
    }
    assert run(when, tech_staff_ratio=Decimal(12), rd_ratio=Decimal(7), certified_high_tech=False)[0] == PASS
    assert run(when, tech_staff_ratio=Decimal(12), rd_ratio=Decimal(1), certified_high_tech=False)[0] == FAIL
    # 20 known, 30 possible from the missing flag: 50 < 60 whatever it is → failed.
    assert run(when, tech_staff_ratio=Decimal(12), rd_ratio=Decimal(1))[0] == FAIL
    # 20 + 50 known → passed without the missing flag.
    assert run(when, tech_staff_ratio=Decimal(12), rd_ratio=Decimal(8))[0] == PASS
    assert run(when, rd_ratio=Decimal(1))[0] == FAIL  # 0 + 20 + 30 < 60 at most
    assert run(when, rd_ratio=Decimal(6))[0] == UNKNOWN


def test_rules_are_json_and_never_evaluated_as_code() -> None:
    doc = {"when": {"fact": "industry", "op": "in", "values": ["__import__('os').system('x')"]}}
    rule = compile_rule(json.loads(json.dumps(doc)))
    assert rule.evaluate(facts(industry="30"), DAY)[0] == FAIL


def test_benefit_formulas() -> None:
    f = facts(rd_spending=Decimal("690"), talents=3, revenue=Decimal("8600"))
    assert compile_benefit({"kind": "percent", "fact": "rd_spending", "rate": "10", "cap": "50"}).estimate(f)[
        0
    ] == Decimal("50")
    assert compile_benefit({"kind": "percent", "fact": "rd_spending", "rate": "5"}).estimate(f)[0] == Decimal(
        "34.5"
    )
    assert compile_benefit({"kind": "per_unit", "fact": "talents", "amount": "5"}).estimate(f)[0] == Decimal(
        "15"
    )
    assert compile_benefit(
        {
            "kind": "tiered",
            "fact": "revenue",
            "tiers": [{"min": "0", "amount": "10"}, {"min": "5000", "amount": "20"}],
        }
    ).estimate(f)[0] == Decimal("20")
    assert compile_benefit({"kind": "fixed", "amount": "200000", "unit": "元"}).estimate(f)[0] == Decimal(
        "20"
    )
    assert compile_benefit({"kind": "percent", "fact": "tax", "rate": "5"}).estimate(f)[0] is None


@pytest.mark.parametrize(
    "doc, cap, path",
    [
        ({"kind": "percent", "fact": "rd_spending", "rate": "10"}, Decimal(50), "benefit.cap"),
        ({"kind": "percent", "fact": "rd_spending", "rate": "10", "cap": "80"}, Decimal(50), "benefit.cap"),
        ({"kind": "percent", "fact": "rd_ratio", "rate": "10", "cap": "8"}, None, "benefit.fact"),
        ({"kind": "percent", "fact": "rd_spending", "rate": "150"}, None, "benefit.rate"),
        ({"kind": "lottery"}, None, "benefit.kind"),
        ({"kind": "fixed", "amount": "10", "unit": "%"}, None, "benefit.unit"),
    ],
)
def test_bad_benefit_formulas(doc, cap, path) -> None:
    with pytest.raises(RuleError) as exc:
        compile_benefit(doc, clause_cap=cap)
    assert exc.value.errors[0][0] == path


# -- properties ------------------------------------------------------------------------------------

LEAVES = [
    {"fact": "revenue", "op": ">=", "value": "1000"},
    {"fact": "tax", "op": "<", "value": "50"},
    {"fact": "staff", "op": "between", "min": "10", "max": "500"},
    {"fact": "dishonest", "op": "is", "value": False},
    {"fact": "industry", "op": "in", "values": ["30", "35"]},
]
VALUES = {
    "revenue": st.none() | st.decimals(0, 5000, places=2),
    "tax": st.none() | st.decimals(0, 100, places=2),
    "staff": st.none() | st.integers(0, 1000),
    "dishonest": st.none() | st.booleans(),
    "industry": st.none() | st.sampled_from(["30", "35", "13"]),
}
trees = st.recursive(
    st.sampled_from(LEAVES),
    lambda kids: st.one_of(
        st.lists(kids, min_size=1, max_size=3).map(lambda k: {"all": k}),
        st.lists(kids, min_size=1, max_size=3).map(lambda k: {"any": k}),
        kids.map(lambda k: {"not": k}),
    ),
    max_leaves=8,
)
fact_maps = st.fixed_dictionaries(VALUES)


def _facts(values):
    return {k: (v, 2025, "h") for k, v in values.items() if v is not None}


@settings(max_examples=200, deadline=None)
@given(trees, fact_maps)
def test_double_negation_and_de_morgan(tree, values) -> None:
    f = _facts(values)
    out = compile_rule({"when": tree}).outcome(f, DAY)
    assert compile_rule({"when": {"not": {"not": tree}}}).outcome(f, DAY) == out
    assert compile_rule({"when": {"all": [tree]}}).outcome(f, DAY) == out
    a = compile_rule({"when": {"not": {"all": [tree, LEAVES[0]]}}}).outcome(f, DAY)
    b = compile_rule({"when": {"any": [{"not": tree}, {"not": LEAVES[0]}]}}).outcome(f, DAY)
    assert a == b


@settings(max_examples=200, deadline=None)
@given(trees, fact_maps, fact_maps)
def test_a_decided_outcome_survives_filling_in_missing_figures(tree, values, filler) -> None:
    """Unknown is honest: if the known figures decide the rule, no value of the missing ones
    changes the decision."""
    rule = compile_rule({"when": tree})
    out = rule.outcome(_facts(values), DAY)
    filled = {k: (v if v is not None else filler[k]) for k, v in values.items()}
    if out != UNKNOWN:
        assert rule.outcome(_facts(filled), DAY) == out


@settings(max_examples=200, deadline=None)
@given(trees, fact_maps)
def test_every_node_has_a_trace_entry_and_the_root_is_the_outcome(tree, values) -> None:
    rule = compile_rule({"when": tree})
    out, trace = rule.evaluate(_facts(values), DAY)
    assert [t[0] for t in trace] == list(range(len(rule.nodes)))
    assert trace[0][5] == out
    assert (rule.distance(trace) == 0) == (out != FAIL)


@settings(max_examples=200, deadline=None)
@given(st.decimals(0, 1000, places=2), st.decimals(0, 1000, places=2), st.decimals(0, 1000, places=2))
def test_between_is_two_inclusive_comparisons(v, lo, hi) -> None:
    lo, hi = min(lo, hi), max(lo, hi)
    f = _facts({"revenue": v})
    between = compile_rule({"when": {"fact": "revenue", "op": "between", "min": str(lo), "max": str(hi)}})
    pair = compile_rule(
        {
            "when": {
                "all": [
                    {"fact": "revenue", "op": ">=", "value": str(lo)},
                    {"fact": "revenue", "op": "<=", "value": str(hi)},
                ]
            }
        }
    )
    assert between.outcome(f, DAY) == pair.outcome(f, DAY)


@settings(max_examples=300, deadline=None)
@given(trees, fact_maps)
def test_the_fast_path_equals_the_reference_walk(tree, values) -> None:
    rule = compile_rule({"when": tree})
    f = _facts(values)
    assert rule.evaluate(f, DAY) == rule.evaluate_reference(f, DAY)


@settings(max_examples=300, deadline=None)
@given(trees, fact_maps)
def test_the_decision_without_trace_equals_the_traced_outcome_and_distance(tree, values) -> None:
    rule = compile_rule({"when": tree})
    f = _facts(values)
    out, trace = rule.evaluate(f, DAY)
    assert rule.decide(f, DAY) == (out, rule.distance(trace))


def test_fast_path_equals_reference_on_the_ladder() -> None:
    from zonedesk.cultivation.ladder import LADDER

    f = facts(
        staff=120,
        tech_staff=15,
        tech_staff_ratio=Decimal("12.5"),
        rd_ratio=Decimal(8),
        revenue=Decimal(8600),
        total_assets=Decimal(12000),
        ip_class2=2,
        dishonest=False,
        abnormal=False,
        major_incident=False,
    )
    for doc in LADDER.values():
        rule = compile_rule(doc)
        assert rule.evaluate(f, DAY) == rule.evaluate_reference(f, DAY)
        out, trace = rule.evaluate(f, DAY)
        assert rule.decide(f, DAY) == (out, rule.distance(trace))


def test_decision_equals_trace_on_the_shipped_rules_over_random_enterprises() -> None:
    """The ladder (point tables, best-of, NOT) and the demo policies' clauses, 300 enterprises
    with figures near the thresholds and some missing: the trace-free decision of a zone match
    agrees with the traced evaluation shown on reading."""
    import random

    from zonedesk.cultivation.ladder import LADDER
    from zonedesk.policies.demo import POLICIES
    from zonedesk.rules_engine.facts import BOOL, CODE, FACTS

    docs: list[Any] = [*LADDER.values(), *(c["rule"] for p in POLICIES for c in p["clauses"])]  # type: ignore[index]
    rules = [compile_rule(d) for d in docs]
    used = sorted({k for r in rules for k in r.facts_used})
    rng = random.Random(11)
    outcomes = set()
    for _ in range(300):
        f: Facts = {}
        for key in used:
            if rng.random() < 0.1:
                continue  # missing: unknown
            kind = FACTS[key].kind
            v: Any
            if kind == BOOL:
                v = rng.random() < 0.5
            elif kind == CODE:
                v = rng.choice(["30", "35", "13", "AAA", "B", "high_tech", ""])
            else:
                v = Decimal(rng.randint(0, 4000)) / rng.choice([1, 10, 100])
            f[key] = (v, 2025, "随机")
        for rule in rules:
            out, trace = rule.evaluate(f, DAY)
            assert rule.decide(f, DAY) == (out, rule.distance(trace))
            outcomes.add((out, rule.distance(trace)))
    assert {o for o, _d in outcomes} == {PASS, FAIL, UNKNOWN} and (FAIL, 2) in outcomes
