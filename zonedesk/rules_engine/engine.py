"""Rules as data: validate a JSON rule into a compiled tree, evaluate it with a full trace.

A rule document::

    {"params": {"rd_min": {"unit": "%", "values": [{"from": "2016-01-01", "value": "4"},
                                                   {"from": "2027-01-01", "value": "5"}],
                           "note": "待核定"}},
     "when": NODE}

A NODE is one of

* ``{"all": [NODE, ...]}``, ``{"any": [NODE, ...]}``, ``{"not": NODE}``
* ``{"fact": "rd_ratio", "op": ">=", "value": "4", "unit": "%"}`` (ops < <= > >= == !=; a value
  may be ``{"param": "rd_min"}``, a dated parameter: a threshold that changes on a date changes
  nothing before it)
* ``{"fact": "revenue", "op": "between", "min": "5000", "max": "20000", "unit": "万元"}`` (inclusive)
* ``{"fact": "industry", "op": "in", "values": ["30", "35"]}`` (also ``not_in``)
* ``{"fact": "dishonest", "op": "is", "value": false}``
* ``{"points": [ITEM, ...], "op": ">=", "value": "60"}`` — a point table: ITEM is
  ``{"fact": k, "unit": u, "bands": [{"min": a, "max": b, "points": n}, ...]}`` (min inclusive, max
  exclusive, either may be null), ``{"fact": k, "if_true": n}`` or ``{"best_of": [ITEM, ...]}``.

Every node may carry ``"label"`` (shown in the trace) and ``"label_en"`` (shown instead to an
English reader; without it the Chinese label shows, marked as Chinese). Nothing is ever
``eval``'d: the JSON is walked once by ``compile_rule``, which refuses unknown facts, operators
that do not fit the fact's kind, units of another kind (money against a percentage), empty
groups and undated or malformed parameters, naming each condition by its path (``when.all[2].any[0]``).

Outcomes are three-valued (Kleene): a missing figure is UNKNOWN, never FAIL, and a group is
decided only when the known conditions decide it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from zonedesk.rules_engine.facts import (
    BOOL,
    CODE,
    FACTS,
    MONEY,
    MONEY_UNITS,
    FactDef,
)

FAIL, PASS, UNKNOWN = 0, 1, 2
OUTCOME_NAMES = {PASS: "passed", FAIL: "failed", UNKNOWN: "unknown"}
COMPARE_OPS = ("<", "<=", ">", ">=", "==", "!=")
OP_TEXT = {
    "<": "<",
    "<=": "≤",
    ">": ">",
    ">=": "≥",
    "==": "=",
    "!=": "≠",
    "between": "介于",
    "in": "属于",
    "not_in": "不属于",
    "is": "为",
}

# A fact's value as the evaluator receives it: (value, year, source). value None = missing.
FactValue = tuple[Any, "int | None", str]
Facts = dict[str, FactValue]
# One trace entry per node, in node order: (node index, value, year, source, threshold, outcome).
TraceEntry = tuple[int, Any, "int | None", str, Any, int]

MISSING: FactValue = (None, None, "")


class RuleError(ValueError):
    """The rule is refused: ``errors`` lists (path, reason) for every fault found."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{p}: {r}" for p, r in errors))
        self.errors = errors


# -- compiled nodes -------------------------------------------------------------------------------


@dataclass
class Node:
    index: int
    path: str
    kind: str  # all any not compare between in is points item best_of
    label: str = ""
    depth: int = 0
    children: list[int] = field(default_factory=list)
    fact: FactDef | None = None
    op: str = ""
    value: Any = None  # Decimal / str / bool / frozenset, in the fact's canonical unit
    param: str = ""  # a dated parameter's name instead of value
    low: Decimal | None = None
    high: Decimal | None = None
    unit: str = ""  # as written by the author (for display)
    bands: tuple[tuple[Decimal | None, Decimal | None, Decimal], ...] = ()
    if_true: Decimal | None = None
    max_points: Decimal = Decimal(0)
    label_en: str = ""


@dataclass(frozen=True)
class Param:
    name: str
    unit: str
    starts: tuple[dt.date, ...]
    values: tuple[Decimal, ...]
    note: str = ""

    def at(self, day: dt.date) -> Decimal | None:
        i = bisect.bisect_right(self.starts, day) - 1
        return self.values[i] if i >= 0 else None


_OPS = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}


# op -> the operator with its arguments swapped: ``value >= t`` is ``le(t, value)``, so a
# threshold can be bound first (functools.partial) and the value passed last.
_SWAPPED = {
    ">=": operator.le,
    "<=": operator.ge,
    ">": operator.lt,
    "<": operator.gt,
    "==": operator.eq,
    "!=": operator.ne,
}


def _cmp(op: str, a: Any, b: Any) -> bool:
    if op == ">=":
        return a >= b
    if op == "<=":
        return a <= b
    if op == ">":
        return a > b
    if op == "<":
        return a < b
    if op == "==":
        return a == b
    return a != b


class CompiledRule:
    """A validated rule: evaluate it as often as needed; it holds no enterprise data."""

    def __init__(self, nodes: list[Node], params: dict[str, Param], source: dict) -> None:
        self.nodes = nodes
        self.params = params
        self.source = source
        self._bound: dict[dt.date, dict[str, Decimal | None]] = {}
        self.facts_used = tuple(sorted({n.fact.key for n in nodes if n.fact is not None}))
        self._root = self._build(0)
        self._deciders: dict[dt.date, Callable[[dict[str, Any]], int]] = {}

    def params_at(self, day: dt.date) -> dict[str, Decimal | None]:
        bound = self._bound.get(day)
        if bound is None:
            bound = {name: p.at(day) for name, p in self.params.items()}
            if len(self._bound) < 64:
                self._bound[day] = bound
        return bound

    def evaluate(self, facts: Facts, on: dt.date) -> tuple[int, list[TraceEntry]]:
        """The outcome and the trace: one entry per node (groups, conditions, point items)."""
        trace: list[TraceEntry] = [None] * len(self.nodes)  # type: ignore[list-item]
        params = self._bound.get(on)
        if params is None:
            params = self.params_at(on)
        outcome = self._root(facts, params, trace)
        return outcome, trace

    def evaluate_reference(self, facts: Facts, on: dt.date) -> tuple[int, list[TraceEntry]]:
        """The same by walking the node list (the readable definition the fast path is tested
        against)."""
        trace: list[TraceEntry] = [None] * len(self.nodes)  # type: ignore[list-item]
        outcome = self._ev(0, facts, self.params_at(on), trace)
        return outcome, trace

    def _build(self, i: int):
        """A closure per node, specialised by kind and operator: no dispatch on strings at
        evaluation time (the benchmark's 100,000 evaluations a second come from here)."""
        n = self.nodes[i]
        kind = n.kind
        if kind in ("all", "any"):
            children = tuple(self._build(c) for c in n.children)
            if kind == "all":

                def group(facts, params, trace):
                    fail = unknown = False
                    for child in children:
                        r = child(facts, params, trace)
                        if r == 0:
                            fail = True
                        elif r == 2:
                            unknown = True
                    out = 0 if fail else (2 if unknown else 1)
                    trace[i] = (i, None, None, "", None, out)
                    return out
            else:

                def group(facts, params, trace):
                    hit = unknown = False
                    for child in children:
                        r = child(facts, params, trace)
                        if r == 1:
                            hit = True
                        elif r == 2:
                            unknown = True
                    out = 1 if hit else (2 if unknown else 0)
                    trace[i] = (i, None, None, "", None, out)
                    return out

            return group
        if kind == "not":
            child = self._build(n.children[0])

            def negate(facts, params, trace):
                r = child(facts, params, trace)
                out = 2 if r == 2 else 1 - r
                trace[i] = (i, None, None, "", None, out)
                return out

            return negate
        if kind == "points":
            return lambda facts, params, trace: self._points(n, facts, params, trace)
        key = n.fact.key  # type: ignore[union-attr]
        if kind == "compare":
            cmp = _OPS[n.op]
            fixed, param = n.value, n.param

            def compare(facts, params, trace):
                value, year, source = facts.get(key, MISSING)
                threshold = params[param] if param else fixed
                if value is None or threshold is None:
                    out = 2
                else:
                    out = 1 if cmp(value, threshold) else 0
                trace[i] = (i, value, year, source, threshold, out)
                return out

            return compare
        if kind == "between":
            low, high = n.low, n.high
            pair = (low, high)

            def between(facts, params, trace):
                value, year, source = facts.get(key, MISSING)
                out = 2 if value is None else (1 if low <= value <= high else 0)
                trace[i] = (i, value, year, source, pair, out)
                return out

            return between
        if kind == "in":
            values, positive = n.value, n.op == "in"

            def member(facts, params, trace):
                value, year, source = facts.get(key, MISSING)
                out = 2 if value is None else (1 if (value in values) == positive else 0)
                trace[i] = (i, value, year, source, values, out)
                return out

            return member
        expected = n.value

        def flag(facts, params, trace):
            value, year, source = facts.get(key, MISSING)
            out = 2 if value is None else (1 if bool(value) is expected else 0)
            trace[i] = (i, value, year, source, expected, out)
            return out

        return flag

    def outcome(self, facts: Facts, on: dt.date) -> int:
        return self.evaluate(facts, on)[0]

    def decide(self, facts: Facts, on: dt.date) -> tuple[int, int]:
        """(outcome, distance) as ``evaluate`` and ``distance`` give them, without a trace."""
        code = self.decider(on)({k: v[0] for k, v in facts.items()})
        if code == 0:
            return PASS, 0
        if code < 0:
            return UNKNOWN, 0
        return FAIL, code

    def decider(self, on: dt.date) -> Callable[[dict[str, Any]], int]:
        """The rule on day ``on`` as one function of the facts' bare values ({key: value}),
        returning 0 when it passes, -1 when it is unknown, or the distance (≥ 1) when it fails.

        A zone match decides 5,000,000 enterprise × clause pairs and stores no trace (the trace
        is made again on reading by ``evaluate``), so this path is built for speed: the day's
        parameters are bound as constants, and a group tests its plain conditions in one loop
        through C-level predicates (``operator.le`` bound to the threshold, a set's
        ``__contains__``, ``operator.truth``) instead of a Python call per condition. Tests hold
        it equal to the traced path."""
        fn = self._deciders.get(on)
        if fn is None:
            fn = self._build_decision(0, self.params_at(on))
            if len(self._deciders) < 64:
                self._deciders[on] = fn
        return fn

    def _leaf_test(self, n: Node, params: dict) -> tuple[str, Any, bool] | None:
        """(fact key, predicate, expected) for a plain condition: it passes when the value is
        present and ``predicate(value) is expected``; None for anything else. A parameter not
        in force on the day gives a predicate of None (unknown whatever the value)."""
        key = n.fact.key if n.fact is not None else ""
        if n.kind == "compare":
            threshold = params[n.param] if n.param else n.value
            if threshold is None:
                return key, None, True
            return key, functools.partial(_SWAPPED[n.op], threshold), True
        if n.kind == "in":
            return key, n.value.__contains__, n.op == "in"
        if n.kind == "is":
            return key, operator.truth, n.value
        return None

    def _build_decision(self, i: int, params: dict):
        """Closures returning one int: 0 passed, -1 unknown, or the distance (≥ 1) of a failed
        node — an "all" fails by the sum of its failed children, an "any" by the nearest child,
        anything else by one."""
        n = self.nodes[i]
        kind = n.kind
        if kind in ("all", "any"):
            leaves, others = [], []
            for c in n.children:
                test = self._leaf_test(self.nodes[c], params)
                if test is None:
                    others.append(self._build_decision(c, params))
                else:
                    leaves.append(test)
            plain, children = tuple(leaves), tuple(others)
            if kind == "all":

                def group(values):
                    failed = 0
                    unknown = False
                    for key, test, expected in plain:
                        v = values.get(key)
                        if v is None or test is None:
                            unknown = True
                        elif test(v) is not expected:
                            failed += 1
                    for child in children:
                        r = child(values)
                        if r > 0:
                            failed += r
                        elif r:
                            unknown = True
                    return failed or (-1 if unknown else 0)
            else:

                def group(values):
                    unknown = False
                    for key, test, expected in plain:
                        v = values.get(key)
                        if v is None or test is None:
                            unknown = True
                        elif test(v) is expected:
                            return 0
                    nearest = 1 if plain else 0  # a failed plain condition is one away
                    for child in children:
                        r = child(values)
                        if r == 0:
                            return 0
                        if r < 0:
                            unknown = True
                        elif not nearest or r < nearest:
                            nearest = r
                    return -1 if unknown else nearest

            return group
        if kind == "not":
            child = self._build_decision(n.children[0], params)

            def negate(values):
                r = child(values)
                return r if r < 0 else (1 if r == 0 else 0)

            return negate
        if kind == "points":
            return self._build_points(n, params)
        test = self._leaf_test(n, params)
        if test is not None:
            key, predicate, expected = test

            def leaf(values):
                v = values.get(key)
                if v is None or predicate is None:
                    return -1
                return 0 if predicate(v) is expected else 1

            return leaf
        key, low, high = n.fact.key, n.low, n.high  # type: ignore[union-attr]

        def between(values):
            v = values.get(key)
            if v is None:
                return -1
            return 0 if low <= v <= high else 1

        return between

    def _build_points(self, n: Node, params: dict):
        """A point table without its trace: the same sums and the same unknown rule as
        ``_points``."""

        def item(i: int):
            node = self.nodes[i]
            if node.kind == "best_of":
                parts = tuple(item(c) for c in node.children)

                def best(values):
                    known = [s for s in (p(values) for p in parts) if s is not None]
                    return max(known) if known else None

                return best
            key, if_true, bands = node.fact.key, node.if_true, node.bands  # type: ignore[union-attr]
            zero = Decimal(0)

            def score(values):
                v = values.get(key)
                if v is None:
                    return None
                if if_true is not None:
                    return if_true if v else zero
                for low, high, points in bands:
                    if (low is None or v >= low) and (high is None or v < high):
                        return points
                return zero

            return score

        items = tuple((item(c), self.nodes[c].max_points) for c in n.children)
        threshold = params[n.param] if n.param else n.value
        cmp = _OPS.get(n.op, operator.ge)

        def points(values):
            total = missing_max = Decimal(0)
            for part, most in items:
                s = part(values)
                if s is None:
                    missing_max += most
                else:
                    total += s
            if threshold is None:
                return -1
            if cmp(total, threshold):
                return 0
            if missing_max and cmp(total + missing_max, threshold):
                return -1
            return 1

        return points

    def _ev(self, i: int, facts: Facts, params: dict, trace: list) -> int:
        n = self.nodes[i]
        kind = n.kind
        if kind == "all" or kind == "any":
            results = [self._ev(c, facts, params, trace) for c in n.children]
            if kind == "all":
                out = FAIL if FAIL in results else (UNKNOWN if UNKNOWN in results else PASS)
            else:
                out = PASS if PASS in results else (UNKNOWN if UNKNOWN in results else FAIL)
            trace[i] = (i, None, None, "", None, out)
            return out
        if kind == "not":
            r = self._ev(n.children[0], facts, params, trace)
            out = UNKNOWN if r == UNKNOWN else (FAIL if r == PASS else PASS)
            trace[i] = (i, None, None, "", None, out)
            return out
        if kind == "points":
            return self._points(n, facts, params, trace)
        value, year, source = facts.get(n.fact.key, MISSING)  # type: ignore[union-attr]
        if kind == "compare":
            threshold = params[n.param] if n.param else n.value
            if value is None or threshold is None:
                out = UNKNOWN
            else:
                out = PASS if _cmp(n.op, value, threshold) else FAIL
        elif kind == "between":
            threshold = (n.low, n.high)
            out = UNKNOWN if value is None else (PASS if n.low <= value <= n.high else FAIL)
        elif kind == "in":
            threshold = n.value
            if value is None:
                out = UNKNOWN
            else:
                out = PASS if (value in n.value) == (n.op == "in") else FAIL
        else:  # is
            threshold = n.value
            out = UNKNOWN if value is None else (PASS if bool(value) is n.value else FAIL)
        trace[i] = (i, value, year, source, threshold, out)
        return out

    def _item(self, i: int, facts: Facts, trace: list) -> Decimal | None:
        """Points scored by a point-table item; None when its figure is missing."""
        n = self.nodes[i]
        if n.kind == "best_of":
            scores = [self._item(c, facts, trace) for c in n.children]
            known = [s for s in scores if s is not None]
            # The better known score counts; unknown only when nothing is known.
            best = max(known) if known else None
            trace[i] = (i, best, None, "", n.max_points, PASS if best is not None else UNKNOWN)
            return best
        value, year, source = facts.get(n.fact.key, MISSING)  # type: ignore[union-attr]
        if value is None:
            trace[i] = (i, None, year, source, None, UNKNOWN)
            return None
        if n.if_true is not None:
            score = n.if_true if value else Decimal(0)
        else:
            score = Decimal(0)
            for low, high, points in n.bands:
                if (low is None or value >= low) and (high is None or value < high):
                    score = points
                    break
        trace[i] = (i, value, year, source, score, PASS)
        return score

    def _points(self, n: Node, facts: Facts, params: dict, trace: list) -> int:
        total = Decimal(0)
        missing_max = Decimal(0)
        for c in n.children:
            s = self._item(c, facts, trace)
            if s is None:
                missing_max += self.nodes[c].max_points
            else:
                total += s
        threshold = params[n.param] if n.param else n.value
        if threshold is None:
            out = UNKNOWN
        elif _cmp(n.op, total, threshold):
            out = PASS
        elif missing_max and _cmp(n.op, total + missing_max, threshold):
            out = UNKNOWN  # the missing items could still lift the score over the line
        else:
            out = FAIL
        trace[n.index] = (n.index, total, None, "", threshold, out)
        return out

    # -- reading a trace --------------------------------------------------------------------------

    def distance(self, trace: list[TraceEntry], i: int = 0) -> int:
        """The fewest failed conditions that must change for the rule to pass (0 if it passes
        or only unknown figures stand in the way): how close an enterprise is."""
        n = self.nodes[i]
        out = trace[i][5]
        if out != FAIL:
            return 0
        if n.kind == "all":
            return sum(self.distance(trace, c) for c in n.children)
        if n.kind == "any":
            return min(self.distance(trace, c) or 1 for c in n.children)
        return 1


def _decimal(raw: Any, path: str, errors: list) -> Decimal | None:
    if isinstance(raw, bool) or raw is None or isinstance(raw, float):
        errors.append((path, _('需要一个数值（写成字符串或整数，如 "4.5"），不接受浮点数或空值')))
        return None
    try:
        d = Decimal(str(raw))
    except (InvalidOperation, ValueError):
        errors.append((path, _("“%(raw)s”不是数值") % {"raw": raw}))
        return None
    if not d.is_finite():
        errors.append((path, _("“%(raw)s”不是有限数值") % {"raw": raw}))
        return None
    return d


def unit_factor(fact: FactDef, unit: Any, path: str, errors: list) -> Decimal:
    """The factor turning a threshold written in ``unit`` into the fact's own unit; refuses a
    unit of another kind (a money fact against a percentage)."""
    if unit in (None, ""):
        return Decimal(1)
    if fact.kind == MONEY:
        if unit in MONEY_UNITS:
            return MONEY_UNITS[unit]
        errors.append(
            (
                path,
                _("%(label)s是金额（%(fact_unit)s），不能与“%(unit)s”比较")
                % {"label": _(fact.label), "fact_unit": fact.unit, "unit": unit},
            )
        )
        return Decimal(1)
    if unit != fact.unit:
        expected = fact.unit or _("无单位")
        errors.append(
            (
                path,
                _("%(label)s的单位是“%(expected)s”，不能与“%(unit)s”比较")
                % {"label": _(fact.label), "expected": expected, "unit": unit},
            )
        )
    return Decimal(1)


class _Compiler:
    def __init__(self, params: dict[str, Param]) -> None:
        self.nodes: list[Node] = []
        self.errors: list[tuple[str, str]] = []
        self.params = params
        self.used_params: set[str] = set()

    def add(self, node: Node, raw: Any = None) -> Node:
        node.index = len(self.nodes)
        self.nodes.append(node)
        if isinstance(raw, dict) and "label_en" in raw:
            label_en = raw["label_en"]
            if not isinstance(label_en, str) or len(label_en) > 300:
                self.errors.append((node.path + ".label_en", _("英文说明须为不超过 300 字的文字")))
            else:
                node.label_en = label_en.strip()
        return node

    def fact(self, raw: dict, path: str) -> FactDef | None:
        key = raw.get("fact")
        if not isinstance(key, str) or key not in FACTS:
            self.errors.append(
                (path + ".fact", _("未知的事实“%(key)s”（只能使用事实登记表中的名称）") % {"key": key})
            )
            return None
        return FACTS[key]

    def threshold(self, raw: dict, fact: FactDef, path: str) -> tuple[Any, str]:
        """(value in the fact's unit, param name)."""
        value = raw.get("value")
        if isinstance(value, dict):
            name = value.get("param")
            if set(value) != {"param"} or name not in self.params:
                self.errors.append((path + ".value", _("未定义的参数“%(name)s”") % {"name": name}))
                return None, ""
            p = self.params[name]
            if not fact.numeric:
                self.errors.append(
                    (path + ".value", _("%(label)s不是数值，不能使用数值参数") % {"label": _(fact.label)})
                )
            else:
                unit_factor(fact, p.unit, path + ".value", self.errors)
            self.used_params.add(name)
            return None, name
        factor = unit_factor(fact, raw.get("unit"), path + ".unit", self.errors)
        d = _decimal(value, path + ".value", self.errors)
        return (d * factor if d is not None else None), ""

    def node(self, raw: Any, path: str, depth: int) -> int:
        if not isinstance(raw, dict):
            self.errors.append((path, _("条件必须是一个对象")))
            return self.add(Node(0, path, "invalid", depth=depth)).index
        label = raw.get("label", "")
        if not isinstance(label, str) or len(label) > 200:
            self.errors.append((path + ".label", _("说明须为不超过 200 字的文字")))
            label = ""
        group = [k for k in ("all", "any", "not", "points") if k in raw]
        if len(group) > 1 or (group and "fact" in raw):
            self.errors.append((path, _("一个条件只能是一种：all、any、not、points 或单项比较")))
            return self.add(Node(0, path, "invalid", depth=depth)).index
        if group and group[0] in ("all", "any"):
            kind = group[0]
            node = self.add(Node(0, path, kind, label, depth), raw)
            children = raw[kind]
            if not isinstance(children, list) or not children:
                self.errors.append((f"{path}.{kind}", _("条件组不能为空")))
                return node.index
            node.children = [self.node(c, f"{path}.{kind}[{j}]", depth + 1) for j, c in enumerate(children)]
            return node.index
        if group and group[0] == "not":
            node = self.add(Node(0, path, "not", label, depth), raw)
            node.children = [self.node(raw["not"], f"{path}.not", depth + 1)]
            return node.index
        if group:
            return self.points(raw, path, label, depth)
        fact = self.fact(raw, path)
        op = raw.get("op")
        node = self.add(
            Node(
                0,
                path,
                "compare",
                label,
                depth,
                fact=fact,
                op=op if isinstance(op, str) else "",
                unit=str(raw.get("unit") or (fact.unit if fact else "")),
            ),
            raw,
        )
        if fact is None:
            return node.index
        if op in COMPARE_OPS:
            if fact.numeric:
                node.value, node.param = self.threshold(raw, fact, path)
            elif fact.kind == CODE and op in ("==", "!="):
                value = raw.get("value")
                if not isinstance(value, str):
                    self.errors.append(
                        (path + ".value", _("%(label)s须与一个文字值比较") % {"label": _(fact.label)})
                    )
                node.kind, node.op = "in", "in" if op == "==" else "not_in"
                node.value = frozenset([value]) if isinstance(value, str) else frozenset()
                self._check_choices(fact, node.value, path)
            else:
                self.errors.append(
                    (
                        path + ".op",
                        _("%(label)s不是数值，不能用“%(op)s”比较") % {"label": _(fact.label), "op": op},
                    )
                )
        elif op == "between":
            node.kind = "between"
            if not fact.numeric:
                self.errors.append(
                    (path + ".op", _("%(label)s不是数值，不能用区间") % {"label": _(fact.label)})
                )
            else:
                factor = unit_factor(fact, raw.get("unit"), path + ".unit", self.errors)
                low = _decimal(raw.get("min"), path + ".min", self.errors)
                high = _decimal(raw.get("max"), path + ".max", self.errors)
                if low is not None and high is not None:
                    node.low, node.high = low * factor, high * factor
                    if low > high:
                        self.errors.append((path + ".max", _("区间上限不能小于下限")))
        elif op in ("in", "not_in"):
            node.kind = "in"
            values = raw.get("values")
            if fact.kind != CODE:
                self.errors.append(
                    (path + ".op", _("%(label)s不是分类值，不能用“属于”") % {"label": _(fact.label)})
                )
            elif not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
                self.errors.append((path + ".values", _("“属于”需要一组非空的文字值")))
            else:
                node.value = frozenset(values)
                self._check_choices(fact, node.value, path)
        elif op == "is":
            node.kind = "is"
            if fact.kind != BOOL:
                self.errors.append(
                    (path + ".op", _("%(label)s不是是/否事实，不能用“为”") % {"label": _(fact.label)})
                )
            elif not isinstance(raw.get("value"), bool):
                self.errors.append((path + ".value", _("“为”需要 true 或 false")))
            else:
                node.value = raw["value"]
        else:
            self.errors.append((path + ".op", _("未知的运算符“%(op)s”") % {"op": op}))
        return node.index

    def _check_choices(self, fact: FactDef, values: frozenset, path: str) -> None:
        if fact.choices:
            bad = sorted(v for v in values if v not in fact.choices)
            if bad:
                self.errors.append(
                    (
                        path + ".values",
                        _("%(label)s没有取值 %(values)s")
                        % {"label": _(fact.label), "values": "、".join(bad)},
                    )
                )

    def points(self, raw: dict, path: str, label: str, depth: int) -> int:
        node = self.add(Node(0, path, "points", label, depth, op=raw.get("op", "")), raw)
        items = raw.get("points")
        if not isinstance(items, list) or not items:
            self.errors.append((path + ".points", _("积分表不能为空")))
            return node.index
        node.children = [self.item(it, f"{path}.points[{j}]", depth + 1) for j, it in enumerate(items)]
        node.max_points = sum((self.nodes[c].max_points for c in node.children), Decimal(0))
        if node.op not in (">=", ">"):
            self.errors.append((path + ".op", _("积分表只能用 ≥ 或 > 与总分比较")))
        value = raw.get("value")
        if isinstance(value, dict):
            name = value.get("param")
            if name not in self.params:
                self.errors.append((path + ".value", _("未定义的参数“%(name)s”") % {"name": name}))
            else:
                node.param = name
                self.used_params.add(name)
        else:
            node.value = _decimal(value, path + ".value", self.errors)
        node.unit = "分"
        return node.index

    def item(self, raw: Any, path: str, depth: int) -> int:
        if not isinstance(raw, dict):
            self.errors.append((path, _("积分项必须是一个对象")))
            return self.add(Node(0, path, "invalid", depth=depth)).index
        label = raw.get("label", "") if isinstance(raw.get("label", ""), str) else ""
        if "best_of" in raw:
            node = self.add(Node(0, path, "best_of", label, depth, unit="分"), raw)
            items = raw["best_of"]
            if not isinstance(items, list) or not items:
                self.errors.append((path + ".best_of", _("择优项不能为空")))
                return node.index
            node.children = [self.item(it, f"{path}.best_of[{j}]", depth + 1) for j, it in enumerate(items)]
            node.max_points = max(self.nodes[c].max_points for c in node.children)
            return node.index
        fact = self.fact(raw, path)
        node = self.add(
            Node(
                0,
                path,
                "item",
                label,
                depth,
                fact=fact,
                unit=str(raw.get("unit") or (fact.unit if fact else "")),
            ),
            raw,
        )
        if fact is None:
            return node.index
        if "if_true" in raw:
            if fact.kind != BOOL:
                self.errors.append(
                    (path + ".if_true", _("%(label)s不是是/否事实") % {"label": _(fact.label)})
                )
            node.if_true = _decimal(raw["if_true"], path + ".if_true", self.errors)
            node.max_points = node.if_true or Decimal(0)
            return node.index
        if not fact.numeric:
            self.errors.append(
                (path + ".fact", _("%(label)s不是数值，不能分档计分") % {"label": _(fact.label)})
            )
            return node.index
        factor = unit_factor(fact, raw.get("unit"), path + ".unit", self.errors)
        bands = raw.get("bands")
        if not isinstance(bands, list) or not bands:
            self.errors.append((path + ".bands", _("分档不能为空")))
            return node.index
        out = []
        for j, b in enumerate(bands):
            bp = f"{path}.bands[{j}]"
            if not isinstance(b, dict):
                self.errors.append((bp, _("分档必须是一个对象")))
                continue
            low = _decimal(b["min"], bp + ".min", self.errors) if b.get("min") is not None else None
            high = _decimal(b["max"], bp + ".max", self.errors) if b.get("max") is not None else None
            pts = _decimal(b.get("points"), bp + ".points", self.errors)
            if low is not None and high is not None and low >= high:
                self.errors.append((bp + ".max", _("分档上限须大于下限")))
            out.append(
                (
                    low * factor if low is not None else None,
                    high * factor if high is not None else None,
                    pts or Decimal(0),
                )
            )
        node.bands = tuple(out)
        node.max_points = max((b[2] for b in out), default=Decimal(0))
        return node.index


def _params(raw: Any, errors: list) -> dict[str, Param]:
    out: dict[str, Param] = {}
    if raw is None:
        return out
    if not isinstance(raw, dict):
        errors.append(("params", _("参数须为对象")))
        return out
    for name, spec in raw.items():
        path = f"params.{name}"
        if not isinstance(spec, dict) or not isinstance(spec.get("values"), list) or not spec["values"]:
            errors.append((path, _("参数须给出至少一个带生效日期的取值")))
            continue
        rows = []
        for j, v in enumerate(spec["values"]):
            vp = f"{path}.values[{j}]"
            try:
                start = dt.date.fromisoformat(v.get("from")) if isinstance(v, dict) else None
            except (TypeError, ValueError):
                start = None
            if start is None:
                errors.append((vp + ".from", _("生效日期须为 YYYY-MM-DD")))
                continue
            d = _decimal(v.get("value"), vp + ".value", errors)
            if d is not None:
                rows.append((start, d))
        rows.sort()
        if len({r[0] for r in rows}) != len(rows):
            errors.append((path, _("同一生效日期不能有两个取值")))
        unit = spec.get("unit", "")
        factor = MONEY_UNITS.get(unit, Decimal(1))
        out[name] = Param(
            name,
            unit,
            tuple(r[0] for r in rows),
            tuple(r[1] * factor for r in rows),
            str(spec.get("note", "")),
        )
    return out


def compile_rule(doc: Any) -> CompiledRule:
    """Validate ``doc`` (parsed JSON) and compile it; RuleError names every fault by path."""
    errors: list[tuple[str, str]] = []
    if not isinstance(doc, dict) or "when" not in doc:
        raise RuleError([("when", "规则须为对象，并有 when 条件")])
    unknown = sorted(set(doc) - {"when", "params", "label", "label_en", "note"})
    if unknown:
        errors.append((unknown[0], _("未知的键“%(key)s”") % {"key": unknown[0]}))
    params = _params(doc.get("params"), errors)
    c = _Compiler(params)
    c.node(doc["when"], "when", 0)
    errors += c.errors
    if errors:
        raise RuleError(errors)
    return CompiledRule(c.nodes, params, doc)


def validate_rule(doc: Any) -> list[tuple[str, str]]:
    try:
        compile_rule(doc)
    except RuleError as exc:
        return exc.errors
    return []
