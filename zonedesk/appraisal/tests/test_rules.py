"""Pure scoring and ranking rules, without a database."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from zonedesk.appraisal import rules
from zonedesk.appraisal.rules import DEMOTE, DISMISS, Entry, RankingRule, ScoreRule

D = Decimal
decimals = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


def test_score_linear_between_zero_and_full() -> None:
    rule = ScoreRule(full_at=D(100), zero_at=D(80))
    assert rules.score(D(100), rule, D(30)) == D("30.00")
    assert rules.score(D(90), rule, D(30)) == D("15.00")
    assert rules.score(D(50), rule, D(30)) == D("0.00")
    # fewer is better: 0 差评 full, 3 差评 zero
    bad = ScoreRule(full_at=D(0), zero_at=D(3))
    assert rules.score(D(2), bad, D(5)) == D("1.67")
    assert rules.score(None, ScoreRule(D(100), D(0), none_pct=D(50)), D(20)) == D("10.00")


@given(value=st.one_of(st.none(), decimals), full=decimals, zero=decimals, weight=decimals)
def test_score_stays_within_weight(value, full, zero, weight) -> None:
    if full == zero:
        return
    got = rules.score(value, ScoreRule(full, zero), weight)
    assert D(0) <= got <= weight


@given(a=decimals, b=decimals, full=decimals, zero=decimals)
def test_score_is_monotonic_towards_full(a, b, full, zero) -> None:
    if full == zero:
        return
    rule = ScoreRule(full, zero)
    lo, hi = sorted([a, b])
    if full > zero:
        assert rules.score(lo, rule, D(10)) <= rules.score(hi, rule, D(10))
    else:
        assert rules.score(lo, rule, D(10)) >= rules.score(hi, rule, D(10))


@given(total=decimals)
def test_veto_fails_whatever_the_score(total) -> None:
    assert rules.grade(total, True) == rules.FAIL
    assert rules.grade(D(95), False) == rules.EXCELLENT


def test_derived_veto_threshold() -> None:
    rule = ScoreRule(full_at=D(0), zero_at=D(3), veto_at=D(3))
    assert rules.vetoes(D(3), rule) and not rules.vetoes(D(2), rule) and not rules.vetoes(None, rule)
    low = ScoreRule(full_at=D(100), zero_at=D(60), veto_at=D(50))
    assert rules.vetoes(D(40), low) and not rules.vetoes(D(70), low)


def test_manual_score_needs_evidence_and_range() -> None:
    assert set(rules.manual_errors(D(25), D(20), "", "")) == {"points", "evidence", "comment"}
    assert rules.manual_errors(D(18), D(20), "巡查记录", "良好") == {}


def test_bottom_counts_and_percentages() -> None:
    assert RankingRule(demote_count=1, demote_pct=D(10), dismiss_count=1).bottom(12) == (1, 2)
    assert RankingRule(demote_count=3, dismiss_count=1).bottom(12) == (1, 3)
    assert RankingRule(demote_count=5, dismiss_count=5).bottom(6) == (5, 0)
    assert RankingRule(demote_count=1, dismiss_count=1).bottom(1) == (0, 0)  # nobody to rank against


def test_tie_is_shown_and_broken_by_the_rule() -> None:
    entries = [Entry(1, D(80), derived=D(50)), Entry(2, D(80), derived=D(60)), Entry(3, D(90))]
    out = {r.key: r for r in rules.rank(entries, RankingRule(dismiss_count=1, tie_rule=rules.TIE_DERIVED))}
    assert out[3].place == 1 and out[2].place == 2 and out[1].place == 3
    assert out[1].flag == DISMISS and out[1].tied_with == (2,) and out[1].tie_broken_by == rules.TIE_DERIVED
    shared = {r.key: r for r in rules.rank(entries, RankingRule(dismiss_count=1, tie_rule=rules.TIE_SHARED))}
    # A shared place takes the mildest flag of its places: neither tied person is dismissed.
    assert shared[1].place == shared[2].place == 2 and shared[1].flag == shared[2].flag == ""
    earlier = {
        r.key: r
        for r in rules.rank(
            [Entry(1, D(80), order=2), Entry(2, D(80), order=1)], RankingRule(tie_rule=rules.TIE_EARLIER)
        )
    }
    assert earlier[2].place == 1


def test_veto_ranks_below_everyone() -> None:
    entries = [Entry(1, D(99), vetoed=True), Entry(2, D(40))]
    out = {r.key: r for r in rules.rank(entries, RankingRule(dismiss_count=1))}
    assert out[1].place == 2 and out[1].flag == DISMISS


entry_lists = st.lists(
    st.builds(
        Entry,
        key=st.integers(0, 10**6),
        total=st.sampled_from([D(60), D(70), D(80), D(90)]),
        vetoed=st.booleans(),
        derived=st.sampled_from([D(10), D(20)]),
        order=st.integers(0, 5),
    ),
    max_size=25,
    unique_by=lambda e: e.key,
)
ranking_rules = st.builds(
    RankingRule,
    demote_count=st.integers(0, 6),
    demote_pct=st.sampled_from([D(0), D(10), D(25)]),
    dismiss_count=st.integers(0, 4),
    tie_rule=st.sampled_from(rules.TIE_RULES),
)


@given(entries=entry_lists, rule=ranking_rules)
def test_ranking_properties(entries, rule) -> None:
    out = rules.rank(entries, rule)
    assert sorted(r.key for r in out) == sorted(e.key for e in entries)
    by_key = {e.key: e for e in entries}
    sev = {"": 0, DEMOTE: 1, DISMISS: 2}
    for a in out:
        for b in out:
            ea, eb = by_key[a.key], by_key[b.key]
            # better (no veto over veto; then higher total) never gets a worse place or flag
            if (ea.vetoed, -ea.total) < (eb.vetoed, -eb.total):
                assert a.place < b.place
                assert sev[a.flag] <= sev[b.flag]
    assert all(r.flag == "" for r in out if r.place == 1)  # the best is never flagged
    dismiss, demote = rule.bottom(len(entries))
    if rule.tie_rule != rules.TIE_SHARED:
        assert sum(r.flag == DISMISS for r in out) == dismiss
        assert sum(r.flag == DEMOTE for r in out) == demote
        assert sorted(r.place for r in out) == list(range(1, len(entries) + 1))
    else:
        assert sum(r.flag == DISMISS for r in out) <= dismiss


@given(entries=entry_lists, rule=ranking_rules)
def test_ranking_does_not_depend_on_input_order(entries, rule) -> None:
    assert sorted(rules.rank(entries, rule), key=lambda r: r.key) == sorted(
        rules.rank(list(reversed(entries)), rule), key=lambda r: r.key
    )
