"""The land rules over plain data: hand-computed cases and properties."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from zonedesk.land import rules

COMMITTED = {
    "investment_intensity": D("280"),
    "far_min": D("1.2"),
    "far_max": D("2.5"),
    "tax_per_mu": D("15"),
    "energy_per_output": D("0.25"),
}


def test_one_mu_is_ten_thousand_fifteenths_of_a_square_metre() -> None:
    assert rules.mu_to_m2(D("1")) == D("666.67")
    assert rules.mu_to_m2(D("15")) == D("10000.00")
    assert rules.m2_to_mu(D("10000")) == D("15.0000")
    assert rules.areas(D("120"), None)[:2] == (D("120.0000"), D("80000.00"))
    assert rules.areas(None, D("40000"))[:2] == (D("60.0000"), D("40000.00"))


def test_areas_must_be_positive_and_agree() -> None:
    assert rules.areas(D("0"), None)[2] == {"area_mu": "面积（亩）须大于 0"}
    assert "area_m2" in rules.areas(None, D("-5"))[2]
    assert "area_m2" in rules.areas(D("1"), D("700"))[2]
    assert rules.areas(None, None)[2]


@given(st.decimals(min_value=D("0.0001"), max_value=D("100000"), places=4))
def test_mu_to_m2_and_back_within_rounding(mu: D) -> None:
    back = rules.m2_to_mu(rules.mu_to_m2(mu))
    assert abs(back - mu) <= D("0.0001")


def test_hand_computed_failed_review() -> None:
    """60 亩 (40000 ㎡): investment 11400 万元 → 190 万元/亩 < 280; tax 378 万元 → 6.30 < 15;
    floor 52000 ㎡ → 容积率 1.30 inside 1.2–2.5; 2100 tce ÷ 9800 万元 = 0.2143 ≤ 0.25.
    违约金 = (15 − 6.30) × 60 × 1 = 522.00 万元; 190 ≥ 0.5 × 280, so not reclaimed."""
    r = rules.review(
        rules.ReviewInput(
            area_mu=D("60"),
            area_m2=D("40000.00"),
            committed=COMMITTED,
            investment_wan=D("11400"),
            tax_wan=D("378"),
            energy_tce=D("2100"),
            output_wan=D("9800"),
            floor_area_m2=D("52000"),
            decided_on=dt.date(2026, 5, 20),
        )
    )
    lines = {line.key: line for line in r.lines}
    assert lines["investment_intensity"].actual == D("190.00")
    assert lines["investment_intensity"].passed is False
    assert lines["investment_intensity"].figures == "11400 万元 ÷ 60 亩"
    assert lines["tax_per_mu"].actual == D("6.30") and lines["tax_per_mu"].passed is False
    assert lines["far"].actual == D("1.30") and lines["far"].passed is True
    assert lines["energy_per_output"].actual == D("0.2143") and lines["energy_per_output"].passed is True
    assert not r.passed
    assert r.consequence == "rectify_penalty"
    assert r.penalty_wan == D("522.00")
    assert r.rectify_until == dt.date(2027, 5, 20)


def test_hand_computed_passed_review() -> None:
    r = rules.review(
        rules.ReviewInput(
            area_mu=D("120"),
            area_m2=D("80000.00"),
            committed={**COMMITTED, "tax_per_mu": D("17")},
            investment_wan=D("39600"),
            tax_wan=D("2052"),
            floor_area_m2=D("128000"),
        )
    )
    assert r.passed and r.consequence == "none" and r.penalty_wan == 0 and r.rectify_until is None
    assert {line.key: line.actual for line in r.lines}["tax_per_mu"] == D("17.10")


def test_far_investment_shortfall_reclaims() -> None:
    r = rules.review(
        rules.ReviewInput(
            area_mu=D("10"),
            area_m2=D("6666.67"),
            committed=COMMITTED,
            investment_wan=D("1000"),
            tax_wan=D("200"),
            decided_on=dt.date(2026, 1, 31),
        )
    )
    assert r.consequence == "reclaim" and r.rectify_until is None


def test_missing_headline_figure_is_not_a_pass() -> None:
    r = rules.review(
        rules.ReviewInput(
            area_mu=D("10"), area_m2=D("6666.67"), committed=COMMITTED, investment_wan=D("5000"), tax_wan=None
        )
    )
    assert not r.passed and "亩均税收" in r.missing


@given(
    mu=st.decimals(min_value=D("1"), max_value=D("2000"), places=2),
    inv=st.decimals(min_value=D("0"), max_value=D("10000000"), places=2),
    tax=st.decimals(min_value=D("0"), max_value=D("500000"), places=2),
)
def test_review_passes_exactly_when_both_headline_figures_reach_the_commitment(mu: D, inv: D, tax: D) -> None:
    committed = {"investment_intensity": D("280"), "tax_per_mu": D("15")}
    r = rules.review(
        rules.ReviewInput(
            area_mu=mu,
            area_m2=rules.mu_to_m2(mu),
            committed=committed,
            investment_wan=inv,
            tax_wan=tax,
            decided_on=dt.date(2026, 1, 1),
        )
    )
    inv_actual = rules.q(inv / mu, rules.RATIO_PLACES)
    tax_actual = rules.q(tax / mu, rules.RATIO_PLACES)
    assert r.passed == (inv_actual >= 280 and tax_actual >= 15)
    assert r.penalty_wan >= 0
    if r.passed:
        assert r.penalty_wan == 0 and r.consequence == "none"
    else:
        assert r.consequence in ("rectify", "rectify_penalty", "reclaim")
    if tax_actual < 15:
        assert r.penalty_wan == rules.q((15 - tax_actual) * mu, rules.RATIO_PLACES)


def test_commitment_may_be_stricter_never_looser() -> None:
    indicator = dict(COMMITTED)
    assert rules.stricter_problems(indicator, {**indicator, "investment_intensity": D("300")}) == {}
    assert rules.stricter_problems(indicator, {**indicator, "energy_per_output": D("0.2")}) == {}
    errors = rules.stricter_problems(indicator, {**indicator, "tax_per_mu": D("14.99"), "far_max": D("3")})
    assert set(errors) == {"tax_per_mu", "far_max"}
    assert "不能低于控制指标 15" in errors["tax_per_mu"]


@given(st.decimals(min_value=D("0"), max_value=D("1000"), places=2))
def test_stricter_is_a_threshold_on_each_minimum(value: D) -> None:
    errors = rules.stricter_problems(COMMITTED, {**COMMITTED, "tax_per_mu": value})
    assert ("tax_per_mu" in errors) == (value < 15)


def test_boundary_must_be_a_closed_polygon_inside_china() -> None:
    ok = {
        "type": "Polygon",
        "coordinates": [[[119.38, 41.23], [119.39, 41.23], [119.39, 41.24], [119.38, 41.23]]],
    }
    assert rules.boundary_problem(ok) is None
    assert rules.boundary_problem({"type": "Feature", "geometry": ok, "properties": {}}) is None
    assert "Point" in rules.boundary_problem({"type": "Point", "coordinates": [119.3, 41.2]})
    outside = {
        "type": "Polygon",
        "coordinates": [[[2.35, 48.85], [2.36, 48.85], [2.36, 48.86], [2.35, 48.85]]],
    }
    assert "不在中国境内" in rules.boundary_problem(outside)
    open_ring = {
        "type": "Polygon",
        "coordinates": [[[119.38, 41.23], [119.39, 41.23], [119.39, 41.24], [119.38, 41.24]]],
    }
    assert "未闭合" in rules.boundary_problem(open_ring)
    assert rules.boundary_problem("not json") == "边界应为 GeoJSON 对象"


def test_deviation_from_default_needs_a_reason() -> None:
    default = dict(COMMITTED)
    assert rules.deviation_problem(default, default, "") is None
    assert "投资强度" in rules.deviation_problem(default, {**default, "investment_intensity": D("250")}, "")
    assert (
        rules.deviation_problem(default, {**default, "investment_intensity": D("250")}, "老工业区改造")
        is None
    )


def test_add_months_clamps_to_month_end() -> None:
    assert rules.add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert rules.review_due_on(dt.date(2025, 6, 30), 6) == dt.date(2025, 12, 30)
