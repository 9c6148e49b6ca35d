"""Messages of the pure rule modules are built in the reader's language (issue 15): the same
broken input gives a Chinese message in Chinese and an English one (no Han character) in
English. No database: the rules are plain functions."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import translation

from zonedesk.approvals.rules import tolerance_check
from zonedesk.commitments import rules as commitments
from zonedesk.enterprises import rules as enterprises
from zonedesk.land import rules as land
from zonedesk.projects import rules as projects
from zonedesk.rules_engine.benefit import compile_benefit
from zonedesk.rules_engine.engine import RuleError
from zonedesk.rules_engine.facts import MONEY_UNITS
from zonedesk.rules_engine.texts import HAN

TODAY = dt.date(2026, 12, 1)


def _benefit_errors() -> list[str]:
    messages = []
    for doc, cap in (
        ({"kind": "nope"}, None),
        ({"kind": "percent", "fact": "rd_spending", "rate": "120", "unit": "USD"}, None),
        ({"kind": "percent", "fact": "talents", "rate": "5", "cap": "500"}, Decimal(100)),
        ({"kind": "tiered", "fact": "revenue", "tiers": []}, None),
    ):
        with pytest.raises(RuleError) as exc:
            compile_benefit(doc, clause_cap=cap)
        messages += [m for _p, m in exc.value.errors]
    return messages


def messages() -> list[str]:
    check = tolerance_check(
        grade="C",
        threshold="A",
        flags=["dishonest"],
        missing_required=["M1"],
        missing_secondary=[],
        promise_signed=False,
    )
    out = list(check.reasons)
    out += commitments.clean_commitment({"title": "", "promised_on": TODAY + dt.timedelta(1)}, today=TODAY)[
        1
    ].values()
    out.append(commitments.due_problem(TODAY, TODAY - dt.timedelta(1)))
    out += commitments.clean_arrear({"kind": "x", "basis": "", "note": "x" * 301})[1].values()
    out += land.areas(Decimal(-1), Decimal(-1))[2].values()
    out += land.areas(Decimal(1), Decimal(1))[2].values()
    boundaries: list[object] = [
        [],
        {"type": "Point"},
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]},
        {"type": "Polygon", "coordinates": [[[120, 40], [121, 40], [121, 41], [120, 41.5]]]},
    ]
    out += [land.boundary_problem(geo) or "" for geo in boundaries]
    out += land.indicator_problems({"far_min": Decimal(3), "far_max": Decimal(2)}).values()
    out += land.extra_problems([{"key": "k", "label": "L", "direction": "up", "value": 1}]).values()
    out += land.stricter_problems(
        {"investment_intensity": Decimal(300), "energy_per_output": Decimal("0.5")},
        {"investment_intensity": Decimal(200), "energy_per_output": Decimal("0.9")},
    ).values()
    out.append(land.deviation_problem({"far_min": Decimal(1)}, {"far_min": Decimal(2)}, "") or "")
    out += _benefit_errors()
    lookups = enterprises.Lookups(industries={}, parks={}, today=TODAY)
    out += enterprises.clean_enterprise(
        {
            "credit_code": 123456789012345678,
            "name": "",
            "legal_representative": "x" * 51,
            "industry_code": "Z9",
            "park": "nowhere",
            "registered_on": "2099-01-01",
            "staff_size": "many",
            "credit_grade": "Q",
            "contact_phone": "call me",
        },
        lookups,
    )[1].values()
    out += enterprises.clean_figures(
        {"year": "", "revenue": "lots", "tax": "-1", "staff": 1, "tech_staff": 2}, this_year=2026
    )[1].values()
    out += [
        projects.move_problem("reserve", "nowhere", on=TODAY, previous=None, today=TODAY) or "",
        projects.move_problem("reserve", "production", on=TODAY, previous=None, today=TODAY) or "",
        projects.move_problem(
            "reserve", "negotiating", on=TODAY + dt.timedelta(1), previous=None, today=TODAY
        )
        or "",
        projects.move_problem(
            "reserve", "negotiating", on=TODAY, previous=TODAY + dt.timedelta(1), today=TODAY
        )
        or "",
    ]
    return [m for m in out if m]


def test_rule_messages_read_in_english() -> None:
    with translation.override("en"):
        english = messages()
    assert len(english) >= 40
    # the formula's unit codes are data a rule writer types (元/万元/亿元), quoted as they are
    codes = re.compile("|".join(sorted(MONEY_UNITS, key=len, reverse=True)))
    assert [m for m in english if HAN.search(codes.sub("", str(m)))] == []


def test_rule_messages_stay_chinese_in_chinese() -> None:
    with translation.override("zh-hans"):
        chinese = messages()
    assert "企业无有效信用等级" not in chinese  # a grade was given
    assert "未签署信用承诺书" in chinese
    assert "承诺的固定资产投资强度（200 万元/亩）不能低于控制指标 300 万元/亩" in chinese
    assert all(HAN.search(str(m)) for m in chinese)
