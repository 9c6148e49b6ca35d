"""A trace made readable: one row per condition, with the gap of a failed one in its unit.

The rows are plain JSON-able dicts (the API returns them, the pages render them, an award
freezes them), so they are what a person checks a decision against.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zonedesk.rules_engine import texts
from zonedesk.rules_engine.engine import (
    FAIL,
    OUTCOME_NAMES,
    PASS,
    UNKNOWN,
    CompiledRule,
    Facts,
    TraceEntry,
)
from zonedesk.rules_engine.facts import FACTS, MONEY, FactDef
from zonedesk.rules_engine.texts import number


def show(fact: FactDef | None, value: Any) -> str:
    return texts.show(fact, value)


def _threshold_text(kind: str, fact: FactDef | None, threshold: Any) -> str:
    if kind == "between" and isinstance(threshold, tuple):
        return _("%(low)s ～ %(high)s") % {"low": show(fact, threshold[0]), "high": show(fact, threshold[1])}
    if kind in ("points", "best_of"):
        return texts.points(threshold) if threshold is not None else "—"
    if kind == "item":
        if threshold is None:
            return "—"
        count = int(threshold) if threshold == int(threshold) else 2
        return ngettext("得 %(n)s 分", "得 %(n)s 分", count) % {"n": number(threshold)}
    if kind == "in":
        return show(fact, frozenset(threshold or ())) or "—"
    if kind == "is":
        return texts.yes_no(bool(threshold))
    return show(fact, threshold) if threshold is not None else _("—（参数未生效）")


def gap_basis(node, value: Any, threshold: Any, facts: Facts | None) -> dict | None:
    """The figures of a failed numeric condition's gap, language-free (a stored row keeps them,
    so its gap reads in any language): {"short"|"over"|"below"|"above": amount} and, for a
    ratio, [numerator, denominator, denominator's value, its year, numerator needed]."""
    fact = node.fact
    if fact is None or not fact.numeric or value is None or threshold is None:
        return None
    if node.kind == "between":
        low, high = threshold
        return {"below": _jsonable(low - value)} if value < low else {"above": _jsonable(value - high)}
    if node.kind != "compare" or node.op not in (">=", ">", "<=", "<"):
        return None
    up = node.op in (">=", ">")
    amount = threshold - value if up else value - threshold
    basis: dict[str, Any] = {"short" if up else "over": _jsonable(amount)}
    if fact.ratio_of and facts is not None:
        num_key, den_key = fact.ratio_of
        num, _ny, _ns = facts.get(num_key, (None, None, ""))
        den, dy, _ds = facts.get(den_key, (None, None, ""))
        if num is not None and den:
            needed = threshold * Decimal(den) / 100 - Decimal(num)
            if not up:
                needed = -needed
            needed = needed.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            basis["ratio"] = [num_key, den_key, _jsonable(den), dy, _jsonable(needed)]
    return basis


def _dec(value: Any) -> Any:
    """A stored row's number back to Decimal (rows keep Decimals as strings)."""
    if isinstance(value, str):
        try:
            return Decimal(value)
        except ArithmeticError:
            return value
    return value


def gap_from(fact: FactDef | None, basis: dict) -> str:
    """The gap sentence: "还差 0.5%：按 2025 年营业收入 8,600 万元，还差研发投入 68.8 万元"."""
    if "below" in basis:
        return _("低于下限 %(amount)s") % {"amount": show(fact, _dec(basis["below"]))}
    if "above" in basis:
        return _("超出上限 %(amount)s") % {"amount": show(fact, _dec(basis["above"]))}
    up = "short" in basis
    amount = show(fact, _dec(basis["short" if up else "over"]))
    ratio = basis.get("ratio")
    if not ratio or ratio[0] not in FACTS or ratio[1] not in FACTS:
        return (_("还差 %(amount)s") if up else _("超出 %(amount)s")) % {"amount": amount}
    num_key, den_key, den, year, needed = ratio
    nf, df = FACTS[num_key], FACTS[den_key]
    p = {
        "amount": amount,
        "year": year,
        "den": texts.fact_label(df),
        "den_value": show(df, _dec(den)),
        "num": texts.fact_label(nf),
        "needed": show(nf, _dec(needed)),
    }
    if up:
        if year:
            return _("还差 %(amount)s：按 %(year)s 年%(den)s %(den_value)s，还差%(num)s %(needed)s") % p
        return _("还差 %(amount)s：按%(den)s %(den_value)s，还差%(num)s %(needed)s") % p
    if year:
        return _("超出 %(amount)s：按 %(year)s 年%(den)s %(den_value)s，超出%(num)s %(needed)s") % p
    return _("超出 %(amount)s：按%(den)s %(den_value)s，超出%(num)s %(needed)s") % p


def gap_text(node, value: Any, threshold: Any, facts: Facts | None) -> str:
    """What it takes to pass a failed numeric condition, in the fact's own unit and, for a
    ratio, in its numerator's: "按 2025 年营业收入 8,600 万元，还差研发投入 68.8 万元"."""
    basis = gap_basis(node, value, threshold, facts)
    return gap_from(node.fact, basis) if basis else ""


def explain(rule: CompiledRule, trace: list[TraceEntry], facts: Facts | None = None) -> list[dict]:
    """The trace as rows: path, depth, label, fact, value (year, source), operator, threshold,
    outcome and, for a failed condition, the gap; for an unknown one, the figure to enter.

    A row holds codes and figures (kind, fact, op, value, threshold, source, result, the rule's
    own labels, the gap's figures) and the texts made from them in the active language; a
    stored row is shown again through ``localized`` in the reader's language."""
    rows = []
    for entry in trace:
        if entry is None:
            continue
        i, value, year, source, threshold, outcome = entry
        node = rule.nodes[i]
        fact = node.fact
        row: dict[str, Any] = {
            "path": node.path,
            "depth": node.depth,
            "kind": node.kind,
            "rule_label": node.label,
            "rule_label_en": node.label_en,
            "fact": fact.key if fact else None,
            "value": _jsonable(value),
            "year": year,
            "source": source,
            "op": node.op,
            "threshold": _jsonable(threshold) if node.kind not in ("all", "any", "not") else None,
            "param": node.param,
            "result": OUTCOME_NAMES[outcome],
        }
        if outcome == FAIL:
            basis = gap_basis(node, value, threshold, facts)
            if basis:
                row["gap_basis"] = basis
        if outcome == UNKNOWN and fact is not None and value is None:
            row["missing_fact"] = fact.key
        rows.append(_texts(row, value, threshold))
    return rows


def localized(rows: list[dict]) -> list[dict]:
    """Stored rows (an award's frozen trace, an assessment's traces) with their texts made
    again in the active language. Rows stored before the rows kept their codes keep their
    texts, the rule's Chinese wording marked as such."""
    out = []
    for stored in rows:
        row = dict(stored)
        if "rule_label" not in row:
            _legacy(row)
        fact = FACTS.get(row.get("fact") or "")
        numeric = (fact is not None and fact.numeric) or row["kind"] in ("points", "best_of", "item")
        value, threshold = row.get("value"), row.get("threshold")
        if isinstance(value, list):
            value = frozenset(value)
        elif numeric:
            value = _dec(value)
        if isinstance(threshold, list):
            between = row["kind"] == "between"
            threshold = tuple(_dec(t) for t in threshold) if between else frozenset(threshold)
        elif numeric:
            threshold = _dec(threshold)
        out.append(_texts(row, value, threshold))
    return out


_GROUP_LABELS_ZH = frozenset(
    {"同时满足以下全部条件", "满足以下任一条件", "不得满足以下条件", "积分合计", "择优计分"}
)


def _legacy(row: dict) -> None:
    """A row stored with its texts only: keep what can be made again, the rest as data."""
    fact = FACTS.get(row.get("fact") or "")
    label = row.get("label", "")
    generated = (fact is not None and label == fact.label) or label in _GROUP_LABELS_ZH
    row["rule_label"], row["rule_label_en"] = ("" if generated else label), ""
    if row.get("missing") and fact is not None:
        row["missing_fact"] = fact.key
    if row.get("gap"):
        row["legacy_gap"] = row["gap"]


def _texts(row: dict, value: Any, threshold: Any) -> dict:
    """The row's texts in the active language, from its codes and figures."""
    kind = row["kind"]
    fact = FACTS.get(row.get("fact") or "")
    english = texts.english()
    label, lang = row.get("rule_label", ""), ""
    if english and row.get("rule_label_en"):
        label = row["rule_label_en"]
    elif label:
        lang = texts.ZH if english and texts.HAN.search(label) else ""
    elif row.get("rule_label_en"):
        label = row["rule_label_en"]
    else:
        label = texts.fact_label(fact) if fact else texts.group_label(kind)
    row["label"], row["label_lang"] = label, lang
    if fact is not None:
        row["value_text"] = show(fact, value)
    elif kind in ("points", "best_of") and value is not None:
        row["value_text"] = texts.points(value)
    else:
        row["value_text"] = ""
    row["op_text"] = texts.op_text(row.get("op", "")) if kind != "item" else ""
    groups = kind in ("all", "any", "not")
    row["threshold_text"] = "" if groups else _threshold_text(kind, fact, threshold)
    op = row.get("op", "") if kind != "item" else ""
    row["requirement"] = "" if groups else texts.requirement(op, row["threshold_text"])
    row["source_text"], row["source_lang"] = texts.source_text(row.get("source") or "")
    if row.get("gap_basis"):
        row["gap"], row["gap_lang"] = gap_from(fact, row["gap_basis"]), ""
    elif row.get("legacy_gap"):
        row["gap"] = row["legacy_gap"]
        row["gap_lang"] = texts.ZH if english and texts.HAN.search(row["gap"]) else ""
    if row.get("missing_fact") in FACTS:
        row["missing"] = texts.missing(FACTS[row["missing_fact"]])
    return row


def missing_facts(rule: CompiledRule, trace: list[TraceEntry]) -> list[str]:
    """The keys of facts whose missing value left a condition unknown."""
    out = []
    for entry in trace:
        if entry is None:
            continue
        node = rule.nodes[entry[0]]
        if entry[5] == UNKNOWN and node.fact is not None and entry[1] is None and node.fact.key not in out:
            out.append(node.fact.key)
    return out


def blame(rule: CompiledRule, trace: list[TraceEntry], i: int = 0, want: int = FAIL) -> list[tuple[int, int]]:
    """The conditions that decide a failed rule, with the outcome each has: a failed condition
    that stands in the way, or — under a 不得满足 (not) — a condition that is met and must not
    be. Conditions that did not decide the outcome (a failed one under a "not", which is what
    the rule wants) are left out."""
    entry = trace[i]
    if entry is None or entry[5] != want:
        return []
    node = rule.nodes[i]
    if node.kind == "not":
        return blame(rule, trace, node.children[0], PASS if want == FAIL else FAIL)
    if node.kind in ("all", "any"):
        out: list[tuple[int, int]] = []
        for c in node.children:
            out += blame(rule, trace, c, want)
        return out
    return [(i, want)]


def summary(
    rule: CompiledRule, trace: list[TraceEntry], facts: Facts | None = None, rows: list[dict] | None = None
) -> str:
    """One line: the conditions standing in the way with their gaps, or the figures to enter
    (``rows``: unused, kept for callers that have the trace explained already)."""
    outcome = trace[0][5]
    if outcome == PASS:
        return texts.all_met()
    parts = []
    if outcome == FAIL:
        decisive = blame(rule, trace)
        # Only the deciding conditions are written out: explain just those (a stored result's
        # summary is made for every nearly-qualifying enterprise of a zone).
        explained = explain(rule, [trace[i] for i, _w in decisive], facts)
        for row, (_i, want) in zip(explained, decisive, strict=True):
            if want == FAIL:
                need, gap = row["requirement"], row.get("gap", "")
                parts.append(texts.summary_part(row["label"], row["value_text"], need, gap))
            else:
                must_not = texts.requirement(row["op"], row["threshold_text"], must_not=True)
                parts.append(texts.summary_part(row["label"], row["value_text"], must_not))
    if outcome == UNKNOWN:
        parts.append(texts.missing_data([FACTS[k] for k in missing_facts(rule, trace)]))
    return texts.join_clauses(parts[:4])


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, frozenset | set):
        return sorted(value)
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


__all__ = ["MONEY", "explain", "gap_text", "localized", "missing_facts", "number", "show", "summary"]
