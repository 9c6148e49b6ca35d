"""Facts from plain data: an enterprise's register entry, yearly figures and entered facts
become the (value, year, source) map the engine reads. Pure: the selectors load the data in
batches and call ``build_facts`` per enterprise.

The reference year is the latest year with figures no later than the year before the
evaluation date (a complete year); growth rates run back from it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from zonedesk.rules_engine.engine import Facts
from zonedesk.rules_engine.facts import FACTS

YEARLY_KEYS = ("revenue", "tax", "rd_spending", "staff", "tech_staff")
HUNDRED = Decimal(100)
Q2 = Decimal("0.01")


@dataclass
class Snapshot:
    registered_on: dt.date | None = None
    staff_size: int | None = None
    industry: str = ""
    park: str = ""
    credit_grade: str = ""
    dishonest: bool = False
    abnormal: bool = False
    # year -> {"revenue": Decimal, ...} (the registry's yearly figures)
    figures: dict[int, dict[str, Any]] = field(default_factory=dict)
    # fact key -> {year (0 for undated): (value, source)} (facts entered in the cultivation register)
    entered: dict[str, dict[int, tuple[Any, str]]] = field(default_factory=dict)
    certified: frozenset[str] = frozenset()  # tiers with a certificate valid on the date
    tier: str = ""
    # (tier, issued_on, valid_until) of every certificate, for assessing past years
    certificates: tuple[tuple[str, dt.date, dt.date], ...] = ()

    def certified_on(self, day: dt.date) -> frozenset[str]:
        if not self.certificates:
            return self.certified
        return frozenset(t for t, start, end in self.certificates if start <= day <= end)


def months_between(start: dt.date, end: dt.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return months


def reference_year(s: Snapshot, on: dt.date) -> int:
    years = [y for y in s.figures if y <= on.year - 1]
    return max(years) if years else on.year - 1


def _ratio(num: Any, den: Any) -> Decimal | None:
    if num is None or den is None or den == 0:
        return None
    return Decimal(num) * HUNDRED / Decimal(den)


def _cagr(end: Any, start: Any, years: int) -> Decimal | None:
    if end is None or start is None or start <= 0 or end < 0:
        return None
    try:
        growth = _root(Decimal(end) / Decimal(start), years) - 1
    except (InvalidOperation, ZeroDivisionError):
        return None
    return (growth * HUNDRED).quantize(Q2, rounding=ROUND_HALF_UP)


def _root(x: Decimal, n: int) -> Decimal:
    """The n-th root of x ≥ 0 to Decimal's full precision. ``x ** (1/n)`` costs ~250 µs in
    Decimal (it was the largest cost of reading a zone's facts); a binary float gives a start
    good to 16 digits and two Newton steps in Decimal make it exact to the context's 28."""
    if x == 0:
        return Decimal(0)
    g = Decimal(float(x) ** (1.0 / n))
    for _ in range(2):
        g -= (g**n - x) / (n * g ** (n - 1))
    return g


def build_facts(s: Snapshot, on: dt.date, year: int | None = None) -> Facts:
    y = year if year is not None else reference_year(s, on)
    src = f"yearly:{y}"  # a source code: rules_engine.texts.source_text gives its words
    facts: Facts = {}
    fig = s.figures.get(y, {})
    for key in YEARLY_KEYS:
        v = fig.get(key)
        if v is not None:
            facts[key] = (v, y, src)
    if "staff" not in facts and s.staff_size is not None:
        facts["staff"] = (s.staff_size, None, "register_staff")
    if s.registered_on is not None and s.registered_on <= on:
        years = (Decimal(months_between(s.registered_on, on)) / 12).quantize(Q2, rounding=ROUND_HALF_UP)
        facts["age_years"] = (years, None, f"founded:{s.registered_on.isoformat()}")
    facts["industry"] = (s.industry, None, "register")
    facts["park"] = (s.park, None, "register")
    facts["credit_grade"] = (s.credit_grade, None, "register_credit")
    facts["dishonest"] = (s.dishonest, None, "dishonesty_list")
    facts["abnormal"] = (s.abnormal, None, "abnormal_list")
    facts["certified_high_tech"] = ("high_tech" in s.certified, None, "certificates")
    facts["certified_tech_sme"] = ("tech_sme" in s.certified, None, "certificates")
    facts["tier"] = (s.tier, None, "tier")
    for key, by_year in s.entered.items():
        # The entry for the reference year, else the latest before it, else an undated one.
        years = sorted((k for k in by_year if 0 < k <= y), reverse=True)
        pick = years[0] if years else (0 if 0 in by_year else None)
        if pick is not None:
            value, source = by_year[pick]
            facts[key] = (value, pick or None, source)
    for f in FACTS.values():
        if f.absent_means is not None and f.key not in facts:
            facts[f.key] = (f.absent_means, None, "no_record")
    _derive(s, facts, y)
    return facts


def _derive(s: Snapshot, facts: Facts, y: int) -> None:
    def val(key: str) -> Any:
        return facts.get(key, (None,))[0]

    def put(key: str, value: Any, year: int | None, source: str) -> None:
        if value is not None:
            facts[key] = (value, year, source)

    put("rd_ratio", _ratio(val("rd_spending"), val("revenue")), y, f"ratio:rd_spending:revenue:{y}")
    put(
        "rd_cost_ratio", _ratio(val("rd_spending"), val("total_cost")), y, f"ratio:rd_spending:total_cost:{y}"
    )
    put("tech_staff_ratio", _ratio(val("tech_staff"), val("staff")), y, f"ratio:tech_staff:staff:{y}")
    put(
        "high_tech_revenue_ratio",
        _ratio(val("high_tech_revenue"), val("revenue")),
        y,
        f"ratio:high_tech_revenue:revenue:{y}",
    )
    if val("tax") is not None and val("land_area"):
        put(
            "tax_per_mu",
            (Decimal(val("tax")) / Decimal(val("land_area"))).quantize(Q2),
            y,
            f"ratio:tax:land_area:{y}",
        )
    # 近三个会计年度 (国科发火〔2016〕32号): a younger enterprise counts its actual years.
    first = max(y - 2, s.registered_on.year if s.registered_on else y - 2)
    window = range(first, y + 1)
    rd = [s.figures.get(k, {}).get("rd_spending") for k in window]
    rev = [s.figures.get(k, {}).get("revenue") for k in window]
    if window and None not in rd and None not in rev:
        put("rd_spending_3y", sum(Decimal(v) for v in rd), y, f"sum:rd_spending:{first}:{y}")
        put("revenue_3y", sum(Decimal(v) for v in rev), y, f"sum:revenue:{first}:{y}")
        put(
            "rd_ratio_3y",
            _ratio(val("rd_spending_3y"), val("revenue_3y")),
            y,
            f"span_ratio:rd_spending:revenue:{first}:{y}",
        )
    prev = s.figures.get(y - 1, {})
    if prev.get("revenue"):
        put(
            "revenue_growth",
            _ratio(Decimal(val("revenue") or 0) - prev["revenue"], prev["revenue"])
            if val("revenue") is not None
            else None,
            y,
            f"growth:{y}",
        )
    base = s.figures.get(y - 3, {})
    put("revenue_base", base.get("revenue"), y - 3, f"yearly:{y - 3}")
    put("revenue_cagr_3y", _cagr(val("revenue"), base.get("revenue"), 3), y, f"span:revenue:{y - 3}:{y}")
    put(
        "staff_cagr_3y",
        _cagr(s.figures.get(y, {}).get("staff"), base.get("staff"), 3),
        y,
        f"span:staff:{y - 3}:{y}",
    )
