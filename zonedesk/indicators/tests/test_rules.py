"""The indicators' arithmetic, by hand: percentiles, histogram bins, a case's measures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zonedesk.indicators import rules


class Weekdays:
    """Monday to Friday, no holidays: enough to count by hand."""

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        return sum(1 for n in range(1, (b - a).days + 1) if (a + dt.timedelta(days=n)).weekday() < 5)


def test_percentiles_by_hand() -> None:
    values = [D(v) for v in (10, 20, 30, 40, 100)]
    # p50: rank (5−1)·0.5 = 2 → 30; p90: rank 3.6 → 40 + 0.6·(100 − 40) = 76
    assert rules.percentile(values, D(50)) == 30
    assert rules.percentile(values, D(90)) == 76
    assert rules.percentile([D(7)], D(90)) == 7
    with pytest.raises(ValueError):
        rules.percentile([], D(50))


def test_summary_by_hand() -> None:
    s = rules.summarise([11, 11, 17, 11])
    # sorted 11 11 11 17: median rank 1.5 → 11; mean 50/4 = 12.5; p90 rank 2.7 → 11 + 0.7·6 = 15.2
    assert (s.n, s.median, s.mean, s.p90, s.minimum, s.maximum) == (
        4,
        D("11.0"),
        D("12.5"),
        D("15.2"),
        11,
        17,
    )
    assert [(b.low, b.high, b.count) for b in s.bins] == [
        (11, 12, 3),
        (12, 13, 0),
        (13, 14, 0),
        (14, 15, 0),
        (15, 16, 0),
        (16, 17, 0),
        (17, 18, 1),
    ]
    assert rules.summarise([]) is None


def test_bin_widths_are_nice() -> None:
    assert rules.nice_width(D(0)) == 1
    assert rules.nice_width(D(7)) == 1
    assert rules.nice_width(D(45)) == 5
    assert rules.nice_width(D(530000)) == 100000


def test_a_case_measured_by_hand() -> None:
    # Submitted Friday 2026-03-06; final Tuesday 2026-03-17: working days Mon 9 … Fri 13 and
    # Mon 16, Tue 17 = 7; calendar days 11. Cost 645 000 − 530 000 waived = 115 000.
    facts = rules.CaseFacts(
        1, "x", "/x", dt.date(2026, 3, 6), dt.date(2026, 3, 17), 11, D("645000"), D("530000")
    )
    m = rules.measure(facts, Weekdays())
    assert (m.working_days, m.calendar_days, m.cost_yuan) == (7, 11, D("115000"))
    assert m.value("procedures") == 11 and m.value("cost_yuan") == 115000


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=100000), min_size=1, max_size=40))
def test_statistics_stay_within_the_values(values: list[int]) -> None:
    s = rules.summarise(values)
    assert min(values) <= s.median <= s.p90 <= max(values) + D("0.05")
    assert min(values) - D("0.05") <= s.mean <= max(values) + D("0.05")
    assert sum(b.count for b in s.bins) == len(values)
    assert all(b.low <= v < b.high for v in values for b in s.bins if b.low <= v < b.high)
    assert len(s.bins) <= 11
