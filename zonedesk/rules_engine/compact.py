"""A trace in the few bytes a stored result needs, and back.

Re-matching a zone stores hundreds of thousands of results; storing each one's explained trace
(labels, operator texts, gap sentences: ~3 KB of JSON) made the store, not the evaluation, the
cost. A stored result keeps only what the evaluation produced and the rule cannot give again —
per node the outcome, the value with its year and source, and the threshold where it was not a
fixed number of the rule (a dated parameter, a point score) — plus the two figures behind a
failed ratio (for its gap sentence). ``unpack`` with the same compiled rule version gives the
trace back entry for entry, so ``explain`` shows exactly what it would have shown at the time.

Shape: ``{"n": [per node: null (not evaluated) | outcome (a group, or a missing figure) |
[outcome, value, year, source index, threshold if made at evaluation]], "s": [sources],
"f": {fact: [value, year]}}`` (Decimals as ``{"d": "4.5"}``, sets as ``{"set": [...]}``; empty
parts left out). Pure: no Django.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from zonedesk.rules_engine.engine import FAIL, CompiledRule, Facts, TraceEntry

# Node kinds whose threshold is computed at evaluation time, not written in the rule.
_DYNAMIC = frozenset({"points", "item", "best_of"})


def _enc(value: Any) -> Any:
    t = type(value)
    if t is Decimal:
        return {"d": str(value)}
    if t is frozenset or t is set:
        return {"set": sorted(value)}
    if t is tuple:
        return {"tuple": [_enc(v) for v in value]}
    return value


def _dec(value: Any) -> Any:
    if type(value) is dict:
        if "d" in value:
            return Decimal(value["d"])
        if "set" in value:
            return frozenset(value["set"])
        if "tuple" in value:
            return tuple(_dec(v) for v in value["tuple"])
    return value


def _dynamic(rule: CompiledRule) -> tuple[bool, ...]:
    """Per node: is its threshold made at evaluation time (stored) or written in the rule?"""
    flags = getattr(rule, "_compact_dynamic", None)
    if flags is None:
        flags = tuple(n.kind in _DYNAMIC or bool(n.param) for n in rule.nodes)
        rule._compact_dynamic = flags  # type: ignore[attr-defined]
    return flags


def _static_threshold(node) -> Any:
    if node.kind == "between":
        return (node.low, node.high)
    if node.kind in ("all", "any", "not"):
        return None
    return node.value


def pack(rule: CompiledRule, trace: list[TraceEntry], facts: Facts | None = None) -> dict:
    dynamic = _dynamic(rule)
    nodes = rule.nodes
    sources: dict[str, int] = {}
    out: list[Any] = []
    extra: dict[str, list] = {}
    for entry in trace:
        if entry is None:
            out.append(None)
            continue
        i, value, year, source, threshold, outcome = entry
        if not dynamic[i] and value is None and year is None and not source:
            out.append(outcome)  # a group, or a condition whose figure is missing
        else:
            ref = sources.setdefault(source, len(sources)) if source else None
            row = [outcome, _enc(value), year, ref]
            if dynamic[i]:
                row.append(_enc(threshold))
            out.append(row)
        if outcome == FAIL and facts is not None:
            fact = nodes[i].fact
            if fact is not None and fact.ratio_of:
                for name in fact.ratio_of:
                    v, y, _s = facts.get(name, (None, None, ""))
                    if v is not None:
                        extra[name] = [_enc(v), y]
    packed: dict[str, Any] = {"n": out}
    if sources:
        packed["s"] = list(sources)
    if extra:
        packed["f"] = extra
    return packed


def unpack(rule: CompiledRule, packed: dict) -> tuple[list[TraceEntry], Facts]:
    """The trace as ``evaluate`` returned it, and the facts its gaps need."""
    sources = packed.get("s", [])
    dynamic = _dynamic(rule)
    trace: list[TraceEntry] = []
    for k, item in enumerate(packed["n"]):
        if item is None:
            trace.append(None)  # type: ignore[arg-type]
            continue
        if type(item) is int:
            item = [item, None, None, None]
        outcome, value, year, ref = item[:4]
        threshold = _dec(item[4]) if dynamic[k] else _static_threshold(rule.nodes[k])
        trace.append((k, _dec(value), year, sources[ref] if ref is not None else "", threshold, outcome))
    facts: Facts = {name: (_dec(v), y, "") for name, (v, y) in packed.get("f", {}).items()}
    return trace, facts
