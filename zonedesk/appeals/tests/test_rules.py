"""The pure rules: the transition table and the three rates over hand-computed data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from zonedesk.appeals import rules
from zonedesk.appeals.models import SATISFIED_DEFAULT, Status

D = dt.date
START, END, TODAY = D(2026, 3, 1), D(2026, 3, 31), D(2026, 4, 15)
CaseFact, RatingFact = rules.CaseFact, rules.RatingFact


def test_every_transition_names_known_states():
    values = set(Status.values)
    for (_action, src), dst in rules.TRANSITIONS.items():
        assert src in values and dst in values
    assert values >= rules.OPEN and rules.MERGEABLE <= rules.OPEN


def test_moves_from_a_state():
    assert rules.next_status("sign", "dispatched") == "handling"
    assert rules.next_status("sign", "handling") is None  # signing twice is not a move
    assert rules.next_status("return", "dispatched") == "accepted"
    assert sorted(rules.actions_from("handling")) == ["reply", "request_info"]
    assert rules.actions_from("merged") == [] and rules.actions_from("rejected") == []


# Hand-computed: March 2026, today 2026-04-15.
CASES = [
    CaseFact(1, 10, "一般", D(2026, 3, 5), D(2026, 3, 4), True),       # due, closed on time
    CaseFact(2, 10, "一般", D(2026, 3, 10), D(2026, 3, 12), False),    # due, closed late
    CaseFact(3, 20, "紧急", D(2026, 3, 20), None, None),               # due, still open (overdue)
    CaseFact(4, 20, "紧急", D(2026, 3, 25), None, True),                # reopened: answered, not closed
    CaseFact(5, 10, "一般", D(2026, 3, 8), None, None, merged=True),    # merged duplicate: not counted
    CaseFact(6, 10, "复杂", D(2026, 4, 20), D(2026, 3, 30), True),      # closed early, deadline later
    CaseFact(7, 20, "复杂", D(2026, 4, 20), None, None),                # not yet due
    CaseFact(8, 10, "一般", D(2026, 2, 20), D(2026, 2, 19), True),      # another period
    CaseFact(9, None, "一般", None, None, None),                        # not accepted yet
]
RATINGS = [
    RatingFact(1, "very_satisfied", D(2026, 3, 5), department_ids=(10,)),
    RatingFact(2, "basic", D(2026, 3, 13), department_ids=(10,)),
    RatingFact(3, "unsatisfied", D(2026, 3, 14), department_ids=(20,)),
    RatingFact(4, "very_unsatisfied", D(2026, 3, 15), overturned=True, department_ids=(20,)),
    RatingFact(5, "satisfied", D(2026, 2, 1), department_ids=(10,)),  # another period
]


def test_closed_rate_by_hand():
    # due: 1, 2, 3, 4, 6 (5 merged, 7 not yet due, 8 other period, 9 not accepted) = 5; closed: 1, 2, 6
    rate = rules.closed_rate(CASES, START, END, TODAY)
    assert (rate.numerator, rate.denominator) == (3, 5)
    assert rate.percent == Decimal("60.0")


def test_on_time_rate_by_hand():
    # closed: 1 (on time), 2 (late), 6 (on time)
    rate = rules.on_time_rate(CASES, START, END, TODAY)
    assert (rate.numerator, rate.denominator) == (2, 3)
    assert rate.percent == Decimal("66.7")


def test_satisfaction_rate_by_hand():
    # valid in March: 1, 2, 3 (4 overturned, 5 February); satisfied: 1, 2
    rate = rules.satisfaction_rate(RATINGS, START, END, SATISFIED_DEFAULT)
    assert (rate.numerator, rate.denominator) == (2, 3)
    # The zone may count only 满意 and 基本满意 (DOMAIN.md's wording): then 1 of 3.
    assert rules.satisfaction_rate(RATINGS, START, END, ["satisfied", "basic"]).numerator == 1


def test_a_deadline_after_today_is_not_yet_due():
    early = [CaseFact(1, 1, "一般", D(2026, 3, 31), None, None)]
    assert rules.closed_rate(early, START, END, D(2026, 3, 20)).denominator == 0
    assert rules.closed_rate(early, START, END, D(2026, 3, 31)).denominator == 1


def test_no_due_case_is_no_rate_not_zero():
    assert rules.closed_rate([], START, END, TODAY).percent is None
    assert rules.satisfaction_rate([], START, END, SATISFIED_DEFAULT).percent is None


def test_rates_by_department_and_category():
    rows = {r.key: r for r in rules.rates_by(CASES, RATINGS, lambda c: [c.department_id] if c.department_id
                                             else [], lambda r: list(r.department_ids),
                                             START, END, TODAY, SATISFIED_DEFAULT)}
    # Department 10: due 1, 2, 6 → closed 3/3, on time 2/3; ratings 1, 2 → 2/2.
    assert (rows[10].closed.numerator, rows[10].closed.denominator) == (3, 3)
    assert (rows[10].on_time.numerator, rows[10].on_time.denominator) == (2, 3)
    assert (rows[10].satisfaction.numerator, rows[10].satisfaction.denominator) == (2, 2)
    # Department 20: due 3, 4 → closed 0/2; rating 3 valid (4 overturned) → 0/1.
    assert (rows[20].closed.numerator, rows[20].closed.denominator) == (0, 2)
    assert rows[20].on_time.percent is None
    assert (rows[20].satisfaction.numerator, rows[20].satisfaction.denominator) == (0, 1)
    by_cat = {r.key: r for r in rules.rates_by(CASES, [], lambda c: [c.category], lambda r: [],
                                               START, END, TODAY, SATISFIED_DEFAULT)}
    assert (by_cat["紧急"].closed.numerator, by_cat["紧急"].closed.denominator) == (0, 2)
    assert (by_cat["复杂"].closed.numerator, by_cat["复杂"].closed.denominator) == (1, 1)


def test_formula_text_follows_the_levels():
    assert rules.satisfaction_formula(["满意", "基本满意"]) == "（满意 + 基本满意）÷ 有效评价数"


cases = st.builds(
    CaseFact, id=st.integers(1, 10_000), department_id=st.sampled_from([1, 2, None]),
    category=st.sampled_from(["a", "b"]),
    due_on=st.one_of(st.none(), st.dates(D(2026, 1, 1), D(2026, 12, 31))),
    closed_on=st.one_of(st.none(), st.dates(D(2026, 1, 1), D(2026, 12, 31))),
    on_time=st.one_of(st.none(), st.booleans()), merged=st.booleans())


@given(st.lists(cases, max_size=30))
def test_rates_never_exceed_one_hundred(facts):
    for rate in (rules.closed_rate(facts, START, END, TODAY), rules.on_time_rate(facts, START, END, TODAY)):
        assert 0 <= rate.numerator <= rate.denominator
    # Closed on time ⊆ closed ⊆ due.
    assert rules.on_time_rate(facts, START, END, TODAY).denominator == \
        rules.closed_rate(facts, START, END, TODAY).numerator
