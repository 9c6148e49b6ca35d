"""Every word the rule engine shows a person, in the reader's language (issue 15).

The engine itself stays language-free: a trace holds fact keys, operators, numbers and source
codes. This module turns them into sentences through gettext, with whole-sentence msgids and
placeholders (Chinese first, English in ``locale/``), when a row is explained — and again
when a stored row is shown (``rows_localized``), so a trace computed by a background job in
Chinese reads in English for an English reader, and the API answers in the request's language.

Amounts are formatted per language: Chinese keeps the zone's own 万元/亿元; English has no
word for 万, so an amount is written in yuan (CNY 688,000; CNY 43.8 million).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from zonedesk.enterprises.industries import DIVISION_NAMES
from zonedesk.rules_engine.facts import BOOL, CHOICE_LABELS, FACTS, MONEY, PERCENT, FactDef

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
ZH = "zh-Hans"


def english() -> bool:
    return (translation.get_language() or "").startswith("en")


def number(value: Any, places: int = 2) -> str:
    """4380.00 -> "4,380"; 68.8 -> "68.8" (no float ever touches the value)."""
    if isinstance(value, bool):
        return yes_no(value)
    if not isinstance(value, Decimal | int):
        return str(value)
    d = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{d:,.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def yes_no(value: bool) -> str:
    return _("是") if value else _("否")


def fact_label(fact: FactDef) -> str:
    return _(fact.label)


def choice_label(fact: FactDef, value: str) -> str:
    if fact.key == "industry" and str(value) in DIVISION_NAMES:
        # A GB/T 4754 大类 code alone ("30") tells a reader nothing: the name follows it.
        return pgettext("industry code and name", "%(code)s %(name)s") % {
            "code": value, "name": _(DIVISION_NAMES[str(value)])}
    labels = CHOICE_LABELS.get(fact.key, {})
    return _(labels[value]) if value in labels else str(value)


def join_list(items: list[str]) -> str:
    return pgettext("list separator", "、").join(items)


def join_clauses(items: list[str]) -> str:
    return pgettext("clause separator", "；").join(items)


def money(value: Decimal) -> str:
    """An amount held in 万元, as the reader writes amounts."""
    if not english():
        return _("%(n)s 万元") % {"n": number(value)}
    from zonedesk.core.units import amount_text

    return amount_text(value, "万元")


def quantity(value: Any, unit: str) -> str:
    """A number with its unit: "68.8%", "500 人" / "500 people", "1 年" / "1 year"."""
    n = number(value)
    count = int(value) if isinstance(value, Decimal | int) and value == int(value) else 2
    if unit == "%":
        return _("%(n)s%%") % {"n": n}
    if unit == "万元":
        return money(Decimal(value))
    if unit == "年":
        return ngettext("%(n)s 年", "%(n)s 年", count) % {"n": n}
    if unit == "人":
        return ngettext("%(n)s 人", "%(n)s 人", count) % {"n": n}
    if unit == "项":
        return ngettext("%(n)s 项", "%(n)s 项", count) % {"n": n}
    if unit == "分":
        return ngettext("%(n)s 分", "%(n)s 分", count) % {"n": n}
    if unit == "月":
        return ngettext("%(n)s 个月", "%(n)s 个月", count) % {"n": n}
    if unit == "亩":
        return _("%(n)s 亩") % {"n": n}
    if unit == "吨标准煤":
        return _("%(n)s 吨标准煤") % {"n": n}
    if unit == "万元/亩":
        if english():
            # English has no 万: "CNY 3 million per mu", as land pages write it (core/units.py).
            from zonedesk.core.units import quantity_text

            return quantity_text(value, "万元/亩")
        return _("%(n)s 万元/亩") % {"n": n}
    return f"{n} {unit}".strip()


def unit_label(unit: str) -> str:
    """A unit on its own (a column heading, the fact registry)."""
    names = {
        "%": "%",
        "万元": _("万元"),
        "元": pgettext("unit", "元"),
        "亿元": pgettext("unit", "亿元"),
        "年": pgettext("unit", "年"),
        "人": pgettext("unit", "人"),
        "项": pgettext("unit", "项"),
        "分": pgettext("unit", "分"),
        "月": pgettext("unit", "月"),
        "亩": pgettext("unit", "亩"),
        "吨标准煤": pgettext("unit", "吨标准煤"),
        "万元/亩": pgettext("unit", "万元/亩"),
    }
    return names.get(unit, unit)


def show(fact: FactDef | None, value: Any) -> str:
    """A fact's value as the reader reads it."""
    if value is None:
        return "—"
    if fact is None:
        return number(value)
    if fact.kind == BOOL:
        return yes_no(bool(value))
    if isinstance(value, frozenset | set | tuple | list):
        return join_list(sorted(choice_label(fact, v) for v in value))
    if (fact.key in CHOICE_LABELS and value in CHOICE_LABELS[fact.key]) or fact.key == "industry":
        return choice_label(fact, value)
    if fact.numeric:
        return quantity(value, fact.unit)
    return str(value) or _("（空）")


OP_SYMBOLS = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "=", "!=": "≠"}


def op_text(op: str) -> str:
    if op in OP_SYMBOLS:
        return OP_SYMBOLS[op]
    words = {
        "between": pgettext("rule operator", "介于"),
        "in": pgettext("rule operator", "属于"),
        "not_in": pgettext("rule operator", "不属于"),
        "is": pgettext("rule operator", "为"),
    }
    return words.get(op, op)


def requirement(op: str, threshold: str, *, must_not: bool = False) -> str:
    """What a condition asks, as one phrase: "需 ≥ 60 分" / "needs ≥ 60 points"."""
    p = {"op": op_text(op), "threshold": threshold}
    if must_not:
        if op == "is":
            return _("不得 为 %(threshold)s") % p
        if op == "in":
            return _("不得 属于 %(threshold)s") % p
        if op == "not_in":
            return _("不得 不属于 %(threshold)s") % p
        if op == "between":
            return _("不得 介于 %(threshold)s") % p
        return _("不得 %(op)s %(threshold)s") % p
    if op == "is":
        return _("需 为 %(threshold)s") % p
    if op == "in":
        return _("需 属于 %(threshold)s") % p
    if op == "not_in":
        return _("需 不属于 %(threshold)s") % p
    if op == "between":
        return _("需 介于 %(threshold)s") % p
    if not op:
        return threshold
    return _("需 %(op)s %(threshold)s") % p


def group_label(kind: str) -> str:
    labels = {
        "all": _("同时满足以下全部条件"),
        "any": _("满足以下任一条件"),
        "not": _("不得满足以下条件"),
        "points": _("积分合计"),
        "best_of": _("择优计分"),
    }
    return labels.get(kind, "")


def points(value: Any) -> str:
    return quantity(value, "分")


def missing(fact: FactDef) -> str:
    return _("请填报%(fact)s") % {"fact": fact_label(fact)}


def all_met() -> str:
    return _("全部条件满足")


def missing_data(facts: list[FactDef]) -> str:
    return _("缺少数据：%(facts)s") % {"facts": join_list([fact_label(f) for f in facts])}


def condition_line(label: str, value: str, need: str, gap: str = "") -> str:
    """One failed condition as a list item: "营业收入：800 万元，需 ≥ 1,000 万元（还差 200 万元）"."""
    p = {"label": label, "value": value, "need": need, "gap": gap}
    if gap:
        return _("%(label)s：%(value)s，%(need)s（%(gap)s）") % p
    return _("%(label)s：%(value)s，%(need)s") % p


def summary_part(label: str, value: str, need: str, gap: str = "") -> str:
    """One failed condition inside a one-line summary: "营业收入 800 万元，需 ≥ 1,000 万元"."""
    p = {"label": label, "value": value, "need": need, "gap": gap}
    if gap:
        return _("%(label)s %(value)s，%(need)s（%(gap)s）") % p
    return _("%(label)s %(value)s，%(need)s") % p


# -- where a value came from -----------------------------------------------------------------------
# ``derive.build_facts`` names each value's source with a code ("yearly:2025",
# "ratio:rd_spending:revenue:2025"); the code is what a stored trace keeps, and the API returns
# it beside its text. A source that is no code is text the zone entered (an entered figure's
# 来源) and shows as it is.


def _ratio(num: str, den: str, year: str) -> str:
    return _("%(year)s 年%(num)s ÷ %(den)s") % {
        "year": year,
        "num": fact_label(FACTS[num]),
        "den": fact_label(FACTS[den]),
    }


def _span(first: str, last: str) -> str:
    if first == last:
        return _("%(year)s 年") % {"year": first}
    return _("%(first)s–%(last)s 年") % {"first": first, "last": last}


def _source_texts(name: str, args: list[str]) -> str | None:
    fixed = {
        "register": _("企业登记"),
        "register_staff": _("企业登记（从业人数）"),
        "register_credit": _("企业登记（信用等级）"),
        "dishonesty_list": _("失信名单记录"),
        "abnormal_list": _("经营异常名录记录"),
        "certificates": _("资质证书记录"),
        "tier": _("培育层级"),
        "reached_tier": _("已达到的层级"),
        "no_record": _("无登记记录"),
    }
    if name in fixed and not args:
        return fixed[name]
    if name == "yearly" and len(args) == 1:
        return _("%(year)s 年度数据") % {"year": args[0]}
    if name == "founded" and len(args) == 1:
        return _("成立日期 %(date)s") % {"date": args[0]}
    if name == "growth" and len(args) == 1 and args[0].isdigit():
        return _("%(year)s 年比 %(prev)s 年") % {"year": args[0], "prev": int(args[0]) - 1}
    if name == "ratio" and len(args) == 3 and args[0] in FACTS and args[1] in FACTS:
        return _ratio(args[0], args[1], args[2])
    if name == "sum" and len(args) == 3 and args[0] in FACTS:
        span = _span(args[1], args[2])
        return _("%(span)s%(fact)s合计") % {"span": span, "fact": fact_label(FACTS[args[0]])}
    if name == "span_ratio" and len(args) == 4 and args[0] in FACTS and args[1] in FACTS:
        return _("%(span)s%(num)s ÷ %(den)s") % {
            "span": _span(args[2], args[3]),
            "num": fact_label(FACTS[args[0]]),
            "den": fact_label(FACTS[args[1]]),
        }
    if name == "span" and len(args) == 3 and args[0] in FACTS:
        return _("%(span)s%(fact)s") % {"span": _span(args[1], args[2]), "fact": fact_label(FACTS[args[0]])}
    return None


def source_text(source: str) -> tuple[str, str]:
    """(text, lang): lang is "zh-Hans" for Chinese the zone entered, shown in English mode."""
    if not source:
        return "", ""
    name, *args = source.split(":")
    text = _source_texts(name, args)
    if text is not None:
        return text, ""
    return source, (ZH if english() and HAN.search(source) else "")


__all__ = [
    "BOOL",
    "MONEY",
    "PERCENT",
    "condition_line",
    "group_label",
    "money",
    "number",
    "op_text",
    "quantity",
    "requirement",
    "show",
    "source_text",
]
