"""Units and amounts in the reader's language (issue 15): the one place that turns 亿元/万元/元,
亩, 平方米, 天/工作日… into English. Pages use the filters ``unit``, ``amount`` and
``quantity`` (``{% load zd_i18n %}``); Python code calls ``unit_label``, ``amount_text`` and
``quantity_text``.

A figure keeps its unit as the Chinese word a zone reports in (``Figure.unit``: "个", "亩",
"万元"): code compares it (the monthly report groups counts by it) and exports write it. Pages show
it through ``unit_label``. A Chinese measure word (个, 家, 宗, 笔…) is grammar, not a unit: an English
count needs none, the figure's label names what is counted, so in English it is left out.

English has no word for 万 or 亿: a unit heading reads "CNY 10k" / "CNY 100 million", and an
amount is written in yuan ("CNY 688,000", "CNY 43.8 million", "CNY 1.2 billion").
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import pgettext, pgettext_lazy

from zonedesk.core.i18n import english_active

MEASURE_WORDS = frozenset({"个", "家", "宗", "对", "次", "笔", "项", "件", "名", "人", "户"})

UNITS = {
    "亩": pgettext_lazy("unit", "亩"),
    "万元": pgettext_lazy("unit", "万元"),
    "亿元": pgettext_lazy("unit", "亿元"),
    "元": pgettext_lazy("unit", "元"),
    "工作日": pgettext_lazy("unit", "工作日"),
    "天": pgettext_lazy("unit", "天"),
    "小时": pgettext_lazy("unit", "小时"),
    "万元/亩": pgettext_lazy("unit", "万元/亩"),
    "万元/亩/年": pgettext_lazy("unit", "万元/亩/年"),
    "吨标煤/万元": pgettext_lazy("unit", "吨标煤/万元"),
    "吨标煤": pgettext_lazy("unit", "吨标煤"),
    "平方米": pgettext_lazy("unit", "平方米"),
    "元/平方米/月": pgettext_lazy("unit", "元/平方米/月"),
    "个月": pgettext_lazy("unit", "个月"),
}

# 元 per unit of each money unit
YUAN_PER = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}
WAN_PER_YI = Decimal(10_000)


def unit_label(unit: object) -> str:
    """The unit as the reader reads it; a unit without an entry is shown as given."""
    text = str(unit or "")
    if text in MEASURE_WORDS:
        return "" if english_active() else text
    return str(UNITS.get(text, text))


def _plain(value: Decimal, places: int = 2, *, grouped: bool = True) -> str:
    """1234.50 -> "1,234.5"; trailing zeros dropped, never a float."""
    d = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{d:,.{places}f}" if grouped else f"{d:.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def amount_text(value: object, unit: str = "万元") -> str:
    """An amount of money held in ``unit`` (元, 万元 or 亿元), as the reader writes amounts.

    Chinese keeps the zone's own words: 亿元 from one 亿 up, else 万元 (an amount held in 元
    under one 万 stays in 元). English writes yuan: "CNY 688,000", "CNY 43.8 million",
    "CNY 11.15 billion"."""
    d = _decimal(value)
    if d is None:
        return "—"
    yuan = d * YUAN_PER[unit]
    if english_active():
        size = abs(yuan)
        if size >= 1_000_000_000:
            return pgettext("amount in billions of yuan", "%(n)s 十亿元") % {
                "n": _plain(yuan / 1_000_000_000)
            }
        if size >= 1_000_000:
            return pgettext("amount in millions of yuan", "%(n)s 百万元") % {"n": _plain(yuan / 1_000_000)}
        return pgettext("amount in yuan", "%(n)s 元") % {"n": _plain(yuan)}
    # Chinese is the source language: the zone's own words, as a report writes them.
    if abs(yuan) >= YUAN_PER["亿元"]:
        return f"{_plain(yuan / YUAN_PER['亿元'], grouped=False)}亿元"
    if unit == "元" and abs(yuan) < YUAN_PER["万元"]:
        return f"{_plain(yuan)}元"
    return f"{_plain(yuan / YUAN_PER['万元'])}万元"


# Money per mu: English has no 万, so the amount is written in yuan like any other amount and the
# area follows in words ("CNY 3 million per mu"); Chinese keeps the zone's "300 万元/亩".
PER_MU = {
    "万元/亩": pgettext_lazy("amount per mu", "%(amount)s/亩"),
    "万元/亩/年": pgettext_lazy("amount per mu and year", "%(amount)s/亩/年"),
}


def quantity_text(value: object, unit: str) -> str:
    """A number with its unit: "12.5 亩" / "12.5 mu"; a money unit reads as ``amount_text``;
    a measure word is left out in English ("36 个" / "36"); money per mu reads "CNY 3 million
    per mu" in English."""
    if unit in YUAN_PER:
        return amount_text(value, unit)
    if unit in PER_MU and english_active() and _decimal(value) is not None:
        return str(PER_MU[unit]) % {"amount": amount_text(value, "万元")}
    d = _decimal(value)
    number = _plain(d, 4) if d is not None else str(value if value is not None else "—")
    label = unit_label(unit)
    if not label:
        return number
    return pgettext("number with unit", "%(n)s %(unit)s") % {"n": number, "unit": label}
