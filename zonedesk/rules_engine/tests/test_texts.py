"""Traces in the reader's language (issue 15): the same evaluation explained in Chinese and in
English, a stored row shown again in the other language, source codes, amounts per language,
and every label of the shipped rules carrying its English."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any, cast

import pytest
from django.utils import translation

from zonedesk.rules_engine.benefit import compile_benefit
from zonedesk.rules_engine.engine import compile_rule
from zonedesk.rules_engine.explain import explain, localized, summary
from zonedesk.rules_engine.texts import money, quantity, source_text

DAY = dt.date(2026, 6, 1)
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
TEXTS = ("label", "value_text", "op_text", "threshold_text", "requirement", "gap", "missing", "source_text")

RULE = {
    "when": {
        "all": [
            {
                "fact": "rd_ratio",
                "op": ">=",
                "value": "4",
                "unit": "%",
                "label": "研发投入占比不低于 4%",
                "label_en": "R&D spending at least 4% of revenue",
            },
            {"fact": "dishonest", "op": "is", "value": False},
            {"fact": "staff", "op": "<=", "value": "500", "unit": "人", "label": "职工总数不超过 500 人"},
            {"fact": "total_assets", "op": "<=", "value": "2", "unit": "亿元"},
        ]
    }
}
FACTS = {
    "rd_spending": (Decimal("276"), 2025, "yearly:2025"),
    "revenue": (Decimal("8600"), 2025, "yearly:2025"),
    "rd_ratio": (Decimal("276") * 100 / Decimal("8600"), 2025, "ratio:rd_spending:revenue:2025"),
    "dishonest": (False, None, "dishonesty_list"),
    "staff": (620, 2025, "yearly:2025"),
}


def _explained(language: str):
    rule = compile_rule(RULE)
    _outcome, trace = rule.evaluate(FACTS, DAY)
    with translation.override(language):
        return explain(rule, trace, FACTS), summary(rule, trace, FACTS)


def test_chinese_trace_keeps_its_wording() -> None:
    rows, line = _explained("zh-hans")
    rd = rows[1]
    assert rd["label"] == "研发投入占比不低于 4%" and rd["label_lang"] == ""
    assert rd["gap"] == "还差 0.79%：按 2025 年营业收入 8,600 万元，还差研发投入 68 万元"
    assert rd["requirement"] == "需 ≥ 4%" and rd["source_text"] == "2025 年研发投入 ÷ 营业收入"
    assert rows[2]["requirement"] == "需 为 否" and rows[2]["source_text"] == "失信名单记录"
    assert rows[4]["missing"] == "请填报资产总额"
    assert line.startswith("研发投入占比不低于 4% 3.21%，需 ≥ 4%（还差 0.79%")


def test_english_trace_has_no_chinese_but_the_zones_own_label() -> None:
    rows, line = _explained("en")
    rd, staff = rows[1], rows[3]
    assert rd["label"] == "R&D spending at least 4% of revenue"
    assert rd["gap"] == (
        "0.79% short: with Operating revenue CNY 86 million in 2025, R&D expenditure needs CNY 680,000 more"
    )
    assert rows[2]["requirement"] == "must be No"
    assert staff["value_text"] == "620 people" and staff["gap"] == "120 people over"
    # a rule label entered without English stays Chinese, marked as such
    assert (staff["label"], staff["label_lang"]) == ("职工总数不超过 500 人", "zh-Hans")
    assert rows[4]["missing"].startswith("Please enter ")
    for row in rows:
        for key in TEXTS:
            if key == "label" and row["label_lang"]:
                continue
            assert not HAN.search(row.get(key) or ""), (key, row)
    assert line.startswith("R&D spending at least 4% of revenue: 3.21%, must be ≥ 4%")


def test_a_stored_row_reads_in_the_readers_language() -> None:
    zh, _line = _explained("zh-hans")
    with translation.override("en"):
        again = localized(zh)
    en, _line = _explained("en")
    assert again == en


def test_a_row_stored_before_codes_keeps_its_texts_marked() -> None:
    legacy = [
        {"path": "when", "depth": 0, "kind": "all", "label": "同时满足以下全部条件", "fact": None,
         "value": None, "value_text": "", "year": None, "source": "", "op": "", "op_text": "",
         "threshold": None, "threshold_text": "", "param": "", "result": "failed"},
        {"path": "when.all[0]", "depth": 1, "kind": "compare", "label": "年销售收入不超过 2 亿元",
         "fact": "revenue", "value": "21300", "value_text": "21,300 万元", "year": 2025,
         "source": "2025 年度数据", "op": "<=", "op_text": "≤", "threshold": "20000",
         "threshold_text": "20,000 万元", "param": "", "result": "failed", "gap": "超出 1,300 万元"},
    ]
    with translation.override("en"):
        rows = localized(legacy)
    assert rows[0]["label"] == "All of the following conditions"
    assert (rows[1]["label"], rows[1]["label_lang"]) == ("年销售收入不超过 2 亿元", "zh-Hans")
    assert rows[1]["value_text"] == "CNY 213 million"
    assert rows[1]["requirement"] == "must be ≤ CNY 200 million"
    assert (rows[1]["source_text"], rows[1]["source_lang"]) == ("2025 年度数据", "zh-Hans")
    assert (rows[1]["gap"], rows[1]["gap_lang"]) == ("超出 1,300 万元", "zh-Hans")


@pytest.mark.parametrize(
    "code, zh, en",
    [
        ("yearly:2025", "2025 年度数据", "2025 annual figures"),
        ("ratio:tech_staff:staff:2025", "2025 年科技人员数 ÷ 职工总数", None),
        ("sum:rd_spending:2023:2025", "2023–2025 年研发投入合计", None),
        ("growth:2025", "2025 年比 2024 年", "2025 against 2024"),
        ("founded:2012-05-01", "成立日期 2012-05-01", "Founded on 2012-05-01"),
        ("融资协议", "融资协议", "融资协议"),  # entered by the zone: shown as it is
    ],
)
def test_sources_are_codes_with_words_per_language(code, zh, en) -> None:
    with translation.override("zh-hans"):
        assert source_text(code) == (zh, "")
    with translation.override("en"):
        text, lang = source_text(code)
    assert not HAN.search(text) or lang == "zh-Hans"
    if en is not None:
        assert text == en


def test_amounts_and_units_per_language() -> None:
    with translation.override("zh-hans"):
        assert (money(Decimal("68.8")), quantity(1, "年"), quantity(Decimal("2.5"), "年")) == (
            "68.8 万元",
            "1 年",
            "2.5 年",
        )
    with translation.override("en"):
        assert money(Decimal("68.8")) == "CNY 688,000"
        assert money(Decimal("4380")) == "CNY 43.8 million"
        assert (quantity(1, "年"), quantity(Decimal("2.5"), "年"), quantity(3, "项")) == (
            "1 year",
            "2.5 years",
            "3 items",
        )


def test_benefit_basis_per_language() -> None:
    formula = compile_benefit({"kind": "percent", "fact": "rd_spending", "rate": "10", "cap": "20"})
    with translation.override("zh-hans"):
        assert formula.estimate(FACTS)[1] == "2025 年研发投入 276 万元 × 10% = 27.6 万元，封顶 20 万元"
    with translation.override("en"):
        amount, how = formula.estimate(FACTS)
    assert amount == Decimal("20") and not HAN.search(how), how


def _labelled(node, out: list) -> list:
    if isinstance(node, dict):
        if "label" in node:
            out.append(node)
        for v in node.values():
            _labelled(v, out)
    elif isinstance(node, list):
        for v in node:
            _labelled(v, out)
    return out


def test_every_shipped_label_has_its_english() -> None:
    from zonedesk.cultivation.ladder import LADDER
    from zonedesk.policies.demo import POLICIES

    clauses = [c for p in cast("list[dict]", POLICIES) for c in p["clauses"]]
    docs = [*LADDER.values(), *(c["rule"] for c in clauses)]
    labelled = _labelled(docs, [])
    assert len(labelled) > 60
    untranslated = [n["label"] for n in labelled if not n.get("label_en") or HAN.search(n["label_en"])]
    assert untranslated == []
    for doc in docs:
        compile_rule(doc)  # label_en is accepted and kept


def test_refused_rule_reads_in_english():
    """Issue 15: the rule editor's validation messages follow the reader's language; the same
    refusals in Chinese keep their text."""
    from zonedesk.rules_engine.engine import validate_rule

    doc = {
        "when": {
            "all": [
                {"fact": "staff", "op": ">=", "value": "x"},
                {"fact": "staff", "op": "in", "values": ["a"]},
                {"fact": "nope", "op": ">=", "value": "1"},
            ]
        }
    }
    with translation.override("en"):
        errors = validate_rule(doc)
    assert len(errors) >= 3
    for _path, message in errors:
        assert not HAN.search(message), message
    with translation.override("zh-hans"):
        zh = dict(validate_rule(doc))
    assert "“x”不是数值" in zh.values()


def test_industry_codes_show_with_their_names_in_both_languages() -> None:
    """Issue 15: "30 需 属于 30、31、33" told a reader nothing; the GB/T 4754 大类 names follow
    the codes (enterprises/industries.py, msgids), in the reader's language."""
    rule = compile_rule({"when": {"fact": "industry", "op": "in", "values": ["30", "31", "33"]}})
    facts: dict[str, tuple[Any, int | None, str]] = {"industry": ("30", None, "registry")}
    _outcome, trace = rule.evaluate(facts, DAY)
    with translation.override("zh-hans"):
        row = explain(rule, trace, facts)[0]
    assert row["value_text"] == "30 非金属矿物制品业"
    assert row["requirement"] == "需 属于 30 非金属矿物制品业、31 黑色金属冶炼和压延加工业、33 金属制品业"
    with translation.override("en"):
        row = explain(rule, trace, facts)[0]
    assert row["value_text"] == "30 Manufacture of non-metallic mineral products"
    assert row["requirement"].endswith(
        "31 Smelting and pressing of ferrous metals, 33 Manufacture of metal products")
    assert not any(HAN.search(str(row.get(key) or "")) for key in TEXTS)
