"""A trace made readable: one row per condition, with the gap of a failed one in its unit.

The rows are plain JSON-able dicts (the API returns them, the pages render them, an award
freezes them), so they are what a person checks a decision against.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from zonedesk.rules_engine.engine import (
    FAIL,
    OP_TEXT,
    OUTCOME_NAMES,
    PASS,
    UNKNOWN,
    CompiledRule,
    Facts,
    TraceEntry,
)
from zonedesk.rules_engine.facts import BOOL, CHOICE_LABELS, FACTS, MONEY, PERCENT, FactDef


def number(value: Any, places: int = 2) -> str:
    """4380.00 -> "4,380"; 68.8 -> "68.8" (no float ever touches the value)."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if not isinstance(value, Decimal | int):
        return str(value)
    d = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{d:,.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def show(fact: FactDef | None, value: Any) -> str:
    if value is None:
        return "—"
    if fact is None:
        return number(value)
    if fact.kind == BOOL:
        return "是" if value else "否"
    labels = CHOICE_LABELS.get(fact.key, {})
    if isinstance(value, frozenset | set | tuple | list):
        return "、".join(sorted(labels.get(v, str(v)) for v in value))
    if labels and value in labels:
        return labels[value]
    if fact.numeric:
        return f"{number(value)}{'' if fact.kind == PERCENT else ' '}{fact.unit}".strip()
    return str(value) or "（空）"


def _threshold_text(node, threshold: Any) -> str:
    fact = node.fact
    if node.kind == "between" and isinstance(threshold, tuple):
        return f"{show(fact, threshold[0])} ～ {show(fact, threshold[1])}"
    if node.kind in ("points", "best_of"):
        return f"{number(threshold)} 分" if threshold is not None else "—"
    if node.kind == "item":
        return f"得 {number(threshold)} 分" if threshold is not None else "—"
    if node.kind == "in":
        return show(fact, frozenset(threshold or ())) or "—"
    if node.kind == "is":
        return "是" if threshold else "否"
    return show(fact, threshold) if threshold is not None else "—（参数未生效）"


def gap_text(node, value: Any, threshold: Any, facts: Facts | None) -> str:
    """What it takes to pass a failed numeric condition, in the fact's own unit and, for a
    ratio, in its numerator's: "按 2025 年营业收入 8,600 万元，还差研发投入 68.8 万元"."""
    fact = node.fact
    if fact is None or not fact.numeric or value is None or threshold is None:
        return ""
    if node.kind == "between":
        low, high = threshold
        if value < low:
            return f"低于下限 {show(fact, low - value)}"
        return f"超出上限 {show(fact, value - high)}"
    if node.kind != "compare" or node.op not in (">=", ">", "<=", "<"):
        return ""
    short = threshold - value if node.op in (">=", ">") else value - threshold
    word = "还差" if node.op in (">=", ">") else "超出"
    text = f"{word} {show(fact, short)}"
    if fact.ratio_of and facts is not None:
        num_key, den_key = fact.ratio_of
        num, _ny, _ns = facts.get(num_key, (None, None, ""))
        den, dy, _ds = facts.get(den_key, (None, None, ""))
        if num is not None and den:
            nf, df = FACTS[num_key], FACTS[den_key]
            needed = threshold * Decimal(den) / 100 - Decimal(num)
            if node.op in ("<=", "<"):
                needed = -needed
            year = f" {dy} 年" if dy else ""
            text += (
                f"：按{year}{df.label} {show(df, den)}，{word}{nf.label} "
                f"{show(nf, needed.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP))}"
            )
    return text


def explain(rule: CompiledRule, trace: list[TraceEntry], facts: Facts | None = None) -> list[dict]:
    """The trace as rows: path, depth, label, fact, value (year, source), operator, threshold,
    outcome and, for a failed condition, the gap; for an unknown one, the figure to enter."""
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
            "label": node.label or (fact.label if fact else _group_label(node)),
            "fact": fact.key if fact else None,
            "value": _jsonable(value),
            "value_text": show(fact, value)
            if fact
            else (f"{number(value)} 分" if node.kind in ("points", "best_of") and value is not None else ""),
            "year": year,
            "source": source,
            "op": node.op,
            "op_text": OP_TEXT.get(node.op, node.op) if node.kind != "item" else "",
            "threshold": _jsonable(threshold),
            "threshold_text": _threshold_text(node, threshold)
            if node.kind not in ("all", "any", "not")
            else "",
            "param": node.param,
            "result": OUTCOME_NAMES[outcome],
        }
        if outcome == FAIL:
            row["gap"] = gap_text(node, value, threshold, facts)
        if outcome == UNKNOWN and fact is not None and value is None:
            row["missing"] = f"请填报{fact.label}"
        rows.append(row)
    return rows


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
        return "全部条件满足"
    parts = []
    if outcome == FAIL:
        decisive = blame(rule, trace)
        # Only the deciding conditions are written out: explain just those (a stored result's
        # summary is made for every nearly-qualifying enterprise of a zone).
        explained = explain(rule, [trace[i] for i, _w in decisive], facts)
        for row, (_i, want) in zip(explained, decisive, strict=True):
            if want == FAIL:
                parts.append(
                    f"{row['label']} {row['value_text']}，需 {row['op_text']} {row['threshold_text']}"
                    + (f"（{row['gap']}）" if row.get("gap") else "")
                )
            else:
                must_not = f"不得 {row['op_text']} {row['threshold_text']}"
                parts.append(f"{row['label']} {row['value_text']}，{must_not}")
    if outcome == UNKNOWN:
        names = [FACTS[k].label for k in missing_facts(rule, trace)]
        parts.append("缺少数据：" + "、".join(names))
    return "；".join(parts[:4])


_QUIET = frozenset({"all", "any", "not", "item", "best_of"})


def _group_label(node) -> str:
    return {
        "all": "同时满足以下全部条件",
        "any": "满足以下任一条件",
        "not": "不得满足以下条件",
        "points": "积分合计",
        "best_of": "择优计分",
    }.get(node.kind, "")


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


__all__ = ["MONEY", "explain", "gap_text", "missing_facts", "number", "show", "summary"]
