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

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from zonedesk.rules_engine.engine import Facts, RuleError, _decimal
from zonedesk.rules_engine.facts import FACTS, MONEY_UNITS
from zonedesk.rules_engine.texts import fact_label, money, number, quantity

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
        if self.kind == "fixed":
            return self.amount, _("定额 %(amount)s") % {"amount": money(self.amount or Decimal(0))}
        f = FACTS[self.fact]
        value, year, _source = facts.get(self.fact, (None, None, ""))
        if value is None:
            return None, _("缺少%(fact)s，无法估算") % {"fact": fact_label(f)}
        p = {"fact": fact_label(f), "value": quantity(value, f.unit), "year": year}
        if self.kind == "percent":
            raw = Decimal(value) * self.rate / 100
            p["rate"] = number(self.rate)
            if year:
                how = _("%(year)s 年%(fact)s %(value)s × %(rate)s%%") % p
            else:
                how = _("%(fact)s %(value)s × %(rate)s%%") % p
        elif self.kind == "per_unit":
            raw = Decimal(value) * self.amount
            p["each"] = money(self.amount or Decimal(0))
            if year:
                how = _("%(year)s 年%(fact)s %(value)s × %(each)s") % p
            else:
                how = _("%(fact)s %(value)s × %(each)s") % p
        else:
            raw = Decimal(0)
            for low, amount in self.tiers:
                if value >= low:
                    raw = amount
            how = _("%(year)s 年%(fact)s %(value)s 对应档次") if year else _("%(fact)s %(value)s 对应档次")
            how %= p
        raw = raw.quantize(CENT, rounding=ROUND_HALF_UP)
        if self.cap is not None and raw > self.cap:
            return self.cap, _("%(how)s = %(raw)s，封顶 %(cap)s") % {
                "how": how,
                "raw": money(raw),
                "cap": money(self.cap),
            }
        return raw, _("%(how)s = %(raw)s") % {"how": how, "raw": money(raw)}


def compile_benefit(doc: Any, *, clause_cap: Decimal | None = None) -> Benefit:
    errors: list[tuple[str, str]] = []
    if not isinstance(doc, dict):
        raise RuleError([("benefit", "兑现公式须为对象")])
    kind = doc.get("kind")
    if kind not in KINDS:
        raise RuleError([("benefit.kind", f"未知的兑现方式“{kind}”（可用：{'、'.join(KINDS)}）")])
    unit = doc.get("unit", "万元")
    if unit not in MONEY_UNITS:
        errors.append(("benefit.unit", f"兑现金额单位须为 元、万元 或 亿元，不能是“{unit}”"))
        unit = "万元"
    factor = MONEY_UNITS[unit]

    def money(key: str) -> Decimal | None:
        d = _decimal(doc.get(key), f"benefit.{key}", errors)
        if d is not None and d < 0:
            errors.append((f"benefit.{key}", "金额不能为负"))
        return d * factor if d is not None else None

    cap = money("cap") if doc.get("cap") is not None else None
    if clause_cap is not None and cap is None and kind != "fixed":
        errors.append(("benefit.cap", f"该条款有封顶 {number(clause_cap)} 万元，兑现公式须写明封顶"))
    if clause_cap is not None and cap is not None and cap > clause_cap:
        errors.append(("benefit.cap", f"封顶 {number(cap)} 万元超过条款封顶 {number(clause_cap)} 万元"))
    fact = ""
    if kind != "fixed":
        fact = doc.get("fact")
        if fact not in FACTS:
            errors.append(("benefit.fact", f"未知的事实“{fact}”"))
        elif not FACTS[fact].numeric:
            errors.append(("benefit.fact", f"{FACTS[fact].label}不是数值"))
        elif kind == "percent" and FACTS[fact].kind != "money":
            errors.append(("benefit.fact", f"按比例兑现须基于金额，{FACTS[fact].label}不是金额"))
    amount = rate = None
    tiers: list[tuple[Decimal, Decimal]] = []
    if kind in ("fixed", "per_unit"):
        amount = money("amount")
        if kind == "fixed" and clause_cap is not None and amount is not None and amount > clause_cap:
            errors.append(("benefit.amount", f"定额超过条款封顶 {number(clause_cap)} 万元"))
    if kind == "percent":
        rate = _decimal(doc.get("rate"), "benefit.rate", errors)
        if rate is not None and not (0 < rate <= 100):
            errors.append(("benefit.rate", "比例须大于 0% 且不超过 100%"))
    if kind == "tiered":
        raw = doc.get("tiers")
        if not isinstance(raw, list) or not raw:
            errors.append(("benefit.tiers", "分档不能为空"))
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
                errors.append(("benefit.tiers", "分档下限须从小到大且不重复"))
    if errors:
        raise RuleError(errors)
    return Benefit(kind, amount, fact or "", rate, cap, tuple(tiers), doc)
