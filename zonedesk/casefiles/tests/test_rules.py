from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from zonedesk.casefiles import rules


@given(st.integers(min_value=1, max_value=10**7), st.integers(min_value=2000, max_value=9999))
def test_number_format_round_trips(seq: int, year: int) -> None:
    number = rules.format_number("ly", year, seq)
    m = rules.NUMBER.match(number)
    assert m and int(m.group(1)) == year and int(m.group(2)) == seq and number.startswith("LY-SP-")


def test_second_factor_is_the_query_code_or_the_credit_code() -> None:
    assert rules.second_factor_matches(" abcd2345 ", "ABCD2345", "")
    assert rules.second_factor_matches("91211382MA0XXXXXXX", "ABCD2345", "91211382MA0XXXXXXX")
    assert not rules.second_factor_matches("", "ABCD2345", "")
    assert not rules.second_factor_matches("ABCD2346", "ABCD2345", "")


@given(st.integers(min_value=0, max_value=100))
def test_throttle_grows_and_is_capped(n: int) -> None:
    assert 0 <= rules.throttle_delay(n) <= rules.throttle_delay(n + 1) <= 900
    assert rules.throttle_delay(0) == 0
