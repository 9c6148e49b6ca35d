"""The pure rules: ageing buckets, amounts, the commitment's own fields."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from zonedesk.commitments import rules

TODAY = dt.date(2026, 11, 30)


@given(st.integers(min_value=-2000, max_value=4000))
def test_every_due_date_falls_in_exactly_one_bucket_and_its_date_range(offset: int) -> None:
    due = TODAY - dt.timedelta(days=offset)
    key = rules.bucket_of(due, TODAY)
    inside = []
    for b in rules.BUCKETS:
        earliest, latest = rules.bucket_dates(b.key, TODAY)
        if (earliest is None or due >= earliest) and (latest is None or due <= latest):
            inside.append(b.key)
    assert inside == [key]


def test_bucket_edges() -> None:
    assert rules.bucket_of(TODAY, TODAY) == "not_due"
    assert rules.bucket_of(TODAY - dt.timedelta(days=1), TODAY) == "d90"
    assert rules.bucket_of(TODAY - dt.timedelta(days=90), TODAY) == "d90"
    assert rules.bucket_of(TODAY - dt.timedelta(days=91), TODAY) == "d180"
    assert rules.bucket_of(TODAY - dt.timedelta(days=365), TODAY) == "d365"
    assert rules.bucket_of(TODAY - dt.timedelta(days=366), TODAY) == "over1y"


@given(st.decimals(min_value=Decimal("0"), max_value=Decimal("999999999999.99"), places=2))
def test_yuan_parses_back_exactly_and_wan_rounds_half_up(amount: Decimal) -> None:
    parsed, problem = rules.parse_yuan(str(amount))
    assert problem == "" and parsed == amount
    assert abs(rules.wan(amount) * 10000 - amount) <= Decimal("50")


def test_bad_amounts_name_the_rule() -> None:
    assert rules.parse_yuan(1.5)[1].startswith("金额须以文本")
    assert rules.parse_yuan("1.234")[1] == "金额最多两位小数（到分）"
    assert rules.parse_yuan("-3")[1] == "金额不能为负数"
    assert rules.parse_yuan("abc")[1] == "金额不是数字"
    assert rules.parse_yuan("NaN")[1] == "金额不是数字"
    assert rules.parse_yuan("1,500,000.00") == (Decimal("1500000.00"), "")


def test_payment_never_exceeds_the_outstanding_balance() -> None:
    assert rules.payment_problem(Decimal("10.01"), Decimal("10.00")).startswith("支付金额不能超过")
    assert rules.payment_problem(Decimal("0"), Decimal("10.00")) == "支付金额须大于 0"
    assert rules.payment_problem(Decimal("10.00"), Decimal("10.00")) == ""


def test_commitment_fields_checked_together() -> None:
    _clean, errors = rules.clean_commitment(
        {
            "title": " ",
            "kind": "x",
            "source_kind": "agreement",
            "source_title": "协议",
            "promised_on": TODAY + dt.timedelta(days=1),
            "due_on": "tomorrow",
        },
        today=TODAY,
    )
    assert set(errors) == {"title", "kind", "promised_on", "due_on"}
    assert rules.due_problem(TODAY, TODAY - dt.timedelta(days=1)) == "兑现期限不能早于承诺日期"


def test_state_machine() -> None:
    assert rules.can_move("open", "fulfilled") and rules.can_move("open", "cancelled")
    assert not rules.can_move("fulfilled", "open") and not rules.can_move("cancelled", "fulfilled")
