"""Benefit formulas as data: what a clause pays, estimated from the same facts.

    {"kind": "fixed", "amount": "20", "unit": "万元"}
    {"kind": "percent", "fact": "rd_spending", "rate": "10", "cap": "100", "unit": "万元"}
    {"kind": "per_unit", "fact": "talents", "amount": "5", "cap": "50", "unit": "万元"}
    {"kind": "tiered", "fact": "revenue", "unit": "万元",
     "tiers": [{"min": "0", "amount": "10"}, {"min": "5000", "amount": "20"}]}

Amounts are 万元 unless ``unit`` says 元 or 亿元; results are Decimal 万元. A clause that has a
cap requires its formula to carry one no higher (``compile_benefit(doc, clause_cap=...)``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from zonedesk.rules_engine.engine import Facts, RuleError, _decimal
from zonedesk.rules_engine.facts import FACTS, MONEY_UNITS
from zonedesk.rules_engine.texts import fact_label, join_list, money, number, quantity
from zonedesk.rules_engine.texts import money as money_text

KINDS = ("fixed", "percent", "per_unit", "tiered")
CENT = Decimal("0.0001")  # one 元 in 万元


@dataclass(frozen=True)
class Benefit:
    kind: str
    amount: Decimal | None = None
    fact: str = ""
    rate: Decimal | None = None
    cap: Decimal | None = None
    tiers: tuple[tuple[Decimal, Decimal], ...] = ()
    source: dict | None = None

    def estimate(self, facts: Facts) -> tuple[Decimal | None, str]:
        """(amount in 万元, how it was computed, in the active language); None when a figure
        is missing."""
        amount, params = self.reckon(facts)
        return amount, basis_text(params)

    def reckon(self, facts: Facts) -> tuple[Decimal | None, dict[str, Any]]:
        """(amount in 万元, the figures of how it was computed). The figures are plain JSON, so
        a record stores them (``basis_stored``) and each reader reads the sentence in their own
        language (``basis_display``)."""
        if self.kind == "fixed":
            return self.amount, {"kind": "fixed", "amount": str(self.amount or Decimal(0))}
        value, year, _source = facts.get(self.fact, (None, None, ""))
        p: dict[str, Any] = {"kind": self.kind, "fact": self.fact}
        if value is None:
            p["missing"] = True
            return None, p
        p.update(value=str(value), year=year)
        if self.kind == "percent":
            raw = Decimal(value) * self.rate / 100
            p["rate"] = str(self.rate)
        elif self.kind == "per_unit":
            raw = Decimal(value) * self.amount
            p["each"] = str(self.amount or Decimal(0))
        else:
            raw = Decimal(0)
            for low, amount in self.tiers:
                if value >= low:
                    raw = amount
        raw = raw.quantize(CENT, rounding=ROUND_HALF_UP)
        p["raw"] = str(raw)
        if self.cap is not None and raw > self.cap:
            p["cap"] = str(self.cap)
            return self.cap, p
        return raw, p


STORED_PREFIX = "benefit:"


def basis_stored(params: dict[str, Any]) -> str:
    """What a record keeps of how its amount was computed: a code and its figures, never a
    sentence (``benefit:{...}``)."""
    return STORED_PREFIX + json.dumps(params, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def basis_display(stored: str) -> str:
    """A stored basis in the reader's language. Text stored before the code (a sentence in the
    language of whoever confirmed the award) is returned as it is."""
    if not stored.startswith(STORED_PREFIX):
        return stored
    try:
        params = json.loads(stored[len(STORED_PREFIX) :])
        return basis_text(params)
    except (ValueError, KeyError, TypeError, ArithmeticError):
        return stored


def basis_text(p: dict[str, Any]) -> str:
    """The sentence for the figures of ``Benefit.reckon``, in the active language."""
    if p["kind"] == "fixed":
        return _("定额 %(amount)s") % {"amount": money(Decimal(p["amount"]))}
    f = FACTS[p["fact"]]
    if p.get("missing"):
        return _("缺少%(fact)s，无法估算") % {"fact": fact_label(f)}
    year = p.get("year")
    q = {"fact": fact_label(f), "value": quantity(Decimal(p["value"]), f.unit), "year": year}
    if p["kind"] == "percent":
        q["rate"] = number(Decimal(p["rate"]))
        if year:
            how = _("%(year)s 年%(fact)s %(value)s × %(rate)s%%") % q
        else:
            how = _("%(fact)s %(value)s × %(rate)s%%") % q
    elif p["kind"] == "per_unit":
        q["each"] = money(Decimal(p["each"]))
        if year:
            how = _("%(year)s 年%(fact)s %(value)s × %(each)s") % q
        else:
            how = _("%(fact)s %(value)s × %(each)s") % q
    else:
        how = _("%(year)s 年%(fact)s %(value)s 对应档次") if year else _("%(fact)s %(value)s 对应档次")
        how %= q
    raw = money(Decimal(p["raw"]))
    if p.get("cap") is not None:
        return _("%(how)s = %(raw)s，封顶 %(cap)s") % {
            "how": how,
            "raw": raw,
            "cap": money(Decimal(p["cap"])),
        }
    return _("%(how)s = %(raw)s") % {"how": how, "raw": raw}


def compile_benefit(doc: Any, *, clause_cap: Decimal | None = None) -> Benefit:
    errors: list[tuple[str, str]] = []
    if not isinstance(doc, dict):
        raise RuleError([("benefit", _("兑现公式须为对象"))])
    kind = doc.get("kind")
    if kind not in KINDS:
        raise RuleError(
            [
                (
                    "benefit.kind",
                    _("未知的兑现方式“%(kind)s”（可用：%(kinds)s）")
                    % {"kind": kind, "kinds": join_list(list(KINDS))},
                )
            ]
        )
    unit = doc.get("unit", "万元")
    if unit not in MONEY_UNITS:
        errors.append(
            (
                "benefit.unit",
                _("兑现金额单位须为%(units)s之一，不能是“%(unit)s”")
                % {"units": join_list(list(MONEY_UNITS)), "unit": unit},
            )
        )
        unit = "万元"
    factor = MONEY_UNITS[unit]

    def money(key: str) -> Decimal | None:
        d = _decimal(doc.get(key), f"benefit.{key}", errors)
        if d is not None and d < 0:
            errors.append((f"benefit.{key}", _("金额不能为负")))
        return d * factor if d is not None else None

    cap = money("cap") if doc.get("cap") is not None else None
    if clause_cap is not None and cap is None and kind != "fixed":
        errors.append(
            ("benefit.cap", _("该条款有封顶 %(cap)s，兑现公式须写明封顶") % {"cap": money_text(clause_cap)})
        )
    if clause_cap is not None and cap is not None and cap > clause_cap:
        errors.append(
            (
                "benefit.cap",
                _("封顶 %(cap)s超过条款封顶 %(limit)s")
                % {"cap": money_text(cap), "limit": money_text(clause_cap)},
            )
        )
    fact = ""
    if kind != "fixed":
        fact = doc.get("fact")
        if fact not in FACTS:
            errors.append(("benefit.fact", _("未知的事实“%(fact)s”") % {"fact": fact}))
        elif not FACTS[fact].numeric:
            errors.append(("benefit.fact", _("%(fact)s不是数值") % {"fact": fact_label(FACTS[fact])}))
        elif kind == "percent" and FACTS[fact].kind != "money":
            errors.append(
                (
                    "benefit.fact",
                    _("按比例兑现须基于金额，%(fact)s不是金额") % {"fact": fact_label(FACTS[fact])},
                )
            )
    amount = rate = None
    tiers: list[tuple[Decimal, Decimal]] = []
    if kind in ("fixed", "per_unit"):
        amount = money("amount")
        if kind == "fixed" and clause_cap is not None and amount is not None and amount > clause_cap:
            errors.append(
                ("benefit.amount", _("定额超过条款封顶 %(limit)s") % {"limit": money_text(clause_cap)})
            )
    if kind == "percent":
        rate = _decimal(doc.get("rate"), "benefit.rate", errors)
        if rate is not None and not (0 < rate <= 100):
            errors.append(("benefit.rate", _("比例须大于 0%% 且不超过 100%%") % {}))
    if kind == "tiered":
        raw = doc.get("tiers")
        if not isinstance(raw, list) or not raw:
            errors.append(("benefit.tiers", _("分档不能为空")))
        else:
            for j, t in enumerate(raw):
                low = _decimal(
                    t.get("min") if isinstance(t, dict) else None, f"benefit.tiers[{j}].min", errors
                )
                amt = _decimal(
                    t.get("amount") if isinstance(t, dict) else None, f"benefit.tiers[{j}].amount", errors
                )
                if low is not None and amt is not None:
                    tiers.append((low, amt * factor))
            if [t[0] for t in tiers] != sorted({t[0] for t in tiers}):
                errors.append(("benefit.tiers", _("分档下限须从小到大且不重复")))
    if errors:
        raise RuleError(errors)
    return Benefit(kind, amount, fact or "", rate, cap, tuple(tiers), doc)
