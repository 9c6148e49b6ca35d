"""Figures the leadership dashboard reads from each capability.

Each capability registers a provider that computes its figures from the data at request
time for a set of zones and a period; the dashboard never types a number in. A provider
returns named figures with units and a link to the rows behind each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Period:
    start: dt.date  # inclusive
    end: dt.date  # inclusive
    label: str = ""


@dataclass(frozen=True)
class Figure:
    key: str  # English, dotted: "approvals.avg_working_days"
    label: str  # zh-hans, for the page
    value: Decimal | int | None
    unit: str  # "个", "亿元", "工作日", "%"...
    url: str = ""  # the rows behind the figure
    formula: str = ""  # shown next to rates, e.g. "办结数 ÷ 应办结数"


Provider = Callable[[frozenset[int], Period], list[Figure]]


@dataclass
class FigureRegistry:
    providers: dict[str, Provider] = field(default_factory=dict)

    def register(self, section: str) -> Callable[[Provider], Provider]:
        def wrap(provider: Provider) -> Provider:
            self.providers[section] = provider
            return provider

        return wrap

    def compute(self, zone_ids: frozenset[int], period: Period) -> dict[str, list[Figure]]:
        return {section: provider(zone_ids, period) for section, provider in self.providers.items()}


figure_registry = FigureRegistry()
