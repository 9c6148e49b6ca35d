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
from typing import Any


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
    # Who may open the pages a section's figures link to. A dashboard reader may see a figure
    # (an aggregate over the zone) without being allowed its rows: such a reader gets the figure
    # without the link, rather than a link that answers 404.
    link_readers: dict[str, Callable[[Any], bool]] = field(default_factory=dict)

    def register(self, section: str, *, links_for: Callable[[Any], bool] | None = None
                 ) -> Callable[[Provider], Provider]:
        def wrap(provider: Provider) -> Provider:
            self.providers[section] = provider
            if links_for is not None:
                self.link_readers[section] = links_for
            return provider

        return wrap

    def may_follow(self, section: str, user: Any) -> bool:
        check = self.link_readers.get(section)
        return check is None or check(user)

    def compute(self, zone_ids: frozenset[int], period: Period) -> dict[str, list[Figure]]:
        return {section: provider(zone_ids, period) for section, provider in self.providers.items()}


figure_registry = FigureRegistry()
