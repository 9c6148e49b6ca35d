"""营商环境 indicators over plain data (no ORM, no settings): each case's measures from its
recorded dates, items and fees, and the statistics of a figure.

- time: from the applicant's first submission to the final decision — working days counted
  on the zone's calendar as every clock counts them (the day of submission is not counted), and
  calendar days;
- cost: Σ the fees of the case's items − the fees of the items a regional assessment waived;
- statistics: median, mean and p90 (linear interpolation between closest ranks, the method of
  Excel's PERCENTILE.INC and numpy's default, so a reader can check a figure in a spreadsheet),
  and a histogram with "nice" bin widths.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

TWO = Decimal("0.01")
ONE = Decimal("0.1")


class Calendar(Protocol):
    def working_days_between(self, a: dt.date, b: dt.date) -> int: ...


@dataclass(frozen=True)
class CaseFacts:
    """What the database recorded of one case (a project's path to its final certificate, or
    one utility hook-up)."""

    case_id: int
    name: str
    url: str
    first_submitted: dt.date
    final_on: dt.date
    procedures: int
    fees_yuan: Decimal  # Σ fee of every item of the case
    waived_yuan: Decimal  # Σ fee of the items a regional assessment waived
    provisional: bool = False  # a day of the interval lies in a year without official schedule


@dataclass(frozen=True)
class CaseMeasures:
    facts: CaseFacts
    working_days: int
    calendar_days: int
    cost_yuan: Decimal

    def value(self, metric: str) -> Decimal:
        return Decimal(getattr(self, metric) if metric != "procedures" else self.facts.procedures)


def measure(facts: CaseFacts, calendar: Calendar) -> CaseMeasures:
    return CaseMeasures(
        facts=facts,
        working_days=calendar.working_days_between(facts.first_submitted, facts.final_on),
        calendar_days=max((facts.final_on - facts.first_submitted).days, 0),
        cost_yuan=facts.fees_yuan - facts.waived_yuan,
    )


def percentile(ordered: Sequence[Decimal], p: Decimal) -> Decimal:
    """The p-th percentile (0 ≤ p ≤ 100) of sorted values, by linear interpolation between the
    closest ranks: rank h = (n − 1)·p/100, value = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])."""
    if not ordered:
        raise ValueError("percentile of no values")
    h = (len(ordered) - 1) * Decimal(p) / 100
    lo = int(h)
    if lo + 1 >= len(ordered):
        return Decimal(ordered[-1])
    return Decimal(ordered[lo]) + (h - lo) * (Decimal(ordered[lo + 1]) - Decimal(ordered[lo]))


@dataclass(frozen=True)
class Bin:
    low: Decimal  # inclusive
    high: Decimal  # exclusive
    count: int


@dataclass(frozen=True)
class Summary:
    n: int
    median: Decimal
    mean: Decimal
    p90: Decimal
    minimum: Decimal
    maximum: Decimal
    bins: tuple[Bin, ...]


def nice_width(span: Decimal, max_bins: int = 10) -> Decimal:
    """The smallest width of 1, 2 or 5 × 10^k (at least 1: days and 元 are whole) that covers
    ``span`` in about ``max_bins`` bins (one more when the first bin starts below the minimum)."""
    if span <= 0:
        return Decimal(1)
    raw = Decimal(span) / max_bins
    exponent = math.floor(math.log10(raw))
    for base in (1, 2, 5, 10):
        width = Decimal(base) * Decimal(10) ** exponent
        if width >= raw:
            return max(width, Decimal(1))
    raise AssertionError("unreachable: 10 × 10^k ≥ raw")


def histogram(ordered: Sequence[Decimal], max_bins: int = 10) -> tuple[Bin, ...]:
    """Equal bins [low, high) from a multiple of the width at or below the minimum, so every
    value falls in exactly one bin."""
    if not ordered:
        return ()
    lo, hi = Decimal(ordered[0]), Decimal(ordered[-1])
    width = nice_width(hi - lo, max_bins)
    start = (lo / width).to_integral_value(rounding="ROUND_FLOOR") * width
    count = int(((hi - start) / width).to_integral_value(rounding="ROUND_FLOOR")) + 1
    counts = [0] * count
    for v in ordered:
        counts[int(((Decimal(v) - start) / width).to_integral_value(rounding="ROUND_FLOOR"))] += 1
    return tuple(Bin(start + i * width, start + (i + 1) * width, c) for i, c in enumerate(counts))


def summarise(values: Sequence[Decimal | int]) -> Summary | None:
    if not values:
        return None
    ordered = sorted(Decimal(v) for v in values)
    n = len(ordered)
    return Summary(
        n=n,
        median=percentile(ordered, Decimal(50)).quantize(ONE, ROUND_HALF_UP),
        mean=(sum(ordered, Decimal(0)) / n).quantize(ONE, ROUND_HALF_UP),
        p90=percentile(ordered, Decimal(90)).quantize(ONE, ROUND_HALF_UP),
        minimum=ordered[0],
        maximum=ordered[-1],
        bins=histogram(ordered),
    )


def median_of_counts(counts: Sequence[tuple[int, int]]) -> Decimal | None:
    """The median of values given as (value, how many cases) pairs sorted by value — the
    summary table's histogram — equal to ``summarise`` over the expanded values (same
    interpolation, same rounding) without expanding them."""
    pairs = [(Decimal(v), n) for v, n in counts if n > 0]
    total = sum(n for _v, n in pairs)
    if not total:
        return None
    h = (total - 1) * Decimal(50) / 100
    lo = int(h)

    def at(rank: int) -> Decimal:
        seen = 0
        for value, n in pairs:
            seen += n
            if rank < seen:
                return value
        return pairs[-1][0]

    low = at(lo)
    value = low if lo + 1 >= total else low + (h - lo) * (at(lo + 1) - low)
    return value.quantize(ONE, ROUND_HALF_UP)
