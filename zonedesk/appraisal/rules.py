"""Pure appraisal rules: scoring an indicator, the grade, the one-vote veto and forced ranking.

No ORM and no settings: plain values in, plain values out, so every rule can be tested without
a database (hypothesis properties in tests/test_rules.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TWO = Decimal("0.01")
HUNDRED = Decimal(100)

# Sources of an indicator's value.
APPROVALS_ON_TIME = "approvals_on_time"  # % of approval items decided within their limit
APPROVALS_AVG_DAYS = "approvals_avg_days"  # average working days used (clock stops excluded)
APPROVALS_SUPPLEMENT = "approvals_supplement"  # % of decided items that needed 补正 (a clock stop)
APPEALS_ON_TIME = "appeals_on_time"  # % of appeals the person replied to on time
RATINGS_SATISFIED = "ratings_satisfied"  # % satisfied ratings of the cases the person replied to
RATINGS_BAD = "ratings_bad"  # count of 差评 of those cases
PIPELINE_MOVES = "pipeline_moves"  # count of project stage moves the person recorded
PIPELINE_SIGNED = "pipeline_signed"  # 万元 of projects the person moved to 签约
POLICY_AWARDS = "policy_awards"  # policy awards the person confirmed that were paid (兑现) in the period
MANUAL = "manual"

DERIVED_SOURCES = (
    APPROVALS_ON_TIME,
    APPROVALS_AVG_DAYS,
    APPROVALS_SUPPLEMENT,
    APPEALS_ON_TIME,
    RATINGS_SATISFIED,
    RATINGS_BAD,
    PIPELINE_MOVES,
    PIPELINE_SIGNED,
    POLICY_AWARDS,
)

# Grades.
EXCELLENT = "excellent"
PASS = "pass"
BASIC = "basic"
FAIL = "fail"

# Ranking flags.
DEMOTE = "demote"  # 降职降薪
DISMISS = "dismiss"  # 末位淘汰

# Tie rules.
TIE_DERIVED = "derived"  # the higher score from system data first
TIE_SHARED = "shared"  # the same place; a tied group takes the flag of its best place
TIE_EARLIER = "self_first"  # the earlier self-assessment first (lower order key)
TIE_RULES = (TIE_DERIVED, TIE_SHARED, TIE_EARLIER)


def q2(value: Decimal) -> Decimal:
    return value.quantize(TWO, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Ratio:
    """A rate with the counts behind it; None when there were no cases."""

    numerator: int
    denominator: int

    @property
    def percent(self) -> Decimal | None:
        if not self.denominator:
            return None
        return q2(Decimal(self.numerator) * HUNDRED / Decimal(self.denominator))


@dataclass(frozen=True)
class ScoreRule:
    """Linear between ``zero_at`` (0 points) and ``full_at`` (full weight), clamped.

    ``full_at`` may be below ``zero_at`` (fewer is better, e.g. 差评). ``none_pct`` is the share
    of the weight given when there is no value (no cases in the period); ``veto_at``, when set on
    a veto indicator, vetoes when the value reaches it (≥ when more is worse, ≤ otherwise).
    """

    full_at: Decimal
    zero_at: Decimal
    none_pct: Decimal = HUNDRED
    veto_at: Decimal | None = None


def average(values: list[int]) -> Decimal | None:
    """The mean of whole working days, two decimals; None when there is nothing to average."""
    if not values:
        return None
    return q2(Decimal(sum(values)) / Decimal(len(values)))


def rule_errors(rule: ScoreRule, weight: Decimal) -> dict[str, str]:
    errors: dict[str, str] = {}
    if weight < 0 or weight > HUNDRED:
        errors["weight"] = "权重须在 0–100 之间"
    if rule.full_at == rule.zero_at:
        errors["full_at"] = "满分值与零分值不能相同"
    if rule.none_pct < 0 or rule.none_pct > HUNDRED:
        errors["none_pct"] = "无数据时得分比例须在 0–100 之间"
    return errors


def score(value: Decimal | None, rule: ScoreRule, weight: Decimal) -> Decimal:
    """Points of one derived indicator: 0 ≤ points ≤ weight, two decimals."""
    if value is None:
        return q2(weight * rule.none_pct / HUNDRED)
    span = rule.full_at - rule.zero_at
    share = (value - rule.zero_at) / span
    share = min(Decimal(1), max(Decimal(0), share))
    return q2(weight * share)


def vetoes(value: Decimal | None, rule: ScoreRule) -> bool:
    """A derived veto: the value reached ``veto_at`` on the bad side."""
    if value is None or rule.veto_at is None:
        return False
    more_is_worse = rule.full_at < rule.zero_at
    return value >= rule.veto_at if more_is_worse else value <= rule.veto_at


@dataclass(frozen=True)
class Thresholds:
    excellent: Decimal = Decimal(90)
    passing: Decimal = Decimal(70)
    basic: Decimal = Decimal(60)


def grade(total: Decimal, vetoed: bool, t: Thresholds = Thresholds()) -> str:
    """一票否决: any veto makes the result 不合格 whatever the score."""
    if vetoed:
        return FAIL
    if total >= t.excellent:
        return EXCELLENT
    if total >= t.passing:
        return PASS
    if total >= t.basic:
        return BASIC
    return FAIL


def manual_errors(points: Decimal | None, weight: Decimal, evidence: str, comment: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if points is None:
        errors["points"] = "请填写得分"
    elif points < 0 or points > weight:
        errors["points"] = f"得分须在 0–{weight} 之间（本指标权重）"
    if not evidence.strip():
        errors["evidence"] = "人工评分须写明依据（佐证材料）"
    if not comment.strip():
        errors["comment"] = "请填写评语"
    return errors


# -- forced ranking ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    key: int
    total: Decimal
    vetoed: bool = False
    derived: Decimal = Decimal(0)  # the part of the total from system data
    order: int = 0  # the self-assessment order (earlier first)


@dataclass(frozen=True)
class Ranked:
    key: int
    place: int  # 1 = best
    flag: str  # "", DEMOTE, DISMISS
    tied_with: tuple[int, ...] = ()  # keys with the same total (and veto)
    tie_broken_by: str = ""  # the tie rule that ordered this entry in its group


@dataclass(frozen=True)
class RankingRule:
    demote_count: int = 0
    demote_pct: Decimal = Decimal(0)
    dismiss_count: int = 0
    tie_rule: str = TIE_DERIVED

    def bottom(self, n: int) -> tuple[int, int]:
        """(dismissed, demoted) place counts for a group of n: the last ``dismiss_count`` are
        dismissed; above them, the larger of ``demote_count`` and ``demote_pct`` % of n
        (rounded up) are demoted. The first place is never flagged (a group of one is not
        ranked against anyone), so together they are at most n − 1."""
        dismiss = min(self.dismiss_count, max(n - 1, 0))
        by_pct = math.ceil(Decimal(n) * self.demote_pct / HUNDRED) if self.demote_pct else 0
        demote = min(max(self.demote_count, by_pct), max(n - 1 - dismiss, 0))
        return dismiss, demote


def ranking_rule_errors(rule: RankingRule) -> dict[str, str]:
    errors: dict[str, str] = {}
    if rule.demote_count < 0:
        errors["demote_count"] = "降职降薪名额不能为负数"
    if rule.dismiss_count < 0:
        errors["dismiss_count"] = "末位淘汰名额不能为负数"
    if rule.demote_pct < 0 or rule.demote_pct > HUNDRED:
        errors["demote_pct"] = "降职降薪比例须在 0–100 之间"
    if rule.tie_rule not in TIE_RULES:
        errors["tie_rule"] = "并列处理规则无效"
    return errors


def rank(entries: list[Entry], rule: RankingRule) -> list[Ranked]:
    """强制排序 of one group, best first.

    Vetoed entries come after every entry without a veto. Equal (veto, total) is a tie; the tie
    rule orders it (derived: higher system-data score first; self_first: earlier order first;
    shared: the same place, and the whole group gets the mildest flag any of its places gets).
    The key breaks what the rule leaves equal, so the result never depends on input order.
    """
    n = len(entries)
    dismiss, demote = rule.bottom(n)

    def flag_at(pos: int) -> str:  # 0-based position
        if pos >= n - dismiss:
            return DISMISS
        if pos >= n - dismiss - demote:
            return DEMOTE
        return ""

    def tie_key(e: Entry):
        if rule.tie_rule == TIE_DERIVED:
            return (-e.derived, e.key)
        if rule.tie_rule == TIE_EARLIER:
            return (e.order, e.key)
        return (e.key,)

    ordered = sorted(entries, key=lambda e: (e.vetoed, -e.total, *tie_key(e)))
    groups: dict[tuple[bool, Decimal], list[Entry]] = {}
    for e in ordered:
        groups.setdefault((e.vetoed, e.total), []).append(e)
    out: list[Ranked] = []
    pos = 0
    for members in groups.values():
        keys = tuple(m.key for m in members)
        tied = len(members) > 1
        if rule.tie_rule == TIE_SHARED:
            mildest = min((flag_at(pos + i) for i in range(len(members))), key=_severity)
            for m in members:
                out.append(
                    Ranked(
                        m.key,
                        pos + 1,
                        mildest,
                        tuple(k for k in keys if k != m.key) if tied else (),
                        TIE_SHARED if tied else "",
                    )
                )
        else:
            for i, m in enumerate(members):
                out.append(
                    Ranked(
                        m.key,
                        pos + i + 1,
                        flag_at(pos + i),
                        tuple(k for k in keys if k != m.key) if tied else (),
                        rule.tie_rule if tied else "",
                    )
                )
        pos += len(members)
    return out


def _severity(flag: str) -> int:
    return {"": 0, DEMOTE: 1, DISMISS: 2}[flag]
