"""The ladder over plain data (no ORM): assess one enterprise against every tier's rule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from zonedesk.rules_engine.derive import Snapshot, build_facts
from zonedesk.rules_engine.engine import PASS, UNKNOWN, CompiledRule
from zonedesk.rules_engine.explain import explain, localized
from zonedesk.rules_engine.texts import condition_line, english

TIERS = ("tech_sme", "high_tech", "eaglet", "gazelle", "unicorn")
RANK = {"": 0, **{t: i + 1 for i, t in enumerate(TIERS)}}
LEAF_KINDS = ("compare", "between", "in", "is", "points")


@dataclass
class Assessment:
    year: int
    computed_tier: str = ""
    tier: str = ""
    certified: bool = False
    next_tier: str = ""
    distance: int = 0
    missing: list[str] = field(default_factory=list)
    outcomes: dict[str, str] = field(default_factory=dict)
    traces: dict[str, list[dict]] = field(default_factory=dict)

    @property
    def rank(self) -> int:
        return RANK[self.tier]


def what_is_missing(rows: list[dict]) -> list[str]:
    """Short lines for the failed and unknown conditions of one explained trace, leaving out
    those inside a group that passed anyway (one branch of an "any" is enough)."""
    out = []
    stack: list[tuple[int, str, str]] = []  # (depth, result, kind) of the open ancestors
    for r in rows:
        while stack and stack[-1][0] >= r["depth"]:
            stack.pop()
        # Inside a group that passed anyway, or an "any" still open on a missing figure, a
        # failed branch is not what stands in the way.
        settled = any(res == "passed" or (res == "unknown" and kind == "any") for _d, res, kind in stack)
        stack.append((r["depth"], r["result"], r["kind"]))
        if r["kind"] not in LEAF_KINDS or (settled and r["result"] == "failed"):
            continue
        if r["result"] == "failed":
            out.append(condition_line(r["label"], r["value_text"], r["requirement"], r.get("gap", "")))
        elif r["result"] == "unknown" and r.get("missing"):
            out.append(r["missing"])
    return out


def missing_lines(traces: dict[str, list[dict]], next_tier: str, stored: list[str]) -> list[str]:
    """A stored assessment's gaps to its next tier in the reader's language, made again from its
    stored trace (``stored`` is the list written when it was computed, in the language of the
    job that computed it; kept for an assessment stored without traces)."""
    rows = traces.get(next_tier) if next_tier else None
    if not rows or not english():
        # stored in the site's language (tier_recompute): no need to make it again, which
        # keeps the ladder's Excel export of a province's enterprises a plain read
        return list(stored)
    return what_is_missing(localized(rows))[:8]


def assess(
    rules: dict[str, CompiledRule], snapshot: Snapshot, on: dt.date, year: int, *, with_traces: bool = True
) -> Assessment:
    """Climb the ladder: each tier's rule sees the tier reached so far (雏鹰 requires 科技型中小企业);
    the computed tier is the highest that passes; a valid certificate lifts it."""
    a = Assessment(year=year)
    snapshot.tier = ""
    held = snapshot.certified_on(on)
    snapshot = replace(snapshot, certified=held)
    facts = build_facts(snapshot, on, year)
    certified = max(held, key=RANK.get, default="")
    results = {}
    for tier in TIERS:
        rule = rules[tier]
        facts["tier"] = (max(a.computed_tier, certified, key=RANK.get), None, "reached_tier")
        outcome, trace = rule.evaluate(facts, on)
        results[tier] = (outcome, trace)
        a.outcomes[tier] = {PASS: "passed", UNKNOWN: "unknown"}.get(outcome, "failed")
        if outcome == PASS:
            a.computed_tier = tier
        if with_traces:
            a.traces[tier] = explain(rule, trace, facts)
    a.tier = max(a.computed_tier, certified, key=RANK.get)
    a.certified = bool(certified) and RANK[certified] >= RANK[a.computed_tier]
    if a.rank < len(TIERS):
        nxt = TIERS[a.rank]
        a.next_tier = nxt
        outcome, trace = results[nxt]
        a.distance = rules[nxt].distance(trace)
        rows = a.traces.get(nxt) or explain(rules[nxt], trace, facts)
        a.missing = what_is_missing(rows)[:8]
    return a
