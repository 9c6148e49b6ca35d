"""An enterprise's facts frozen as JSON when its results are stored, and thawed to explain them.

A zone match stores one result per enterprise × clause (5,000,000 pairs in a zone of 100,000
enterprises and 50 clauses) but the facts behind them once per enterprise. The trace of any
stored result is then made again on reading, by evaluating its rule version on these facts on
the day it was computed: the same pure evaluation on the same inputs gives the same trace,
value for value, so what a person reads is what was decided — without writing a trace per pair
(which made the store, not the evaluation, the cost of a zone match).

Only the facts the zone's clauses read are kept (their conditions, the two figures behind a
ratio for its gap sentence, the benefit formulas' facts). The text is deterministic (facts in
key order, sources numbered as they first appear), so its hash tells whether the facts changed.

Shape: ``{"f": {fact: [value, year, source number]}, "s": [sources]}``; a numeric fact's Decimal
is written as a string (numeric facts hold no other strings), ints, bools and codes as they are.
Pure: no Django.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from zonedesk.rules_engine.engine import CompiledRule, Facts
from zonedesk.rules_engine.facts import FACTS

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def keys_read(rules: Iterable[CompiledRule], benefit_facts: Iterable[str] = ()) -> tuple[str, ...]:
    """The facts that decide and explain these rules: their conditions' facts, the numerator
    and denominator of a ratio (a failed ratio's gap is said in the numerator's unit) and the
    facts benefit formulas are computed from; in key order."""
    keys = set(benefit_facts)
    for rule in rules:
        for key in rule.facts_used:
            keys.add(key)
            ratio = FACTS[key].ratio_of
            if ratio:
                keys.update(ratio)
    keys.discard("")
    return tuple(sorted(keys))


def freeze(facts: Facts, keys: tuple[str, ...]) -> str:
    """The facts named by ``keys`` (those present) as compact, deterministic JSON text."""
    sources: dict[str, int] = {}
    out: dict[str, list] = {}
    for key in keys:
        entry = facts.get(key)
        if entry is None:
            continue
        value, year, source = entry
        if type(value) is Decimal:
            value = str(value)
        ref = sources.get(source)
        if ref is None:
            ref = sources[source] = len(sources)
        out[key] = [value, year, ref]
    return _dumps({"f": out, "s": list(sources)})


def thaw(frozen: dict | str) -> Facts:
    """Facts as ``build_facts`` gave them, from ``freeze``'s JSON (text or parsed)."""
    data: Any = json.loads(frozen) if isinstance(frozen, str) else frozen
    sources = data.get("s", [])
    facts: Facts = {}
    for key, (value, year, ref) in data.get("f", {}).items():
        fact = FACTS.get(key)
        if fact is not None and fact.numeric and isinstance(value, str):
            value = Decimal(value)
        facts[key] = (value, year, sources[ref])
    return facts
